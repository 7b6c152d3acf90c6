// The seller area's app: registers its service worker (static/js/seller-sw.js, served at
// /seller/sw.js) and tells it the page's language, for the offline page. On log-out, empties
// what it kept before the form is sent (the log-out answer's Clear-Site-Data header does the
// same where browsers support it). Without JavaScript nothing of this runs: pages work as ever.
(function () {
  var script = document.currentScript;
  if (!("serviceWorker" in navigator) || !script || !window.caches) { return; }
  var worker = script.getAttribute("data-worker");
  var scope = script.getAttribute("data-scope");

  function forget() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf("sentra-seller") === 0; })
        .map(function (name) { return caches.delete(name); }));
    });
  }

  navigator.serviceWorker.register(worker, {scope: scope}).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (registration.active) {
      registration.active.postMessage({type: "language", lang: document.documentElement.lang});
      if (!navigator.serviceWorker.controller) {
        // This page's navigation left before the worker was active and the page began to run
        // only after the worker claimed the open pages (a claim passes over pages still
        // loading): ask again, or this dashboard is not kept until some later visit.
        registration.active.postMessage({type: "claim"});
      }
    }
  }).catch(function () { /* no worker: the pages still work online */ });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-forget-offline") || form.dataset.forgotten) { return; }
    event.preventDefault();
    form.dataset.forgotten = "1";
    var wait = new Promise(function (resolve) { setTimeout(resolve, 1500); });
    Promise.race([forget(), wait]).then(function () { form.submit(); }, function () { form.submit(); });
  });
})();
