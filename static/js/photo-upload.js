// Photos of the listing form go up one at a time as soon as they are chosen, while the seller
// fills in the rest, each with its progress bar and, when the connection drops, a "try again"
// button. Before sending, a photo is made what the store keeps: decoded with its EXIF
// orientation applied, drawn at most the largest size the store serves, and re-encoded as
// JPEG, which drops every piece of metadata (GPS) on the phone already. The server stores it
// as a pending photo and answers its id; the form sends the ids (hidden `pending_photo`
// inputs) instead of the files. Without JavaScript, or a photo the browser cannot decode
// (HEIC), the original goes up and the server's pipeline does the same work; it judges every
// photo either way.
(function () {
  var box = document.querySelector("[data-photo-uploader]");
  if (!box || !window.FormData || !window.XMLHttpRequest) return;
  var form = box.closest("form");
  var input = box.querySelector("input[type=file]");
  var list = box.querySelector("[data-photo-list]");
  var text = box.dataset;
  var maxWidth = +text.maxWidth || 1280;
  var maxHeight = +text.maxHeight || 2 * maxWidth;
  var canDraw = !!(window.createImageBitmap && window.HTMLCanvasElement &&
                   HTMLCanvasElement.prototype.toBlob);
  var sending = 0;  // photos being made light or sent; said in `data-uploads-pending` (bench/)

  var wait = box.querySelector("[data-photo-wait]");
  var waiting = null;  // the button that submitted the form while photos were on their way

  function busy(change) {
    sending += change;
    box.setAttribute("data-uploads-pending", String(sending));
    if (sending > 0 || !waiting) return;
    var button = waiting;
    waiting = null;
    wait.hidden = true;
    // Saved as asked once every photo is there; after a failure the seller decides.
    if (!list.querySelector("li.failed")) {
      if (form.requestSubmit) form.requestSubmit(button); else button.click();
    }
  }

  function formValue(name) {
    var field = form.querySelector("input[name=" + name + "]");
    return field ? field.value : "";
  }

  function changed() {  // form-draft.js keeps the photo ids with what was typed
    form.dispatchEvent(new Event("input", {bubbles: true}));
  }

  function lighten(file) {
    if (!canDraw) return Promise.resolve(file);
    return createImageBitmap(file, {imageOrientation: "from-image"}).then(function (bitmap) {
      var scale = Math.min(1, maxWidth / bitmap.width, maxHeight / bitmap.height);
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff";  // a transparent PNG becomes JPEG on white, not black
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingQuality = "high";
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      if (bitmap.close) bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) { resolve(blob || file); }, "image/jpeg", 0.85);
      });
    }).catch(function () { return file; });  // not decodable here: the server judges the original
  }

  function element(tag, className, content) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function removeButton(item) {
    var button = element("button", "secondary", text.remove);
    button.type = "button";
    button.setAttribute("aria-label", text.remove + ": " + item.name);
    button.addEventListener("click", function () {
      item.li.remove();
      changed();
    });
    return button;
  }

  function showSent(item, photo) {
    item.li.textContent = "";
    var image = element("img");
    image.src = photo.thumbnail;
    image.alt = "";
    image.width = 64;
    image.height = Math.round(64 * photo.height / photo.width) || 64;
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = "pending_photo";
    hidden.value = photo.id;
    hidden.dataset.name = item.name;
    hidden.dataset.thumbnail = photo.thumbnail;
    hidden.dataset.width = photo.width;
    hidden.dataset.height = photo.height;
    item.li.append(image, element("span", "photo-name", item.name), hidden, removeButton(item));
    changed();
  }

  function send(item) {
    item.status.textContent = text.sending;
    item.retry.hidden = true;
    item.progress.hidden = false;
    item.progress.value = 0;
    var data = new FormData();
    data.append("csrf_token", formValue("csrf_token"));
    data.append("shop_id", formValue("shop_id"));
    data.append("photos", item.blob, item.name);
    var request = new XMLHttpRequest();
    request.open("POST", text.uploadUrl);
    request.setRequestHeader("Accept", "application/json");
    request.upload.onprogress = function (event) {
      if (event.lengthComputable) item.progress.value = Math.round(100 * event.loaded / event.total);
    };
    function finish(answer, status) {
      if (status === 201 && answer && answer.id) {
        showSent(item, answer);
      } else {
        item.progress.hidden = true;
        item.li.classList.add("failed");
        // A photo the store refuses (not an image, too large) is not sent again: only a failed
        // connection, a busy server or the hourly allowance is worth another try.
        var refused = status === 400 && answer && answer.error;
        item.status.textContent = (answer && answer.error) || text.failed;
        item.retry.hidden = !!refused;
      }
      busy(-1);
    }
    request.onload = function () {
      var answer = null;
      try { answer = JSON.parse(request.responseText); } catch (error) { answer = null; }
      finish(answer, request.status);
    };
    request.onerror = request.ontimeout = request.onabort = function () { finish(null, 0); };
    request.send(data);
  }

  function add(file) {
    var item = {name: file.name || "foto", li: element("li")};
    item.li.setAttribute("data-pending-photo", "");
    item.progress = element("progress");
    item.progress.max = 100;
    item.progress.value = 0;
    item.progress.setAttribute("aria-label", text.progress.replace("{name}", item.name));
    item.status = element("span", "photo-status");
    item.retry = element("button", "secondary", text.retry);
    item.retry.type = "button";
    item.retry.hidden = true;
    item.retry.addEventListener("click", function () {
      item.li.classList.remove("failed");
      busy(1);
      send(item);
    });
    item.li.append(element("span", "photo-name", item.name), item.progress, item.status,
                   item.retry, removeButton(item));
    list.append(item.li);
    item.status.textContent = text.sending;
    busy(1);
    lighten(file).then(function (blob) {
      item.blob = blob;
      send(item);
    });
  }

  // Photos already sent (a form sent back for a correction) can be removed from it too.
  list.querySelectorAll("li[data-pending-photo]").forEach(function (li) {
    var hidden = li.querySelector("input[name=pending_photo]");
    li.append(removeButton({li: li, name: hidden ? hidden.dataset.name : ""}));
  });

  input.addEventListener("change", function () {
    var files = Array.prototype.slice.call(input.files || []);
    input.value = "";  // sent on their own: the form carries their ids, not the files
    files.forEach(add);
  });

  // Restored with what was typed (form-draft.js): photos already sent, by their ids.
  form.addEventListener("draft:photos", function (event) {
    var present = {};
    form.querySelectorAll("input[name=pending_photo]").forEach(function (el) { present[el.value] = true; });
    event.detail.forEach(function (photo) {
      if (present[photo.id]) return;
      var item = {name: photo.name, li: element("li")};
      item.li.setAttribute("data-pending-photo", "");
      list.append(item.li);
      showSent(item, photo);
    });
  });

  form.addEventListener("submit", function (event) {
    if (sending > 0) {  // their ids are not known yet: sent once they are
      event.preventDefault();
      waiting = event.submitter || form.querySelector("button[type=submit]:not([name])");
      wait.hidden = false;
    }
  });
})();
