// A tablet in a group session: every few seconds, ask whether this is still the same
// person's turn. After the facilitator's "Next person" (or closing the session) the page
// reloads, and the portal then shows the start page (or "This group session has finished").
// On "This group session has finished" (data-closed), it reloads when the facilitator opens
// the session again ("Open it again", within 10 minutes of closing). A tablet the facilitator
// removed reloads onto "This tablet is out of the group session" (data-closed too: it stays).
(function () {
  "use strict";
  // The browser keeps what was chosen in a form, for Back and Forward to fill in again, and
  // offers what was typed before: on a shared tablet that would be the person before's.
  Array.prototype.forEach.call(document.forms, function (form) {
    form.setAttribute("autocomplete", "off");
  });
  var script = document.currentScript;
  var url = script && script.getAttribute("data-status-url");
  var closed = Boolean(script && script.hasAttribute("data-closed"));
  if (!url || !window.fetch) { return; }
  function check() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (state) {
        if (state && state.current === closed) {
          // the next person starts with the page quiet: "Read this page to me" was the last one's
          try { window.sessionStorage.removeItem("portal-reading-on"); } catch (e) { /* none kept */ }
          window.location.assign(window.location.pathname);
          return;
        }
        window.setTimeout(check, 5000);
      })
      .catch(function () { window.setTimeout(check, 5000); });
  }
  window.setTimeout(check, 5000);
})();
