// The review page's total follows the courier chosen for each parcel. Without JavaScript the
// "Update the total" button asks the server, and an order is placed only for the total shown.
(function () {
  var summary = document.querySelector("[data-checkout-total]");
  if (!summary || !window.Intl) return;
  var form = summary.closest("form");
  var seen = form.querySelector('input[name="total_seen"]');
  var products = Number(summary.getAttribute("data-products"));
  var digits = new Intl.NumberFormat(summary.getAttribute("data-locale"), {maximumFractionDigits: 0});
  var currency = summary.getAttribute("data-currency");  // "Rp" or "IDR", as the server writes it
  function rupiah(amount) { return currency + digits.format(amount); }

  function update() {
    var total = products;
    form.querySelectorAll("input[type=radio][data-cost]:checked").forEach(function (radio) {
      var cost = Number(radio.getAttribute("data-cost"));
      total += cost;
      var cell = document.getElementById("ship-cost-" + radio.getAttribute("data-shop"));
      if (cell) cell.textContent = rupiah(cost) + " (" + radio.value + ")";
    });
    summary.querySelector("[data-testid=grand-total]").textContent = rupiah(total);
    seen.value = String(total);
  }

  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-cost")) update();
  });
  var recalculate = form.querySelector("[data-recalculate]");
  if (recalculate) recalculate.hidden = true;  // the total is always current now
})();
