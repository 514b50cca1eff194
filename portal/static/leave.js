// "Leave this page quickly" on the help page: go at once to a page that looks like nothing to
// do with help, in place of this page in the browser's history, so Back does not come back
// here. Without JavaScript the link still goes there (and Back returns to this page).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-leave]");
    if (!link) { return; }
    event.preventDefault();
    document.body.style.visibility = "hidden"; // nothing of this page stays while the next loads
    window.location.replace(link.href);
  });
})();
