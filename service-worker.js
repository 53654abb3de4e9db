/*
 * HomeGym service worker.
 *
 * It keeps the app shell (styles, scripts, icons and the offline page) in a
 * versioned cache so that the installed app opens without a network. Pages of
 * a signed-in user are never cached here: they always come from the server,
 * and when the server cannot be reached the offline page stands in for them.
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

// Everything the app needs to draw the offline page and its own frame.
const SHELL = [
  "/offline",
  "/manifest.webmanifest",
  "/static/css/app.css",
  "/static/css/forms.css",
  "/static/css/components.css",
  "/static/css/exercises.css",
  "/static/css/plans.css",
  "/static/css/workouts.css",
  "/static/css/history.css",
  "/static/css/tools.css",
  "/static/css/progress.css",
  "/static/css/imports.css",
  "/static/css/coach.css",
  "/static/js/workouts.js",
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
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  // Only old shell caches go; any other cache (such as a future outbox) stays.
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

  if (request.mode === "navigate") {
    event.respondWith(networkOr(request, OFFLINE_URL));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (SHELL.includes(url.pathname)) {
    event.respondWith(networkOr(request, request));
  }
});

// From the server when it answers, else the cached stand-in: the offline page
// for pages, the cached copy itself for the manifest.
async function networkOr(request, standIn) {
  try {
    return await fetch(request);
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
