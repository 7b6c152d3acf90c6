// The seller app's service worker (served at /seller/sw.js by sellers/offline_app.py, which
// writes `self.SENTRA` above this: the shell's URLs, the dashboard, the offline pages).
//
// What it keeps, and nothing else:
// - the shell (stylesheet, scripts, font, icons) and the offline page in each language;
// - the last dashboard seen, from a network answer that was the dashboard itself (200, not a
//   redirect to the log-in page).
// Seller pages are fetched from the network first; only the dashboard falls back to its copy
// (after a short wait, or when the network fails), any other page to the offline page. POSTs
// and everything outside the seller area go straight to the network, untouched.
// Log-out empties every cache (Clear-Site-Data, and the page's own script); a dashboard
// request answered by a redirect (signed out) deletes the copy too.
"use strict";
var CONFIG = self.SENTRA;
var SHELL_CACHE = "sentra-seller-shell-" + CONFIG.version;
var PAGE_CACHE = "sentra-seller-pages";
var STATE_URL = "/seller/__state";
var DASHBOARD_WAIT_MS = 6000;
var SAVED_AT = "X-Sentra-Saved-At";

self.addEventListener("install", function (event) {
  var offline = Object.keys(CONFIG.offline).map(function (lang) { return CONFIG.offline[lang]; });
  event.waitUntil(
    caches.open(SHELL_CACHE)
      .then(function (cache) { return cache.addAll(CONFIG.shell.concat(offline)); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("sentra-seller-shell-") === 0 && name !== SHELL_CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forgetEverything() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf("sentra-seller") === 0; })
      .map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "language" && CONFIG.offline[data.lang]) {
    event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) {
      return cache.put(STATE_URL, new Response(JSON.stringify({lang: data.lang}),
                                               {headers: {"Content-Type": "application/json"}}));
    }));
  } else if (data.type === "claim") {
    // A seller page that started running after `activate` claimed the pages open then.
    event.waitUntil(self.clients.claim());
  } else if (data.type === "forget") {
    event.waitUntil(forgetEverything());
  }
});

function language() {
  return caches.open(PAGE_CACHE)
    .then(function (cache) { return cache.match(STATE_URL); })
    .then(function (answer) { return answer ? answer.json() : {}; })
    .then(function (state) { return CONFIG.offline[state.lang] ? state.lang : CONFIG.defaultLanguage; })
    .catch(function () { return CONFIG.defaultLanguage; });
}

function offlinePage() {
  return language().then(function (lang) {
    return caches.match(CONFIG.offline[lang], {cacheName: SHELL_CACHE});
  }).then(function (page) {
    return page || new Response("Offline", {status: 503, headers: {"Content-Type": "text/plain"}});
  });
}

function isDashboard(url) {
  return url.pathname === CONFIG.dashboard && !url.search;
}

function keepDashboard(response) {
  // Only the dashboard itself: a 200 of HTML for this address, not a redirect elsewhere.
  if (response.status !== 200 || response.redirected || response.type !== "basic" ||
      (response.headers.get("Content-Type") || "").indexOf("text/html") !== 0) {
    return Promise.resolve();
  }
  return response.clone().text().then(function (html) {
    var headers = new Headers({"Content-Type": "text/html; charset=utf-8"});
    headers.set(SAVED_AT, new Date().toISOString());
    return caches.open(PAGE_CACHE).then(function (cache) {
      return cache.put(CONFIG.dashboard, new Response(html, {headers: headers}));
    });
  });
}

function savedDashboard() {
  return caches.open(PAGE_CACHE).then(function (cache) {
    return cache.match(CONFIG.dashboard);
  }).then(function (saved) {
    if (!saved) { return null; }
    var savedAt = saved.headers.get(SAVED_AT);
    return saved.text().then(function (html) {
      var lang = (html.match(/<html lang="([a-z]+)"/) || [])[1] || CONFIG.defaultLanguage;
      var when = new Date(savedAt);
      var shown = when.toLocaleString(lang === "id" ? "id-ID" : "en-GB", {
        day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit",
        timeZoneName: "short"
      });
      html = html.replace("data-offline-notice hidden", "data-offline-notice")
        .replace("<time data-saved-at></time>",
                 '<time data-saved-at datetime="' + when.toISOString() + '">' + shown + "</time>");
      return new Response(html, {headers: {"Content-Type": "text/html; charset=utf-8"}});
    });
  });
}

function navigate(event) {
  var url = new URL(event.request.url);
  var dashboard = isDashboard(url);
  var fromNetwork = fetch(event.request).then(function (response) {
    if (dashboard) {
      if (response.type === "opaqueredirect" || response.redirected) {
        // Signed out (sent to the log-in page): the copy is no longer anyone's to read here.
        event.waitUntil(caches.open(PAGE_CACHE).then(function (c) { return c.delete(CONFIG.dashboard); }));
      } else {
        event.waitUntil(keepDashboard(response));
      }
    }
    return response;
  });
  if (!dashboard) {
    return fromNetwork.catch(offlinePage);
  }
  return savedDashboard().then(function (saved) {
    if (!saved) {
      return fromNetwork.catch(offlinePage);
    }
    // A slow network: after a short wait, the saved copy (the fetch goes on and refreshes it).
    var timer;
    var late = new Promise(function (resolve) {
      timer = setTimeout(function () { resolve(saved); }, DASHBOARD_WAIT_MS);
    });
    var network = fromNetwork.then(function (response) { clearTimeout(timer); return response; },
                                   function () { clearTimeout(timer); return saved; });
    event.waitUntil(fromNetwork.catch(function () {}));
    return Promise.race([network, late]);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    if (url.pathname.indexOf(CONFIG.dashboard) === 0) { event.respondWith(navigate(event)); }
    return;
  }
  if (CONFIG.shell.indexOf(url.pathname + url.search) !== -1) {
    event.respondWith(caches.match(request, {cacheName: SHELL_CACHE}).then(function (kept) {
      return kept || fetch(request);
    }));
  }
});
