// Share buttons beyond the plain WhatsApp and Facebook links: "copy link" where the clipboard
// can be used, and the phone's own share sheet (navigator.share) where the browser has one.
// Without JavaScript both stay hidden and the links still work.
(function () {
  var box = document.querySelector("[data-share]");
  if (!box) return;
  var url = box.getAttribute("data-share-url");
  var status = box.querySelector("[data-share-status]");
  function say(text) {
    status.textContent = text;
    setTimeout(function () { status.textContent = ""; }, 4000);
  }

  var copy = box.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard && window.isSecureContext) {
    copy.hidden = false;
    copy.querySelector("button").addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(
        function () { say(box.getAttribute("data-copied")); },
        function () { say(box.getAttribute("data-copy-failed")); });
    });
  }

  var native = box.querySelector("[data-native-share]");
  var data = { title: box.getAttribute("data-share-title"), text: box.getAttribute("data-share-text"), url: url };
  if (native && navigator.share && (!navigator.canShare || navigator.canShare(data))) {
    native.hidden = false;
    native.querySelector("button").addEventListener("click", function () {
      // The text already ends with the address; some apps repeat `url`, so it is left out.
      navigator.share({ title: data.title, text: data.text }).catch(function () {});
    });
  }
})();
