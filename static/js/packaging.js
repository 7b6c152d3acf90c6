// Live courier chargeable weight on the listing form (the server shows it too, after saving).
// Same rule as marketplace/catalog/packaging.py: max(packed, L×W×H/6000 kg), min 1 kg,
// rounded up unless the excess over the whole kg is at most 0.3 kg.
(function () {
  var form = document.getElementById("product-form");
  if (!form) return;
  function value(box, suffix) {
    var input = box.querySelector('[name$="-' + suffix + '"]');
    var n = input ? parseInt(input.value, 10) : NaN;
    return isNaN(n) ? 0 : n;
  }
  function chargeable(grams, l, w, h) {
    if (l && w && h) grams = Math.max(grams, Math.ceil(l * w * h * 1000 / 6000));
    var kg = Math.floor(grams / 1000), excess = grams % 1000;
    if (excess > 300) kg += 1;
    return Math.max(1, kg);
  }
  function update(box) {
    var out = box.querySelector("[data-chargeable]");
    var grams = value(box, "packed_weight_g");
    if (!out || !grams) return;
    var kg = chargeable(grams, value(box, "packed_length_cm"), value(box, "packed_width_cm"), value(box, "packed_height_cm"));
    // The sentence comes translated from the page, with 999 standing for the number.
    out.textContent = out.getAttribute("data-template").replace("999", String(kg));
  }
  form.addEventListener("input", function (event) {
    var box = event.target.closest("[data-variant]");
    if (box) update(box);
  });
})();
