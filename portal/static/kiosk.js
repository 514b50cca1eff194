// A tablet in a group session: every few seconds, ask whether this is still the same
// person's turn. After the facilitator's "Next person" (or closing the session) the page
// reloads, and the portal then shows the start page (or "This group session has finished").
(function () {
  "use strict";
  // The browser keeps what was chosen in a form, for Back and Forward to fill in again, and
  // offers what was typed before: on a shared tablet that would be the person before's.
  Array.prototype.forEach.call(document.forms, function (form) {
    form.setAttribute("autocomplete", "off");
  });
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status-url");
  if (!url || !window.fetch) { return; }
  function check() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.current === false) { window.location.assign(window.location.pathname); return; }
        window.setTimeout(check, 5000);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 5000);
})();
