/*
 * HomeGym service worker.
 *
 * It keeps the app shell (styles, scripts, icons and the offline page) in a
 * versioned cache so that the installed app opens without a network, and the
 * few pages a workout needs (dashboard, start, the workout in progress, the
 * offline log page) in a cache of their own, for their owner only: every
 * page names its owner in X-HomeGym-User, and a page of anyone else, or of
 * nobody (the login page after logging out), empties that cache. Other pages
 * come from the server, with the offline page standing in when it is away.
 *
 * Changes logged offline wait in the IndexedDB outbox (static/js/outbox.js);
 * the worker sends them on Background Sync. It never deletes the outbox.
 *
 * Served from the site root by the pwa blueprint, so its scope is the whole
 * site, with "Cache-Control: no-cache" so that the browser notices a new one.
 */
"use strict";

// The pwa blueprint replaces "dev" with a hash of the shell's files, so any
// changed file makes a new worker: the browser installs it, it fills a fresh
// cache, and "activate" drops the old one. (Files under /static/ are served
// cache-first, so without a new VERSION a changed stylesheet would not reach
// installed apps.)
const VERSION = "dev";
const SHELL_PREFIX = "homegym-shell-";
const SHELL_CACHE = SHELL_PREFIX + VERSION;
const OFFLINE_URL = "/offline";
// Every stylesheet in one file (the pwa blueprint), kept like a static file.
const STYLES_URL = "/styles.css";
const PAGES_CACHE = "homegym-pages";
const OWNER_KEY = "/__owner__";
const PAGE_TIMEOUT_MS = 6000;
// Pages kept for offline use, and the ones fetched ahead ("warm") for it.
const OFFLINE_PAGES = [
  /^\/$/,
  /^\/workouts\/start$/,
  /^\/workouts\/current$/,
  /^\/workouts\/offline$/,
  /^\/workouts\/\d+\/log$/,
];
const WARM_PAGES = ["/", "/workouts/start", "/workouts/current", "/workouts/offline"];

importScripts("/static/js/outbox.js");

// Everything the app needs to draw the offline page and its own frame.
const SHELL = [
  "/offline",
  "/manifest.webmanifest",
  "/styles.css",
  "/static/js/workouts.js",
  "/static/js/outbox.js",
  "/static/js/offline.js",
  "/static/js/logbook.js",
  "/static/js/app.js",
  "/static/vendor/htmx/htmx-2.0.11.min.js",
  "/static/icons/icon.svg",
  "/static/icons/icon-192.png",
  "/static/icons/icon-512.png",
  "/static/icons/icon-maskable-512.png",
  "/static/icons/apple-touch-icon.png",
];

self.addEventListener("install", (event) => {
  // Fetch without cookies, so the cached offline page belongs to nobody, and
  // past the HTTP cache, so a new VERSION really gets the new files.
  const requests = SHELL.map(
    (url) => new Request(url, { credentials: "omit", cache: "reload" }),
  );
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(requests))
      .then(betweenFlushes)
      .then(() => self.skipWaiting()),
  );
});

// Take over only between two flushes of the outbox: asked while the old
// worker is sending it, Chromium leaves the new one waiting for good. The
// flush lock is held a moment longer, so the old worker's sync event has
// ended when the new one asks.
const SETTLE_MS = 500;
function betweenFlushes() {
  if (!self.navigator.locks) {
    return null;
  }
  return self.navigator.locks.request(
    self.HomeGymOutbox.LOCK,
    () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS)),
  );
}

self.addEventListener("activate", (event) => {
  // Only old shell caches go; the owner's pages stay, and the outbox lives
  // in IndexedDB, which no version of the worker ever deletes.
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);

  // Writes, other sites and htmx partials go to the network untouched:
  // a partial belongs to one user and one moment, so it is never cached.
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.headers.has("HX-Request")) {
    return;
  }

  if (request.mode === "navigate" && OFFLINE_PAGES.some((page) => page.test(url.pathname))) {
    event.respondWith(ownerPage(request, url.pathname));
  } else if (request.mode === "navigate") {
    event.respondWith(networkOr(request, OFFLINE_URL));
  } else if (url.pathname.startsWith("/static/") || url.pathname === STYLES_URL) {
    event.respondWith(cacheFirst(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(networkOr(request, request));
  }
});

// From the server when it answers, else the cached stand-in: the offline page
// for pages, the cached copy itself for the manifest.
async function networkOr(request, standIn) {
  try {
    const response = await fetch(request);
    if (request.mode === "navigate") {
      await noteOwner(response);
    }
    return response;
  } catch (error) {
    const cached = await caches.match(standIn, { cacheName: SHELL_CACHE });
    return cached || Response.error();
  }
}

// Static files: from the shell cache, else from the server (and kept).
async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

// A page of someone else or of nobody: the kept pages are not theirs to see.
async function noteOwner(response) {
  const owner = response.headers.get("X-HomeGym-User");
  if (!owner) {
    return null;
  }
  const cache = await caches.open(PAGES_CACHE);
  const stamp = await cache.match(OWNER_KEY);
  const keeper = stamp ? await stamp.text() : null;
  if (owner === "anonymous" || (keeper && keeper !== owner)) {
    await caches.delete(PAGES_CACHE);
  }
  return owner === "anonymous" ? null : owner;
}

// Keep a copy of one of the owner's pages, under its path and, after a
// redirect (/workouts/current), under where it led too.
async function keepPage(path, response) {
  const owner = await noteOwner(response);
  if (!owner || !response.ok) {
    return;
  }
  const cache = await caches.open(PAGES_CACHE);
  await cache.put(OWNER_KEY, new Response(owner));
  const body = await response.blob();
  const copy = () => new Response(body, { status: 200, headers: response.headers });
  await cache.put(path, copy());
  const landed = new URL(response.url).pathname;
  if (response.redirected && OFFLINE_PAGES.some((page) => page.test(landed))) {
    await cache.put(landed, copy());
  }
}

function fetchPage(path) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PAGE_TIMEOUT_MS);
  return fetch(path, {
    credentials: "same-origin",
    redirect: "follow",
    signal: controller.signal,
  }).finally(() => clearTimeout(timer));
}

// The owner's pages: from the server (kept for later), else the kept copy,
// else the offline page. Fetched by path, so a redirect is followed here and
// the copy handed to the browser is a plain page of its own.
async function ownerPage(request, path) {
  try {
    const response = await fetchPage(request.url);
    await keepPage(path, response.clone());
    if (response.redirected) {
      return Response.redirect(response.url, 303);
    }
    const body = await response.blob();
    return new Response(body, { status: response.status, headers: response.headers });
  } catch (error) {
    const cache = await caches.open(PAGES_CACHE);
    const kept = await cache.match(path);
    if (kept) {
      return kept;
    }
    const shell = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    return shell || Response.error();
  }
}

// A page asks for the pages a workout starts from to be fetched and kept,
// or, seeing this worker still waiting, asks it again to take over.
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "skip-waiting") {
    event.waitUntil(self.skipWaiting());
  }
  if (event.data && event.data.type === "warm") {
    const asked = (event.data.paths || WARM_PAGES).filter((path) =>
      OFFLINE_PAGES.some((page) => page.test(path)),
    );
    event.waitUntil(
      Promise.all(
        asked.map((path) =>
          fetchPage(path)
            .then((response) => keepPage(path, response))
            .catch(() => null),
        ),
      ),
    );
  }
});

// Background Sync: send the outbox. A failure that may pass (no network,
// maintenance, a server error) rejects, so the browser tries again later.
self.addEventListener("sync", (event) => {
  if (event.tag === "homegym-outbox") {
    event.waitUntil(
      self.HomeGymOutbox.flush().then((result) => {
        if (["retry", "maintenance", "unavailable"].includes(result.state)) {
          throw new Error("outbox kept: " + result.state);
        }
      }),
    );
  }
});
