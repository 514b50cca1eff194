// The facilitator's session page: every few seconds, fetch the alerts and progress again and
// change only what changed, so focus stays where it is and a screen reader is not made to read
// the page again. A new safety alert goes to the top of the list, plays a short sound (unless
// switched off), puts "(1) Safety alert" in the page title until the facilitator says they have
// seen it, and is announced once. A tablet that joins appears in the list with its time, and is
// announced politely; a warning about wrong join codes comes and goes. Without JavaScript the
// page has a "Refresh this page" link.
(function () {
  "use strict";
  var section = document.querySelector("[data-poll-url]");
  if (!section || !window.fetch || !window.DOMParser) { return; }
  var url = section.getAttribute("data-poll-url");
  var seconds = parseInt(section.getAttribute("data-poll-seconds"), 10) || 5;
  var seenKey = "portal.alertsSeen." + section.getAttribute("data-session-id");
  var soundKey = "portal.alertSound";
  var baseTitle = document.title;
  var byId = function (id) { return document.getElementById(id); };
  var alertList = byId("alert-list");
  var newBox = byId("alerts-new");
  var soundBox = byId("alert-sound");
  var announcer = byId("alert-announcer");

  function load(key, fallback) {
    try {
      var value = window.localStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) { return fallback; }
  }
  function save(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ }
  }

  // --- a short beep, made here (no sound file) ---------------------------------------------
  var audio = null;
  function audioContext() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return null; }
    if (!audio) {
      try { audio = new Context(); } catch (e) { return null; }
    }
    return audio;
  }
  function wake() {
    var context = audioContext();
    if (context && context.state === "suspended") {
      var resumed = context.resume();
      if (resumed && resumed.catch) { resumed.catch(function () {}); }
    }
  }
  function beep() {
    var context = audioContext();
    if (!context) { return; }
    wake();
    var start = context.currentTime + 0.05;
    [880, 660].forEach(function (pitch, n) {
      var at = start + n * 0.25;
      var tone = context.createOscillator();
      var volume = context.createGain();
      tone.frequency.value = pitch;
      volume.gain.setValueAtTime(0.0001, at);
      volume.gain.exponentialRampToValueAtTime(0.3, at + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, at + 0.2);
      tone.connect(volume);
      volume.connect(context.destination);
      tone.start(at);
      tone.stop(at + 0.22);
    });
  }
  // Browsers let a page make a sound only after someone has pressed something on it: until
  // then, the page says so under the "Play a sound" box.
  ["pointerdown", "pointerup", "touchend", "keydown", "click"].forEach(function (name) {
    document.addEventListener(name, wake);
  });
  function soundHint() {
    byId("alert-sound-hint").hidden = !(soundBox.checked && audio && audio.state === "suspended");
  }

  // --- which alerts are new to the facilitator ---------------------------------------------
  var seen = load(seenKey, []);
  var unseen = [];
  Array.prototype.forEach.call(alertList.children, function (item) {
    if (item.getAttribute("data-alert-state") === "open" && seen.indexOf(item.id) < 0) {
      unseen.push(item.id);
    }
  });

  function showUnseen() {
    var count = unseen.length;
    Array.prototype.forEach.call(alertList.children, function (item) {
      item.classList.toggle("session-alert--new", unseen.indexOf(item.id) >= 0);
    });
    newBox.hidden = count === 0;
    byId("alerts-new-text").textContent = count === 1
      ? "There is a new safety alert, marked “New”."
      : "There are " + count + " new safety alerts, marked “New”.";
    byId("alerts-seen").textContent = count === 1 ? "I have seen it" : "I have seen them";
    document.title = count === 0
      ? baseTitle
      : "(" + count + ") Safety alert" + (count === 1 ? "" : "s") + " – " + baseTitle;
  }

  byId("alerts-seen").addEventListener("click", function () {
    Array.prototype.forEach.call(alertList.children, function (item) {
      if (seen.indexOf(item.id) < 0) { seen.push(item.id); }
    });
    save(seenKey, seen);
    unseen = [];
    showUnseen();
    byId("alerts-heading").focus();  // the button has gone: focus stays near it
  });

  var quiet = null;
  function announce(items) {
    var words = items.map(function (item) { return item.textContent.replace(/\s+/g, " ").trim(); });
    announcer.textContent = (items.length === 1 ? "New safety alert. " : "New safety alerts. ") +
      words.join(" ");
    window.clearTimeout(quiet);
    quiet = window.setTimeout(function () { announcer.textContent = ""; }, 20000);
  }

  // --- taking what changed from the fetched copy -------------------------------------------
  function sameHidden(id, fresh) {
    var mine = byId(id);
    var theirs = fresh.getElementById(id);
    if (mine && theirs) { mine.hidden = theirs.hidden; }
  }
  function sameText(mine, theirs) {
    if (mine && theirs && mine.textContent !== theirs.textContent) {
      mine.textContent = theirs.textContent;
    }
  }
  // Items in `list` as in `freshList`, by id: missing ones are added in their place; `change`
  // updates the ones already there. Items never leave (nothing with focus is taken away).
  function mergeList(list, freshList, change) {
    var added = [];
    var items = freshList.children;
    for (var i = items.length - 1; i >= 0; i -= 1) {
      var theirs = items[i];
      var mine = byId(theirs.id);
      if (!mine) {
        mine = document.importNode(theirs, true);
        list.insertBefore(mine, i + 1 < items.length ? byId(items[i + 1].id) : null);
        added.unshift(mine);
      } else {
        change(mine, theirs);
      }
    }
    return added;
  }

  function update(fresh) {
    var freshAlerts = fresh.getElementById("alert-list");
    var freshTablets = fresh.getElementById("tablet-list");
    if (!freshAlerts || !freshTablets) { return; }  // signed out, or an error page
    var arrived = mergeList(alertList, freshAlerts, function (mine, theirs) {
      if (mine.innerHTML !== theirs.innerHTML) { mine.innerHTML = theirs.innerHTML; }
      var state = theirs.getAttribute("data-alert-state");
      if (mine.getAttribute("data-alert-state") !== state) {
        mine.setAttribute("data-alert-state", state);
        mine.className = theirs.className;
      }
    });
    sameHidden("alert-list", fresh);
    sameHidden("no-alerts", fresh);
    sameText(byId("count-started"), fresh.getElementById("count-started"));
    sameText(byId("count-finished"), fresh.getElementById("count-finished"));
    var warning = byId("join-warning");
    var freshWarning = fresh.getElementById("join-warning");
    if (warning && freshWarning && warning.innerHTML !== freshWarning.innerHTML) {
      warning.innerHTML = freshWarning.innerHTML;  // a live region: read out when it changes
    }
    var tablets = byId("tablet-list");
    if (tablets) {
      var joined = mergeList(tablets, freshTablets, function (mine, theirs) {
        sameText(byId(mine.id + "-state"), fresh.getElementById(theirs.id + "-state"));
      });
      sameHidden("tablet-list", fresh);
      sameHidden("no-tablets", fresh);
      if (joined.length && byId("tablet-announcer")) {
        byId("tablet-announcer").textContent = joined.map(function (item) {
          return byId(item.id + "-state").textContent.split(":").slice(0, 2).join(":") + ".";
        }).join(" ");
      }
    }
    if (arrived.length) {
      arrived.forEach(function (item) { unseen.push(item.id); });
      showUnseen();
      announce(arrived);
      if (soundBox.checked) { beep(); }
    } else {
      showUnseen();  // a state change (for example followed up) keeps its "new" mark
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) { update(new DOMParser().parseFromString(html, "text/html")); }
      })
      .catch(function () { /* offline for a moment: try again next time */ })
      .then(function () { window.setTimeout(poll, seconds * 1000); });
  }

  soundBox.checked = load(soundKey, true) !== false;
  soundBox.addEventListener("change", function () {
    save(soundKey, soundBox.checked);
    if (soundBox.checked) { beep(); }  // so the facilitator hears what it sounds like
    soundHint();
  });
  if (audioContext()) {
    audio.addEventListener("statechange", soundHint);
    soundHint();
  }
  byId("alerts-refresh").hidden = true;
  byId("alerts-js").hidden = false;
  showUnseen();
  window.setTimeout(poll, seconds * 1000);
})();
