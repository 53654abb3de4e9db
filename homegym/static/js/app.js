/*
 * HomeGym page script: toasts, the offline banner and the service worker.
 * Loaded with "defer", so the document is parsed when it runs. Every text it
 * shows comes from the server (data-msg-* on <body>), already translated.
 */
(function () {
  "use strict";

  const body = document.body;
  const TOAST_MS = 4000;
  const ERROR_TOAST_MS = 7000;

  // Show a short message at the bottom of the screen; it leaves by itself.
  function showToast(message, level) {
    const box = document.getElementById("toasts");
    if (!box || !message) {
      return;
    }
    const kind = level || "success";
    const toast = document.createElement("div");
    toast.className = "toast toast-" + kind;
    toast.setAttribute("role", kind === "error" ? "alert" : "status");

    const text = document.createElement("p");
    text.textContent = message;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", body.dataset.msgDismiss || "");

    toast.append(text, close);
    box.append(toast);

    const remove = () => {
      toast.classList.add("leaving");
      setTimeout(() => toast.remove(), 250);
    };
    close.addEventListener("click", remove);
    setTimeout(remove, kind === "error" ? ERROR_TOAST_MS : TOAST_MS);
  }

  // The server sends {"toast": {"message": ..., "level": ...}} in HX-Trigger.
  document.addEventListener("toast", (event) => {
    const detail = event.detail || {};
    showToast(detail.message, detail.level);
  });

  // An error the server marks for showing in place (the coach away for now,
  // 503) is swapped in like a 422 refusal instead of ending in a toast.
  document.addEventListener("htmx:beforeSwap", (event) => {
    if (event.detail.xhr.getResponseHeader("X-HomeGym-Swap") === "true") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // A failed htmx request gets a generic toast, unless the server sent its own.
  document.addEventListener("htmx:responseError", (event) => {
    const trigger = event.detail.xhr.getResponseHeader("HX-Trigger") || "";
    if (!trigger.includes("toast")) {
      showToast(body.dataset.msgError, "error");
    }
  });

  // No answer at all: most likely the network is gone.
  document.addEventListener("htmx:sendError", () => {
    showToast(body.dataset.msgOffline, "error");
  });

  // Parts that need htmx (the exercise search) ship hidden; show them, also in
  // content htmx swaps in later. Without scripts the plain forms do the work.
  function revealScripted(root) {
    if (typeof htmx !== "object" || !root.querySelectorAll) {
      return;
    }
    if (root.matches && root.matches("[data-js-only]")) {
      root.hidden = false;
    }
    root.querySelectorAll("[data-js-only]").forEach((element) => {
      element.hidden = false;
    });
  }
  revealScripted(document);
  document.addEventListener("htmx:load", (event) => revealScripted(event.detail.elt));

  // The tab bar's "More" menu closes on a tap elsewhere or on Escape, as a
  // menu does; without scripts a second tap on "More" closes it.
  const more = document.querySelector("[data-more]");
  if (more) {
    document.addEventListener("click", (event) => {
      if (more.open && !more.contains(event.target)) {
        more.open = false;
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && more.open) {
        more.open = false;
        more.querySelector("summary").focus();
      }
    });
  }

  // The banner follows the browser's idea of being online.
  const banner = document.getElementById("offline-banner");
  function showConnection() {
    if (banner) {
      banner.hidden = navigator.onLine;
    }
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  // A new worker calls skipWaiting() once installed, but Chromium leaves it
  // waiting for good when the old one was busy at that moment (a sync on the
  // wire, a burst of fetches): ask it again whenever one is seen waiting.
  // Not while the page is loading: Chromium stops the old worker the moment
  // the new one takes over, failing the page's scripts still coming through it.
  function nudge(registration) {
    if (document.readyState !== "complete") {
      window.addEventListener("load", () => nudge(registration), { once: true });
      return;
    }
    if (registration.waiting) {
      registration.waiting.postMessage({ type: "skip-waiting" });
    }
  }

  function watch(registration) {
    nudge(registration);
    registration.addEventListener("updatefound", () => {
      const worker = registration.installing;
      worker?.addEventListener("statechange", () => nudge(registration));
    });
    document.addEventListener("visibilitychange", () => nudge(registration));
  }

  // The worker lives at the site root so that it controls every page.
  if ("serviceWorker" in navigator && body.dataset.swUrl) {
    navigator.serviceWorker
      .register(body.dataset.swUrl, { scope: "/" })
      .then(watch)
      .catch(() => {
        // Without a worker the app still works online; nothing to tell the user.
      });
  }
})();
