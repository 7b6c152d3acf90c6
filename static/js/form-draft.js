// What a seller types in the listing form is kept on the device (localStorage) as it is typed,
// so that a dropped connection or a closed page loses nothing: on return the form offers it
// back ("Restore what you typed?"). It is kept per person, shop and form (a new listing, or the
// edit of one product: `data-draft-key`) and forgotten once the server has saved the form (the
// page after it carries `data-clear-draft`).
(function () {
  var store;
  try {
    store = window.localStorage;
    store.setItem("draft:test", "1");
    store.removeItem("draft:test");
  } catch (error) {
    return;  // private mode or storage full: the form works as before
  }
  var DAYS = 7;
  document.querySelectorAll("[data-clear-draft]").forEach(function (el) {
    store.removeItem("draft:" + el.getAttribute("data-clear-draft"));
  });
  var form = document.querySelector("form[data-draft-key]");
  if (!form) return;
  var key = "draft:" + form.dataset.draftKey;
  var SKIPPED = {csrf_token: true, shop_id: true};

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && !SKIPPED[el.name] && el.tagName !== "BUTTON" &&
        ["file", "hidden", "submit", "button", "password"].indexOf(el.type) < 0;
    });
  }

  function read() {
    var values = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox") values[el.name] = el.checked;
      else if (el.type === "radio") { if (el.checked) values[el.name] = el.value; }
      else values[el.name] = el.value;
    });
    var photos = Array.prototype.map.call(
      form.querySelectorAll("input[name=pending_photo]"), function (el) {
        return {id: el.value, name: el.dataset.name || "", thumbnail: el.dataset.thumbnail || "",
                width: +el.dataset.width || 64, height: +el.dataset.height || 64};
      });
    return {values: values, photos: photos};
  }

  function same(a, b) {
    return JSON.stringify(a.values) === JSON.stringify(b.values) &&
      JSON.stringify(a.photos.map(function (p) { return p.id; })) ===
      JSON.stringify(b.photos.map(function (p) { return p.id; }));
  }

  var shown = read();
  var kept = null;
  try { kept = JSON.parse(store.getItem(key)); } catch (error) { kept = null; }
  if (kept && (!kept.values || Date.now() - (kept.at || 0) > DAYS * 86400000)) {
    store.removeItem(key);
    kept = null;
  }

  function save() {
    var now = read();
    now.at = Date.now();
    try { store.setItem(key, JSON.stringify(now)); } catch (error) { /* full: nothing kept */ }
  }

  function restore(draft) {
    fields().forEach(function (el) {
      if (!(el.name in draft.values)) return;
      var value = draft.values[el.name];
      if (el.type === "checkbox") el.checked = !!value;
      else if (el.type === "radio") el.checked = el.value === value;
      else el.value = value;
    });
    // The scripts that follow the fields (the category's own fields, the chargeable weight).
    fields().forEach(function (el) {
      el.dispatchEvent(new Event(el.tagName === "SELECT" ? "change" : "input", {bubbles: true}));
    });
    if (draft.photos.length) form.dispatchEvent(new CustomEvent("draft:photos", {detail: draft.photos}));
    save();
  }

  if (kept && !same(kept, shown)) {
    var offer = document.createElement("div");
    offer.className = "alert draft-offer";
    offer.setAttribute("role", "status");
    var question = document.createElement("p");
    question.textContent = form.dataset.draftOffer;
    var restoreButton = document.createElement("button");
    restoreButton.type = "button";
    restoreButton.textContent = form.dataset.draftRestore;
    var discardButton = document.createElement("button");
    discardButton.type = "button";
    discardButton.className = "secondary";
    discardButton.textContent = form.dataset.draftDiscard;
    offer.append(question, restoreButton, " ", discardButton);
    form.parentNode.insertBefore(offer, form);
    restoreButton.addEventListener("click", function () {
      offer.remove();
      restore(kept);
    });
    discardButton.addEventListener("click", function () {
      offer.remove();
      store.removeItem(key);
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(save, 300);
  }
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  window.addEventListener("pagehide", function () { if (timer) save(); });
})();
