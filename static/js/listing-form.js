// The listing form shows only the fields of the chosen category's kind (tenun, packaged food):
// the server renders them for the category it was sent; this switches them as soon as the
// category changes, so the "show the fields" button (for browsers without JavaScript) is not
// needed. Hidden fields are ignored when the listing is saved.
(function () {
  var form = document.getElementById("product-form");
  var select = form && form.querySelector("select[name=category]");
  if (!select) return;
  var button = form.querySelector("[data-show-fields]");
  if (button) button.hidden = true;
  function update() {
    var option = select.options[select.selectedIndex];
    var kind = option ? option.getAttribute("data-kind") : null;
    form.querySelectorAll("fieldset[data-kind]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.getAttribute("data-kind") !== kind;
    });
  }
  select.addEventListener("change", update);
  update();
})();
