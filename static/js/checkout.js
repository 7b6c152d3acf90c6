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

  var feesSeen = form.querySelector('input[name="fees_seen"]');
  var feeCell = summary.querySelector("[data-testid=review-payment-fee]");

  // A fee passed on is fixed + floor(base × bps / 10 000), as orders/payment_fees.py has it.
  function feeOn(radio, base) {
    return Number(radio.getAttribute("data-fee-fixed")) +
      Math.floor(base * Number(radio.getAttribute("data-fee-bps")) / 10000);
  }

  function update() {
    var total = products;
    form.querySelectorAll("input[type=radio][data-cost]:checked").forEach(function (radio) {
      var cost = Number(radio.getAttribute("data-cost"));
      total += cost;
      var cell = document.getElementById("ship-cost-" + radio.getAttribute("data-shop"));
      if (cell) cell.textContent = rupiah(cost) + " (" + radio.value + ")";
    });
    var shown = [], chosenFee = 0;
    form.querySelectorAll("input[name=payment_method][data-fee-fixed]").forEach(function (radio) {
      var fee = feeOn(radio, total);
      var note = radio.parentNode.querySelector(".fee-amount");
      if (note) note.textContent = rupiah(fee);
      shown.push(radio.value + "=" + fee);
      if (radio.checked) chosenFee = fee;
    });
    if (feeCell) feeCell.textContent = rupiah(chosenFee);
    if (feesSeen) feesSeen.value = shown.join(",");
    summary.querySelector("[data-testid=grand-total]").textContent = rupiah(total + chosenFee);
    seen.value = String(total);
  }

  form.addEventListener("change", function (event) {
    if (event.target.hasAttribute("data-cost") || event.target.name === "payment_method") update();
  });
  var recalculate = form.querySelector("[data-recalculate]");
  if (recalculate) recalculate.hidden = true;  // the total is always current now
})();
