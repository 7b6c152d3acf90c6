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
