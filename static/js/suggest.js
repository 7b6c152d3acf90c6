// Suggestions for the search boxes, as a <datalist> filled while the buyer types.
// Without JavaScript the boxes are ordinary search fields that submit to the search page.
(function () {
  var source = document.querySelector("[data-suggest-url]");
  if (!source || !window.fetch) return;
  var url = source.getAttribute("data-suggest-url");
  var boxes = document.querySelectorAll('form[role="search"] input[name="q"]');
  Array.prototype.forEach.call(boxes, function (box, n) {
    var list = document.createElement("datalist");
    list.id = "search-suggestions-" + n;
    box.parentNode.appendChild(list);
    box.setAttribute("list", list.id);
    var timer = null, pending = null, last = "";
    function show(words) {
      list.textContent = "";
      words.forEach(function (word) {
        var option = document.createElement("option");
        option.value = word;  // text, never markup
        list.appendChild(option);
      });
    }
    function ask() {
      var q = box.value;
      if (q === last) return;
      last = q;
      if (q.trim().length < 2) { show([]); return; }
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      fetch(url + "?q=" + encodeURIComponent(q), {signal: pending ? pending.signal : undefined,
                                                    headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : {suggestions: []}; })
        .then(function (data) { if (box.value === q) show(data.suggestions || []); })
        .catch(function () {});  // offline or aborted: the box still works
    }
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 200);  // not one request per key on a slow connection
    });
  });
})();
