// The facilitator's session page: fetch the progress part every few seconds and swap it in.
// Without JavaScript the page has a "Refresh this page" link instead.
(function () {
  "use strict";
  var region = document.querySelector("[data-poll-url]");
  if (!region || !window.fetch) { return; }
  var url = region.getAttribute("data-poll-url");
  var seconds = parseInt(region.getAttribute("data-poll-seconds"), 10) || 5;
  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && html !== region.innerHTML) { region.innerHTML = html; }
      })
      .catch(function () { /* offline for a moment: try again next time */ })
      .then(function () { window.setTimeout(poll, seconds * 1000); });
  }
  window.setTimeout(poll, seconds * 1000);
})();
