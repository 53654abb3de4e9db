/*
 * HomeGym live workout: the rest timer, and calculator errors swapped in place.
 *
 * The timer keeps its END time (wall clock, ms) in localStorage, so it stays
 * right on a phone that slept in a pocket, after a reload and after the
 * browser was closed. It starts on the htmx event "rest-start" (the server
 * sends HX-Trigger: {"rest-start": {"seconds": N}}; htmx 2 puts that object
 * in event.detail) or on a click on [data-rest-start][data-seconds].
 * Markup: workouts/_rest_timer.html. Loaded with "defer"; no inline code.
 */
(function () {
  "use strict";

  const STORE_KEY = "homegym.rest";
  const TICK_MS = 250;
  const OVER_MS = 4000;
  const MAX_SECONDS = 60 * 60;
  const BEEP_HZ = 880;

  // Falls back to memory where storage is blocked (some private modes).
  let memory = null;
  let memoryOnly = false;
  let ticking = null;
  let overTimer = null;
  let audio = null;

  function load() {
    let saved = memory;
    if (!memoryOnly) {
      try {
        saved = JSON.parse(localStorage.getItem(STORE_KEY) || "null");
      } catch (error) {
        saved = null;
      }
    }
    return saved && saved.end > 0 && saved.total > 0 ? saved : null;
  }

  function save(state) {
    memory = state;
    try {
      if (state) {
        localStorage.setItem(STORE_KEY, JSON.stringify(state));
      } else {
        localStorage.removeItem(STORE_KEY);
      }
    } catch (error) {
      // Storage refused: the timer still runs for this page.
      memoryOnly = true;
    }
  }

  function parts() {
    const bar = document.getElementById("rest-timer");
    if (!bar) {
      return null;
    }
    return {
      bar: bar,
      time: document.getElementById("rest-timer-time"),
      progress: document.getElementById("rest-timer-progress"),
    };
  }

  function format(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    const rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  // Draw the time left; at zero, ring once.
  function render() {
    const state = load();
    const view = parts();
    if (!state) {
      stopTicking();
      return;
    }
    const left = state.end - Date.now();
    if (left <= 0) {
      finish();
      return;
    }
    if (view) {
      clearTimeout(overTimer);
      view.bar.hidden = false;
      view.bar.classList.remove("rest-timer-over");
      view.time.setAttribute("aria-live", "off");
      view.time.textContent = format(left);
      if (view.progress) {
        view.progress.value = Math.min(1, left / (state.total * 1000));
      }
    }
  }

  function startTicking() {
    if (ticking === null) {
      ticking = setInterval(render, TICK_MS);
    }
    render();
  }

  function stopTicking() {
    if (ticking !== null) {
      clearInterval(ticking);
      ticking = null;
    }
  }

  function hide() {
    const view = parts();
    if (view) {
      view.bar.hidden = true;
      view.bar.classList.remove("rest-timer-over");
      view.time.setAttribute("aria-live", "off");
    }
  }

  // Rest is over: buzz, beep, say so for a moment, then get out of the way.
  function finish() {
    save(null);
    stopTicking();
    const view = parts();
    if (!view) {
      return;
    }
    if (navigator.vibrate) {
      navigator.vibrate([200, 100, 200]);
    }
    beep();
    view.bar.hidden = false;
    view.bar.classList.add("rest-timer-over");
    view.time.setAttribute("aria-live", "polite");
    view.time.textContent = view.bar.dataset.msgOver || "";
    if (view.progress) {
      view.progress.value = 0;
    }
    clearTimeout(overTimer);
    overTimer = setTimeout(hide, OVER_MS);
  }

  // Browsers only allow sound from an audio context made during a user gesture.
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) {
      try {
        audio = new Context();
      } catch (error) {
        audio = null;
      }
    }
    if (audio && audio.state === "suspended") {
      audio.resume().catch(() => {});
    }
  }

  function beep() {
    if (!audio) {
      return;
    }
    if (audio.state === "suspended") {
      audio.resume().catch(() => {});
    }
    const now = audio.currentTime;
    [0, 0.3].forEach((offset) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = BEEP_HZ;
      gain.gain.setValueAtTime(0.0001, now + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, now + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.2);
      tone.connect(gain);
      gain.connect(audio.destination);
      tone.start(now + offset);
      tone.stop(now + offset + 0.22);
    });
  }

  function start(seconds) {
    const total = Math.round(Number(seconds));
    if (!(total > 0)) {
      return;
    }
    const capped = Math.min(total, MAX_SECONDS);
    save({ end: Date.now() + capped * 1000, total: capped });
    startTicking();
  }

  function stop() {
    save(null);
    stopTicking();
    clearTimeout(overTimer);
    hide();
  }

  // Adjusting past zero ends the rest quietly, as a skip would.
  function adjust(seconds) {
    const state = load();
    if (!state) {
      return;
    }
    const end = state.end + seconds * 1000;
    if (end <= Date.now()) {
      stop();
      return;
    }
    const left = (end - Date.now()) / 1000;
    save({ end: end, total: Math.max(state.total + seconds, left) });
    render();
  }

  document.body.addEventListener("rest-start", (event) => {
    const detail = event.detail || {};
    start(detail.seconds !== undefined ? detail.seconds : detail.value);
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest(
      "[data-rest-start], [data-rest-adjust], [data-rest-skip]"
    );
    if (!button) {
      return;
    }
    if (button.hasAttribute("data-rest-start")) {
      start(button.dataset.seconds);
    } else if (button.hasAttribute("data-rest-adjust")) {
      adjust(Number(button.dataset.restAdjust) || 0);
    } else {
      stop();
    }
  });

  // The first tap anywhere makes the audio context, ready for the beep. These
  // are the events that count as a user gesture on phones and desktops alike.
  ["touchend", "click", "keydown"].forEach((name) => {
    document.addEventListener(name, unlockAudio, { capture: true });
  });

  // A phone waking up, or another tab starting or stopping the timer.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) {
      render();
    }
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== STORE_KEY) {
      return;
    }
    if (load()) {
      startTicking();
    } else {
      stopTicking();
      hide();
    }
  });

  // Buttons that only work with this script are shown by it.
  document.querySelectorAll("[data-rest-starters]").forEach((element) => {
    element.hidden = false;
  });

  // Resume a rest that was running before the reload; drop one that ended.
  const saved = load();
  if (saved && saved.end > Date.now()) {
    startTicking();
  } else if (saved) {
    save(null);
  }

  window.HomeGymRest = Object.freeze({ start: start, stop: stop });
})();
