// Turns each native audio player into one big "Listen" button. Without JavaScript the
// native players still work; this only makes them easier to press.
(function () {
  "use strict";
  var playing = null;
  function stop() {
    if (playing) {
      playing.audio.pause();
      playing.audio.currentTime = 0;
      playing.button.setAttribute("aria-pressed", "false");
      playing = null;
    }
  }
  function enhance(holder) {
    var audio = holder.querySelector("audio");
    if (!audio) { return; }
    var label = audio.getAttribute("aria-label") || "Listen";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "listen-button";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-label", label);
    var icon = document.createElement("img");
    icon.src = document.body.getAttribute("data-listen-icon");
    icon.alt = "";
    var word = document.createElement("span");
    word.className = "listen-button__word";
    word.textContent = label.split(":")[0];
    button.appendChild(icon);
    button.appendChild(word);
    button.addEventListener("click", function () {
      var wasMe = playing && playing.audio === audio;
      stop();
      if (!wasMe) {
        playing = { audio: audio, button: button };
        button.setAttribute("aria-pressed", "true");
        audio.play();
      }
    });
    audio.addEventListener("ended", function () {
      button.setAttribute("aria-pressed", "false");
      if (playing && playing.audio === audio) { playing = null; }
    });
    audio.removeAttribute("controls");
    audio.hidden = true;
    holder.appendChild(button);
    holder.className += " is-enhanced";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var holders = document.querySelectorAll(".listen");
    for (var i = 0; i < holders.length; i++) { enhance(holders[i]); }
  });
})();
