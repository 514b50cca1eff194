// One way to listen. Without JavaScript every sentence keeps the browser's own player.
// With it:
// - "Read this page to me" (a button put at the top of the page) plays the page's clips in
//   order, outlining the sentence being read; pressed again, it stops. Once pressed, the next
//   pages read themselves (kept for this visit in sessionStorage) until it is pressed to stop.
// - each player becomes a small speaker button beside its sentence, or goes away, by preference;
// - tapping an answer says it (a preference, on by default).
(function () {
  "use strict";
  var READING_ON = "portal-reading-on";
  var GAP_MS = 300; // a pause between sentences
  var run = null; // what is playing now: {steps, i, onEnd}

  function remember(on) {
    try {
      if (on) { window.sessionStorage.setItem(READING_ON, "1"); }
      else { window.sessionStorage.removeItem(READING_ON); }
    } catch (e) { /* storage refused: reading simply does not carry on */ }
  }
  function remembered() {
    try { return window.sessionStorage.getItem(READING_ON) === "1"; } catch (e) { return false; }
  }

  // The element a clip reads: named by data-reads, else the element just before the clip
  // (the sentence, the answer's card, the button), looking up past wrappers that hold only it.
  function sentenceOf(holder) {
    var id = holder.getAttribute("data-reads");
    if (id && document.getElementById(id)) { return document.getElementById(id); }
    var el = holder;
    while (!el.previousElementSibling && el.parentElement && el.parentElement.id !== "main") {
      el = el.parentElement;
    }
    return el.previousElementSibling || holder.parentElement;
  }

  function mark(step, on) {
    if (!step || !step.sentence) { return; }
    if (on) {
      step.sentence.classList.add("is-being-read");
      step.sentence.setAttribute("aria-current", "true");
      if (step.sentence.scrollIntoView) { step.sentence.scrollIntoView({ block: "nearest" }); }
    } else {
      step.sentence.classList.remove("is-being-read");
      step.sentence.removeAttribute("aria-current");
    }
  }

  function stop() {
    var r = run;
    if (!r) { return; }
    run = null;
    var step = r.steps[r.i];
    if (step) {
      step.audio.pause();
      step.audio.currentTime = 0;
      mark(step, false);
    }
    if (r.onEnd) { r.onEnd("stopped"); }
  }

  function advance(r) {
    if (run !== r) { return; }
    mark(r.steps[r.i], false);
    r.i += 1;
    if (r.i >= r.steps.length) {
      run = null;
      if (r.onEnd) { r.onEnd("finished"); }
      return;
    }
    var step = r.steps[r.i];
    mark(step, true);
    var playing = step.audio.play();
    if (playing && playing.catch) {
      playing.catch(function (error) {
        if (run !== r || r.steps[r.i] !== step) { return; }
        if (error && error.name === "NotAllowedError") { // the browser will not play by itself
          mark(step, false);
          run = null;
          if (r.onEnd) { r.onEnd("refused"); }
        } else if (!error || error.name !== "AbortError") {
          advance(r);
        }
      });
    }
  }

  // Play steps ({audio, sentence}) one after another; onEnd("finished"|"stopped"|"refused").
  function play(steps, onEnd) {
    stop();
    if (!steps.length) { if (onEnd) { onEnd("finished"); } return; }
    var r = run = { steps: steps, i: -1, onEnd: onEnd };
    advance(r);
  }

  function stepsOf(holder, withSentence) {
    var sentence = withSentence ? sentenceOf(holder) : null;
    var audios = holder.querySelectorAll("audio");
    var steps = [];
    for (var i = 0; i < audios.length; i++) { steps.push({ audio: audios[i], sentence: sentence }); }
    return steps;
  }

  function whenEnded(audio) {
    function next() {
      var r = run;
      if (r && r.steps[r.i] && r.steps[r.i].audio === audio) {
        window.setTimeout(function () { advance(r); }, GAP_MS);
      }
    }
    audio.addEventListener("ended", next);
    audio.addEventListener("error", next);
  }

  function speakerButton(holder) {
    var first = holder.querySelector("audio");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "listen-button";
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-label", holder.getAttribute("data-label") ||
      first.getAttribute("aria-label") || "Listen");
    var icon = document.createElement("img");
    icon.src = document.body.getAttribute("data-listen-icon");
    icon.alt = "";
    button.appendChild(icon);
    button.addEventListener("click", function () {
      var mine = run && run.button === button;
      stop();
      if (mine) { return; }
      button.setAttribute("aria-pressed", "true");
      play(stepsOf(holder, true), function () { button.setAttribute("aria-pressed", "false"); });
      if (run) { run.button = button; }
    });
    return button;
  }

  function enhance(holder, withButton) {
    var audios = holder.querySelectorAll("audio");
    if (!audios.length) { return; }
    for (var i = 0; i < audios.length; i++) {
      audios[i].removeAttribute("controls");
      audios[i].removeAttribute("autoplay"); // the page reader plays instead, in order
      audios[i].pause();
      audios[i].hidden = true;
      whenEnded(audios[i]);
    }
    if (withButton) { holder.appendChild(speakerButton(holder)); }
    holder.classList.add("is-enhanced");
  }

  function pageReader(main, holders) {
    var template = document.getElementById("read-page");
    if (!template || !template.content || !holders.length) { return null; }
    var button = template.content.firstElementChild.cloneNode(true);
    main.insertBefore(button, main.firstChild);
    function shown(holder) { return holder.offsetParent !== null || holder.getClientRects().length; }
    function read() {
      var steps = [];
      for (var i = 0; i < holders.length; i++) {
        if (shown(sentenceOf(holders[i])) || shown(holders[i])) {
          steps = steps.concat(stepsOf(holders[i], true));
        }
      }
      button.setAttribute("aria-pressed", "true");
      play(steps, function (how) {
        button.setAttribute("aria-pressed", "false");
        if (how === "stopped" && reader.stoppedByMe) { remember(false); }
        reader.stoppedByMe = false;
      });
      if (run) { run.reader = true; }
    }
    var reader = { button: button, read: read, stoppedByMe: false };
    button.addEventListener("click", function () {
      if (run && run.reader) {
        reader.stoppedByMe = true;
        stop();
      } else {
        remember(true);
        read();
      }
    });
    return reader;
  }

  function sayAnswers(main) {
    if (document.body.getAttribute("data-say-answer") === "off") { return; }
    main.addEventListener("click", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches(".choice input[type=radio]")) { return; }
      var holder = input.closest(".choice").querySelector(".listen");
      if (holder) { play(stepsOf(holder, false)); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("main");
    if (!main) { return; }
    var withButtons = document.body.getAttribute("data-listen-buttons") !== "none";
    var holders = Array.prototype.slice.call(main.querySelectorAll(".listen"));
    holders = holders.filter(function (holder) { return holder.querySelector("audio"); });
    for (var i = 0; i < holders.length; i++) { enhance(holders[i], withButtons); }
    var reader = pageReader(main, holders);
    sayAnswers(main);
    var byItself = document.body.getAttribute("data-read-by-itself") === "on";
    if (reader && (remembered() || byItself)) { reader.read(); }
  });
})();
