// The pay page follows its order: when the payment has reached the store, the order page is
// shown. Without JavaScript, "Check again" reloads the page, which does the same.
(function () {
  var section = document.querySelector("[data-payment-status]");
  if (!section || !window.fetch) return;
  var url = section.getAttribute("data-payment-status");
  var paidUrl = section.getAttribute("data-paid-url");
  var tries = 0;
  function check() {
    tries += 1;
    fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (answer) { return answer.ok ? answer.json() : {status: "waiting"}; })
      .then(function (body) {
        if (body.status !== "waiting") { window.location.assign(paidUrl); return; }
        schedule();
      }, schedule);
  }
  function schedule() {
    // Every 3 s for the first minutes, then every 15 s: a buyer may take a while at an ATM.
    setTimeout(check, tries < 60 ? 3000 : 15000);
  }
  schedule();
})();
