/*
 * HomeGym sync layer (every page of a signed-in user; needs outbox.js).
 *
 * It sends the outbox on load, on "online", when the app comes back to the
 * foreground, after each change, and again with backoff while the server
 * cannot take it (the service worker adds Background Sync); it shows how
 * many changes wait and what stands in their way; and with no network it
 * turns a tap on "Start" into the offline log page. The log screen itself
 * is logbook.js, which uses this through window.HomeGymSync.
 */
(function () {
  "use strict";

  const Outbox = window.HomeGymOutbox;
  const ownerMeta = document.querySelector('meta[name="homegym-user"]');
  const user = ownerMeta && ownerMeta.content;
  if (!Outbox || !user || user === "anonymous" || !window.indexedDB) {
    return;
  }

  const WARM_EVERY_MS = 10 * 60 * 1000;
  const MAX_BACKOFF_MS = 30000;
  const BUSY_RETRY_MS = 5000;

  const status = document.getElementById("sync-status");
  const whenCaughtUp = [];
  let pending = 0;
  let backoff = 0;
  let retryTimer = null;

  function toast(message, level) {
    document.dispatchEvent(new CustomEvent("toast", { detail: { message, level } }));
  }

  // --- The status line: what waits, and what stands in its way ------------

  async function showStatus(state) {
    if (!status) {
      return;
    }
    pending = await Outbox.count(user);
    const refused = await Outbox.rejected(user);
    const text = status.querySelector("[data-sync-text]");
    const login = status.querySelector("[data-sync-login]");
    let line = "";
    if (pending) {
      const counted = pending === 1 ? status.dataset.msgOne : status.dataset.msgMany;
      line = counted.replace("{n}", String(pending));
      const reason = {
        login: status.dataset.msgLogin,
        "other-user": status.dataset.msgOtherUser,
        maintenance: status.dataset.msgMaintenance,
        unavailable: status.dataset.msgUnavailable,
        retry: navigator.onLine ? status.dataset.msgRetry : "",
        syncing: status.dataset.msgSyncing,
      }[state];
      if (reason) {
        line += " · " + reason;
      }
    }
    text.textContent = line;
    login.hidden = !(pending && state === "login");
    status.dataset.state = state || "";
    status.dataset.pending = String(pending);

    const list = status.querySelector("[data-sync-rejected]");
    const template = status.querySelector("template[data-sync-rejected-item]");
    list.replaceChildren(
      ...refused.map((entry) => {
        const item = template.content.firstElementChild.cloneNode(true);
        item.querySelector("[data-text]").textContent =
          status.dataset.msgRejected + " " + entry.error;
        item.querySelector("[data-dismiss]").addEventListener("click", () => {
          Outbox.dismiss(entry.id);
        });
        return item;
      }),
    );
    status.hidden = !line && !refused.length;
  }


  // --- Sending ---------------------------------------------------------------

  function schedule(delay) {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, delay);
  }

  async function sync() {
    if (!navigator.onLine) {
      showStatus("offline");
      return;
    }
    const result = await Outbox.flush();
    if (result.state === "busy") {
      // Another tab or the worker is sending; it announces how that went.
      // Look again later in case it dies on the way.
      schedule(BUSY_RETRY_MS);
      return;
    }
    if (["retry", "maintenance", "unavailable"].includes(result.state)) {
      backoff = Math.min(backoff ? backoff * 2 : 2000, MAX_BACKOFF_MS);
      schedule(backoff);
    } else {
      backoff = 0;
    }
    await showStatus(result.state);
    if (result.state === "done" && result.sent) {
      caughtUp();
    }
  }

  function soon() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(sync, 50);
    if (navigator.serviceWorker && navigator.serviceWorker.ready) {
      navigator.serviceWorker.ready
        .then((registration) => registration.sync && registration.sync.register("homegym-outbox"))
        .catch(() => {
          // No Background Sync (Safari): the page's own triggers send it.
        });
    }
  }

  // Everything reached the server: have the worker keep fresh pages, and
  // let the log screen show the server's page again.
  function caughtUp() {
    warm(true);
    whenCaughtUp.forEach((handler) => handler());
  }

  // Ask the worker to fetch and keep the pages a workout starts from (or
  // only `paths`); on its own at most every few minutes.
  function warm(now, paths) {
    const controller = navigator.serviceWorker && navigator.serviceWorker.controller;
    if (!controller || !navigator.onLine) {
      return;
    }
    const last = Number(localStorage.getItem("homegym.warmed") || 0);
    if (!now && Date.now() - last < WARM_EVERY_MS) {
      return;
    }
    if (!paths) {
      localStorage.setItem("homegym.warmed", String(Date.now()));
    }
    controller.postMessage({ type: "warm", paths });
  }


  // --- Starting a workout with no network --------------------------------------

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (navigator.onLine || form.method !== "post" || new URL(form.action).pathname !== "/workouts") {
        return;
      }
      event.preventDefault();
      const day = form.querySelector('[name="plan_day_id"]');
      const uuid = form.querySelector('[name="uuid"]').value;
      const query = new URLSearchParams({ day: day ? day.value : "empty", uuid });
      window.location.assign("/workouts/offline?" + query.toString());
    },
    true,
  );


  if (typeof BroadcastChannel === "function") {
    new BroadcastChannel(Outbox.CHANNEL).addEventListener("message", (event) => {
      const news = event.data || {};
      showStatus(news.state);
      if (news.state === "done" && news.sent && news.source !== Outbox.SOURCE) {
        caughtUp(); // the worker or another tab sent what this page drew
      }
    });
  }
  window.addEventListener("online", () => {
    backoff = 0;
    sync();
  });
  window.addEventListener("offline", () => showStatus("offline"));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      sync();
    }
  });

  window.HomeGymSync = {
    user,
    toast,
    showStatus,
    soon,
    warm,
    later: schedule,
    pending: () => pending,
    queued() {
      pending += 1;
    },
    onCaughtUp(handler) {
      whenCaughtUp.push(handler);
    },
  };

  showStatus().then(sync);
  warm(false);
})();
