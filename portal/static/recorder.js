// "Tell us more" by voice: Record, Stop, Listen, Send in the browser (MediaRecorder).
// Without JavaScript, or in a browser that cannot record, the page keeps its file field,
// which opens the phone's own recorder. Send puts the recording into that same file field
// and the form is sent as it is, with the words typed above it and the CSRF token.
// Playback goes through Web Audio, because the page's rules allow no blob: addresses.
(function () {
  "use strict";
  var TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus"];

  function canRecord() {
    return !!(window.MediaRecorder && navigator.mediaDevices &&
      navigator.mediaDevices.getUserMedia && window.DataTransfer && window.File);
  }

  function chooseType() {
    if (!MediaRecorder.isTypeSupported) { return ""; }
    for (var i = 0; i < TYPES.length; i++) {
      if (MediaRecorder.isTypeSupported(TYPES[i])) { return TYPES[i]; }
    }
    return "";
  }

  function extension(type) {
    if (type.indexOf("mp4") !== -1) { return "m4a"; }
    if (type.indexOf("ogg") !== -1) { return "ogg"; }
    return "webm";
  }

  function setUp(holder) {
    var form = holder.closest("form");
    var input = holder.querySelector("input[type=file]");
    var controls = holder.querySelector("[data-recorder-controls]");
    var record = holder.querySelector("[data-recorder-record]");
    var stop = holder.querySelector("[data-recorder-stop]");
    var listen = holder.querySelector("[data-recorder-listen]");
    var maxSeconds = parseFloat(holder.getAttribute("data-max-seconds")) || 120;
    var recorder = null;
    var chunks = [];
    var recording = null; // the finished recording, a File
    var timer = null;
    var player = null;

    function show(state) {
      var states = holder.querySelectorAll("[data-recorder-state]");
      for (var i = 0; i < states.length; i++) {
        states[i].hidden = states[i].getAttribute("data-recorder-state") !== state;
      }
    }

    function stopPlaying() {
      if (player) {
        try { player.source.stop(); } catch (e) { /* already ended */ }
        player.context.close();
        player = null;
      }
      listen.setAttribute("aria-pressed", "false");
    }

    record.addEventListener("click", function () {
      stopPlaying();
      navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
        var type = chooseType();
        recorder = type ? new MediaRecorder(stream, { mimeType: type }) : new MediaRecorder(stream);
        chunks = [];
        recorder.addEventListener("dataavailable", function (event) {
          if (event.data && event.data.size) { chunks.push(event.data); }
        });
        recorder.addEventListener("stop", function () {
          var used = recorder.mimeType || type || "audio/webm";
          stream.getTracks().forEach(function (track) { track.stop(); });
          recording = new File(chunks, "recording." + extension(used), { type: used });
          holder.setAttribute("data-recorded", String(recording.size));
          record.disabled = false;
          stop.disabled = true;
          listen.disabled = false;
          show(timer === "full" ? "too-long" : "recorded");
          timer = null;
          listen.focus();
        });
        recorder.start(1000);
        holder.setAttribute("data-recording", "");
        record.disabled = true;
        stop.disabled = false;
        listen.disabled = true;
        show("recording");
        stop.focus();
        timer = window.setTimeout(function () {
          timer = "full";
          recorder.stop();
        }, maxSeconds * 1000);
      }).catch(function () {
        show("no-microphone");
        record.disabled = true;
        holder.querySelector("[data-recorder-file]").hidden = false;
      });
    });

    stop.addEventListener("click", function () {
      if (recorder && recorder.state !== "inactive") {
        window.clearTimeout(timer);
        timer = null;
        holder.removeAttribute("data-recording");
        recorder.stop();
      }
    });

    listen.addEventListener("click", function () {
      if (player) { stopPlaying(); return; }
      if (!recording) { return; }
      var Context = window.AudioContext || window.webkitAudioContext;
      var context = new Context();
      recording.arrayBuffer().then(function (data) {
        return context.decodeAudioData(data);
      }).then(function (decoded) {
        var source = context.createBufferSource();
        source.buffer = decoded;
        source.connect(context.destination);
        source.addEventListener("ended", stopPlaying);
        player = { context: context, source: source };
        listen.setAttribute("aria-pressed", "true");
        source.start();
      }).catch(function () { context.close(); });
    });

    // Whichever button sends the form, a recording made here goes with it.
    form.addEventListener("submit", function () {
      if (recording) {
        var files = new DataTransfer();
        files.items.add(recording);
        input.files = files.files;
      }
    });

    holder.querySelector("[data-recorder-file]").hidden = true;
    listen.setAttribute("aria-pressed", "false");
    controls.hidden = false;
    show("ready");
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!canRecord()) { return; }
    var holders = document.querySelectorAll("[data-recorder]");
    for (var i = 0; i < holders.length; i++) { setUp(holders[i]); }
  });
})();
