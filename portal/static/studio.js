/* The studio's easy-read check as the editor types: after a pause in typing, the text box's
   words go to the server (the same rules `flask content check` applies) and what they break is
   shown under the box. The form is checked again when it is sent, so nothing depends on this. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-check-url]");
  if (!form) { return; }
  var url = form.getAttribute("data-check-url");
  var token = form.querySelector("input[name=csrf_token]");

  function check(box) {
    var live = document.getElementById(box.id + "-live");
    if (!live) { return; }
    var body = new FormData();
    body.append("csrf_token", token ? token.value : "");
    body.append("text", box.value);
    body.append("lang", box.getAttribute("lang") || "en");
    body.append("kind", box.getAttribute("data-check") || "text");
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : []; })
      .then(function (found) {
        live.textContent = found.length ? found.join(" ") : (box.value.trim() ? "Easy read: no problems found." : "");
        live.classList.toggle("studio-live--problem", found.length > 0);
      })
      .catch(function () { live.textContent = ""; });
  }

  Array.prototype.forEach.call(form.querySelectorAll("[data-check]"), function (box) {
    if (box.getAttribute("data-check") === "plain") { return; }
    var timer = null;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { check(box); }, 600);
    });
  });
}());
