// Copy buttons for the numbers a buyer types into a banking app (account number, amount).
// Without JavaScript there are no buttons: the numbers are ordinary, selectable text.
(function () {
  var values = document.querySelectorAll("[data-copy]");
  if (!values.length) return;
  var holder = document.querySelector("[data-copied]");
  var copied = holder ? holder.getAttribute("data-copied") : "OK";
  var failed = holder ? holder.getAttribute("data-copy-failed") : "";

  function select(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  Array.prototype.forEach.call(values, function (value) {
    var button = document.createElement("button");
    var label = value.getAttribute("data-copy-label");
    button.type = "button";
    button.className = "copy secondary";
    button.textContent = label;
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    value.parentNode.appendChild(button);
    value.parentNode.appendChild(status);
    button.addEventListener("click", function () {
      var text = value.getAttribute("data-copy");
      var done = function () { status.textContent = copied; };
      // The clipboard needs a secure page (HTTPS) and the browser's consent; otherwise the
      // number is selected, ready for the phone's own "copy".
      var fallback = function () { select(value); status.textContent = failed; };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, fallback);
      } else {
        fallback();
      }
      setTimeout(function () { status.textContent = ""; }, 4000);
    });
  });
})();
