// Site-wide: the header's cart count from the `cart_count` cookie (orders/cart_badge.py), and "add to
// cart" without leaving the product page. Without JavaScript the form posts and redirects.
(function () {
  function count() {
    var m = document.cookie.match(/(?:^|; )cart_count=(\d+)/);
    return m ? +m[1] : 0;
  }
  function show() {
    var n = count();
    document.querySelectorAll("[data-cart-count]").forEach(function (el) {
      el.textContent = n > 0 ? n : "";
      el.hidden = !(n > 0);
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    show();
    var form = document.querySelector("form[data-add-to-cart]");
    var status = document.getElementById("added-status");
    if (form && status && window.fetch) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var button = form.querySelector("button[type=submit]");
        button.disabled = true;
        fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
          .then(function (response) { return response.text(); })
          .then(function (html) {
            // The confirmation (or the reason it failed) is the message the cart page shows.
            var page = new DOMParser().parseFromString(html, "text/html");
            var flash = page.querySelector(".flashes .flash");
            status.textContent = flash ? flash.textContent : status.dataset.done;
            status.className = "flash " + (flash ? flash.className.replace("flash", "") : "success");
            status.hidden = false;
            show();
          })
          .catch(function () { form.submit(); })
          .finally(function () { button.disabled = false; });
      });
    }
    // Product page: the shipping estimate (orders/estimate_routes.py) under its form, for the
    // province chosen now or remembered in the `ship_to` cookie; without JavaScript the form
    // opens the estimate's own page.
    var ship = document.querySelector("form[data-ship-estimate]");
    if (ship && window.fetch) {
      var result = ship.querySelector("[data-ship-result]");
      var select = ship.querySelector("select");
      var estimate = function () {
        if (!select.value) { result.textContent = ""; return; }
        fetch(ship.action + "?fragment=1&province=" + encodeURIComponent(select.value),
              {credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { result.innerHTML = html; })
          .catch(function () { ship.submit(); });
      };
      ship.addEventListener("submit", function (event) { event.preventDefault(); estimate(); });
      select.addEventListener("change", estimate);
      var remembered = document.cookie.match(/(?:^|; )ship_to=([^;]+)/);
      if (remembered) {
        select.value = decodeURIComponent(remembered[1]);
        estimate();
      }
    }
    // A province narrows its regencies as soon as it is chosen: a regency <select> keeps the
    // chosen province's group (every group when none), a <datalist> suggests its regencies.
    // Without JavaScript the server narrows the list when the form is sent.
    document.querySelectorAll("select[data-narrows]").forEach(function (province) {
      var target = document.getElementById(province.dataset.narrows);
      var regencies = JSON.parse(province.dataset.regencies || "{}");
      if (!target) { return; }
      province.addEventListener("change", function () {
        var chosen = province.value;
        if (target.tagName === "DATALIST") {
          target.replaceChildren.apply(target, (regencies[chosen] || []).map(function (name) {
            return new Option("", name);
          }));
          return;
        }
        var kept = target.value;
        var items = [target.options[0]];  // "All regions"
        (chosen ? [chosen] : Object.keys(regencies)).forEach(function (name) {
          var group = document.createElement("optgroup");
          group.label = name;
          (regencies[name] || []).forEach(function (regency) {
            group.appendChild(new Option(regency, regency, false, regency === kept));
          });
          items.push(group);
        });
        target.replaceChildren.apply(target, items);
      });
    });
    // Listing pages: the filter drawer starts open beside the results on a wide screen; the
    // sort select applies itself (its button is for pages without JavaScript).
    if (window.matchMedia("(min-width: 60rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (d) { d.open = true; });
    }
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      var initial = select.value;
      select.addEventListener("change", function () {
        if (select.value !== initial) { select.form.requestSubmit(); }
      });
    });
    document.querySelectorAll("[data-nojs]").forEach(function (el) { el.hidden = true; });
    // Hearts: shared pages carry the same form for everyone; the visitor's own favourites are
    // asked for (catalog/favourite_routes.py) only when the `favourites` cookie says there are some.
    var hearts = document.querySelectorAll("form.fav");
    if (hearts.length && /(?:^|; )favourites=1/.test(document.cookie) && window.fetch) {
      fetch("/account/favourites/ids", {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {ids: []}; })
        .then(function (mine) {
          hearts.forEach(function (form) {
            var id = +(form.getAttribute("action").match(/\/favourites\/(\d+)/) || [])[1];
            if (mine.ids.indexOf(id) < 0) { return; }
            form.action = mine.remove_action.replace("/0/", "/" + id + "/");
            // A toggle: pressed means kept, and pressing it again takes it back (its name stays,
            // as a toggle button's should).
            form.querySelector("button").setAttribute("aria-pressed", "true");
          });
        })
        .catch(function () {});
    }
    // Cart page: quantities save as soon as they change; the button stays for no-JS.
    document.querySelectorAll("form[data-autosave] input.qty").forEach(function (input) {
      input.addEventListener("change", function () { input.form.requestSubmit(); });
    });
    document.querySelectorAll("[data-step]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var input = document.getElementById(button.getAttribute("aria-controls"));
        var next = Math.max(0, (+input.value || 0) + (+button.dataset.step));
        if (input.max) { next = Math.min(next, +input.max); }
        input.value = next;
        input.form.requestSubmit();
      });
    });
  });
})();
