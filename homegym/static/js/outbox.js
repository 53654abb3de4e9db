/*
 * HomeGym outbox: every change made on the log screen is written here, in
 * IndexedDB, before anything else happens, and leaves only when the server
 * has confirmed it. Used by pages (offline.js) and by the service worker
 * (Background Sync), so it touches no DOM. Exposes self.HomeGymOutbox.
 *
 * An entry: {seq, id, user, op, data, workout, target, parent, view, sending}.
 * "id" is the change's uuid (the server applies each id once), "user" the
 * owner key of the page that made it (only that account's session sends it),
 * "target" the uuid of the object it makes or changes, "parent" the uuid of
 * the object that holds it, "view" what the page needs to draw it (never
 * sent), and "sending" marks entries a flush has on the wire.
 */
(function (scope) {
  "use strict";

  const DB_NAME = "homegym";
  const LOCK = "homegym-outbox-flush";
  const CHANNEL = "homegym-sync";
  const BATCH = 25;
  // A request that hangs (a weak signal) must not hold the flush lock forever.
  const REQUEST_TIMEOUT_MS = 15000;

  // Each step upgrades the database by one version and keeps the data: a new
  // build adds a step (copying or reshaping entries in the upgrade
  // transaction); it never deletes a store that may hold unsent changes. A
  // tab still running the older build goes on writing entries of the old
  // shape into the upgraded database until it reloads, so a step only adds
  // and the code after it reads both shapes.
  const MIGRATIONS = [
    (db) => {
      const outbox = db.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
      outbox.createIndex("user", "user");
      outbox.createIndex("target", "target");
      db.createObjectStore("rejected", { keyPath: "id" });
    },
  ];

  const STORES = ["outbox", "rejected"];

  let opening = null;

  // The database at this build's version, upgraded on the way if older. If
  // a newer build (another tab, the new worker) has upgraded it already,
  // this page works on in it as it is: newer steps only add, so this
  // build's stores are still there, and no tap is lost before the reload.
  function open() {
    if (!opening) {
      opening = connect(MIGRATIONS.length)
        .catch((error) => {
          if (error && error.name === "VersionError") {
            return connect();
          }
          throw error;
        })
        .catch((error) => {
          opening = null;
          throw error;
        });
    }
    return opening;
  }

  function connect(version) {
    return new Promise((resolve, reject) => {
      const request = version ? indexedDB.open(DB_NAME, version) : indexedDB.open(DB_NAME);
      request.onupgradeneeded = (event) => {
        for (let step = event.oldVersion; step < event.newVersion; step += 1) {
          MIGRATIONS[step](request.result, request.transaction);
        }
      };
      request.onsuccess = () => {
        const db = request.result;
        if (!STORES.every((name) => db.objectStoreNames.contains(name))) {
          db.close();
          reject(new Error("the outbox database lacks its stores"));
          return;
        }
        // A newer build wants to upgrade: let it, and open again after.
        db.onversionchange = () => {
          db.close();
          opening = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(request.error);
    });
  }

  // Run fn(stores) in one transaction; resolves with fn's result once committed.
  // Writes are "strict": on disk before they count, as a dead battery may
  // follow the tap.
  async function transaction(names, mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const options = mode === "readwrite" ? { durability: "strict" } : {};
      const tx = db.transaction(names, mode, options);
      const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)]));
      let result;
      Promise.resolve(fn(stores, tx)).then((value) => {
        result = value;
      }, reject);
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }

  function requested(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  function newId() {
    return scope.crypto.randomUUID();
  }

  async function entries(user) {
    const all = await transaction(["outbox"], "readonly", (s) =>
      requested(s.outbox.index("user").getAll(user)),
    );
    return all.sort((a, b) => a.seq - b.seq);
  }

  async function count(user) {
    return transaction(["outbox"], "readonly", (s) =>
      requested(s.outbox.index("user").count(user)),
    );
  }

  async function add(entry) {
    const stored = { id: newId(), sending: false, created: new Date().toISOString(), ...entry };
    await transaction(["outbox"], "readwrite", (s) => requested(s.outbox.add(stored)));
    announce({ state: "queued" });
    return stored;
  }

  // The newest entry still waiting for this object, or undefined.
  async function latest(user, target) {
    const all = await transaction(["outbox"], "readonly", (s) =>
      requested(s.outbox.index("target").getAll(target)),
    );
    return all.filter((entry) => entry.user === user).sort((a, b) => b.seq - a.seq)[0];
  }

  // Cancel the change that made `uuid` and every later change to it or to
  // what it holds, if none of them is on the wire yet. True when cancelled:
  // the object never reaches the server, so there is nothing to delete.
  async function cancelCreate(user, uuid) {
    const cancelled = await transaction(["outbox"], "readwrite", async (s) => {
      const all = (await requested(s.outbox.index("user").getAll(user))).sort(
        (a, b) => a.seq - b.seq,
      );
      const created = all.find((e) => e.target === uuid && e.op.endsWith(".add"));
      const start = all.find((e) => e.target === uuid && e.op === "workout.start");
      const maker = created || start;
      if (!maker) {
        return false;
      }
      const gone = new Set([uuid]);
      const doomed = [];
      for (const entry of all) {
        if (entry.seq < maker.seq) {
          continue;
        }
        if (gone.has(entry.target) || gone.has(entry.parent) || gone.has(entry.workout)) {
          doomed.push(entry);
          if (entry.target) {
            gone.add(entry.target);
          }
        }
      }
      if (doomed.some((entry) => entry.sending)) {
        return false;
      }
      doomed.forEach((entry) => s.outbox.delete(entry.seq));
      return true;
    });
    if (cancelled) {
      announce({ state: "queued" });
    }
    return cancelled;
  }

  async function rejected(user) {
    const all = await transaction(["rejected"], "readonly", (s) => requested(s.rejected.getAll()));
    return all.filter((entry) => entry.user === user);
  }

  async function dismiss(id) {
    await transaction(["rejected"], "readwrite", (s) => requested(s.rejected.delete(id)));
    announce({ state: "dismissed" });
  }

  async function setSending(seqs, value) {
    await transaction(["outbox"], "readwrite", async (s) => {
      const wanted = seqs ? new Set(seqs) : null;
      const all = await requested(s.outbox.getAll());
      all
        .filter((e) => (wanted ? wanted.has(e.seq) : e.sending))
        .forEach((e) => s.outbox.put({ ...e, sending: value }));
    });
  }

  // Drop what the server confirmed; move what it refused to "rejected", with
  // its message, where the page shows it until the user dismisses it.
  // Resolves with how many entries left the outbox.
  async function settle(batch, results, fallbackError) {
    const byId = new Map((results || []).map((result) => [result.id, result]));
    return transaction(["outbox", "rejected"], "readwrite", (s) => {
      let settled = 0;
      for (const entry of batch) {
        const result = byId.get(entry.id);
        const status = result ? result.status : fallbackError ? "rejected" : null;
        if (status === "applied" || status === "duplicate") {
          s.outbox.delete(entry.seq);
          settled += 1;
        } else if (status === "rejected") {
          s.outbox.delete(entry.seq);
          settled += 1;
          s.rejected.put({
            id: entry.id,
            user: entry.user,
            op: entry.op,
            data: entry.data,
            workout: entry.workout,
            error: (result && result.error) || fallbackError,
            at: new Date().toISOString(),
          });
        } else {
          s.outbox.put({ ...entry, sending: false });
        }
      }
      return settled;
    });
  }

  // Which page or worker this is, so that a listener can tell its own news.
  const SOURCE = scope.crypto.randomUUID();

  function announce(message) {
    if (typeof BroadcastChannel === "function") {
      const channel = new BroadcastChannel(CHANNEL);
      channel.postMessage({ ...message, source: SOURCE });
      channel.close();
    }
  }

  function timed(url, options) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    return fetch(url, { ...options, signal: controller.signal }).finally(() =>
      clearTimeout(timer),
    );
  }

  async function readJson(response) {
    try {
      return await response.json();
    } catch (error) {
      return {};
    }
  }

  // A 503 is maintenance when the server says so; otherwise the server is
  // up but cannot serve (its database is away, or a proxy answers for it).
  // Either way everything stays here and is sent again later.
  async function unavailable(response) {
    const body = await readJson(response);
    return body && body.error === "maintenance" ? "maintenance" : "unavailable";
  }

  // Whose session the browser holds now, with a CSRF token fresh from it.
  async function session() {
    let response;
    try {
      response = await timed("/sync/session", {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
    } catch (error) {
      return { state: "retry" };
    }
    if (response.status === 401) {
      return { state: "login" };
    }
    if (response.status === 503) {
      return { state: await unavailable(response) };
    }
    if (!response.ok) {
      return { state: "retry" };
    }
    const body = await readJson(response);
    if (typeof body.user !== "string" || typeof body.csrf !== "string") {
      return { state: "retry" }; // not the server's answer: a Wi-Fi sign-in page
    }
    return { state: "ok", user: body.user, csrf: body.csrf };
  }

  async function send(current, batch) {
    return timed("/sync", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": current.csrf,
      },
      body: JSON.stringify({
        user: current.user,
        changes: batch.map((entry) => ({ id: entry.id, op: entry.op, data: entry.data })),
      }),
    });
  }

  // Answers that find the request invalid. They speak of the whole batch, so
  // it goes again one change at a time, and only a change refused on its own
  // moves to the rejected list: the valid ones around it still arrive.
  const INVALID = new Set([400, 413, 422]);

  // Send the signed-in account's changes, oldest first, until none is left
  // or something stands in the way; resolves with {state, sent}. States:
  // done, login, other-user, maintenance, unavailable, retry, busy (another
  // flush runs).
  async function drain() {
    await setSending(null, false); // marks left by a flush that died
    let current = await session();
    if (current.state !== "ok") {
      return finish(current.state, 0);
    }
    let sent = 0;
    let renewed = false;
    let size = BATCH;
    for (;;) {
      const batch = (await entries(current.user)).slice(0, size);
      if (!batch.length) {
        const others = await transaction(["outbox"], "readonly", (s) => requested(s.outbox.count()));
        return finish(others ? "other-user" : "done", sent);
      }
      announce({ state: "syncing" });
      await setSending(batch.map((entry) => entry.seq), true);
      let response;
      try {
        response = await send(current, batch);
      } catch (error) {
        await setSending(null, false);
        return finish("retry", sent);
      }
      if (response.ok) {
        const body = await readJson(response);
        const settled = Array.isArray(body.results) ? await settle(batch, body.results) : 0;
        if (settled) {
          sent += settled;
          continue;
        }
        // A 200 that settles nothing is not the server's answer (a Wi-Fi
        // sign-in page answers 200 too): wait, do not send it again at once.
        await setSending(null, false);
        return finish("retry", sent);
      }
      await setSending(null, false);
      if (response.status === 403 && !renewed) {
        renewed = true; // a stale token: fetch a fresh one and try once more
        current = await session();
        if (current.state !== "ok") {
          return finish(current.state, sent);
        }
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        return finish("login", sent);
      }
      if (response.status === 409) {
        return finish("other-user", sent);
      }
      if (response.status === 503) {
        return finish(await unavailable(response), sent);
      }
      if (!INVALID.has(response.status)) {
        return finish("retry", sent); // 5xx, 429, a proxy's 404: nothing said about the changes
      }
      if (batch.length > 1) {
        size = 1;
        continue;
      }
      // The server says this change is invalid: show it, never drop it.
      const body = await readJson(response);
      sent += await settle(batch, [], body.message || String(response.status));
    }
  }

  function finish(state, sent) {
    announce({ state, sent });
    return { state, sent };
  }

  // One flush at a time across tabs and the service worker (Web Locks);
  // where the browser has no locks, one per context.
  let running = null;
  function flush() {
    if (scope.navigator && scope.navigator.locks) {
      return scope.navigator.locks.request(LOCK, { ifAvailable: true }, (lock) =>
        lock ? drain() : { state: "busy", sent: 0 },
      );
    }
    if (!running) {
      running = drain().finally(() => {
        running = null;
      });
    }
    return running;
  }

  scope.HomeGymOutbox = {
    CHANNEL,
    LOCK,
    SOURCE,
    add,
    cancelCreate,
    count,
    dismiss,
    entries,
    flush,
    latest,
    newId,
    rejected,
  };
})(self);
