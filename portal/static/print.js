// "Print my code": shown only where JavaScript runs (without it, the browser's own Print
// menu prints the same: the print stylesheet shows just the code's pictures and words).
document.querySelectorAll(".code-print").forEach(function (row) {
  row.hidden = false;
  row.querySelector("[data-print]").addEventListener("click", function () {
    window.print();
  });
});
