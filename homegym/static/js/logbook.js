/*
 * HomeGym log screen, with or without a network (needs outbox.js and
 * offline.js).
 *
 * Online, the log screen is plain htmx. As soon as a change cannot go
 * straight to the server (no network, a request that failed to send, older
 * changes still waiting, or a row that exists only on this phone), it is
 * written to the outbox instead and drawn on the page from the outbox entry
 * alone. Drawing from the entry is what makes a reload work: the service
 * worker gives back the page as last fetched, and every entry still
 * waiting is drawn over it again. See docs/offline.md.
 */
(function () {
  "use strict";

  const Outbox = window.HomeGymOutbox;
  const Sync = window.HomeGymSync;
  const live = document.querySelector("[data-live]");
  if (!Outbox || !Sync || !live) {
    return;
  }

  const user = Sync.user;
  const toast = Sync.toast;
  const offlinePage = live.hasAttribute("data-offline-page");
  const UUID_PLACEHOLDER = /00000000-0000-4000-8000-\d{12}/g;
  const ID_PLACEHOLDER = /\b9000\d{5}\b/g;
  let localIds = 800000000 + Math.floor(Math.random() * 90000000);

  function message(name) {
    return live.dataset[name] || "";
  }

  // --- Drawing changes on the log screen ----------------------------------

  function letters() {
    try {
      return JSON.parse(live.dataset.letters || "{}");
    } catch (error) {
      return {};
    }
  }

  function relabel(card) {
    if (!card) {
      return;
    }
    const kinds = letters();
    let number = 0;
    card.querySelectorAll(".set-row").forEach((row) => {
      const kind = (row.className.match(/kind-(\w+)/) || [])[1] || "normal";
      const badge = row.querySelector(".set-badge");
      if (badge) {
        badge.textContent = kinds[kind] || String((number += 1));
      }
    });
  }

  function markPending(element) {
    if (!element || element.classList.contains("is-pending")) {
      return;
    }
    element.classList.add("is-pending");
    const mark = document.createElement("span");
    mark.className = "pending-mark";
    mark.textContent = message("msgPending");
    const place = element.querySelector(".set-note") || element.querySelector(".exercise-title");
    (place || element).append(mark);
  }

  // Markup from a <template> with its placeholders made real: uuids from
  // `uuids` in order of appearance, ids fresh for this page.
  function instantiate(html, uuids) {
    const map = new Map();
    let next = 0;
    const withUuids = html.replace(UUID_PLACEHOLDER, (found) => {
      if (!map.has(found)) {
        map.set(found, uuids[next] || Outbox.newId());
        next += 1;
      }
      return map.get(found);
    });
    const ids = new Map();
    return withUuids.replace(ID_PLACEHOLDER, (found) => {
      if (!ids.has(found)) {
        ids.set(found, String((localIds += 1)));
      }
      return ids.get(found);
    });
  }

  function fragment(html) {
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    return holder.content;
  }

  function cardTemplate() {
    const template = document.getElementById("offline-card");
    return template ? template.innerHTML : "";
  }

  function setRow(card, uuid) {
    return card && uuid ? card.querySelector(`.set-row[data-uuid="${uuid}"]`) : null;
  }

  function findSet(uuid) {
    return live.querySelector(`.set-row[data-uuid="${uuid}"]`);
  }

  function findCard(uuid) {
    return live.querySelector(`.exercise-card[data-uuid="${uuid}"]`);
  }

  function setValue(row, selector, value) {
    const field = row.querySelector(selector);
    if (!field || value === undefined) {
      return;
    }
    if (field.tagName === "SELECT" && value && !Array.from(field.options).some((o) => o.value === String(value))) {
      field.add(new Option(String(value), String(value)));
    }
    field.value = value === null ? "" : String(value);
  }

  function showDone(row, done) {
    row.classList.toggle("is-done", done);
    const tick = row.querySelector(".set-tick");
    if (tick) {
      tick.value = done ? "0" : "1";
      tick.setAttribute("aria-pressed", done ? "true" : "false");
    }
  }

  function newRow(card, entry) {
    const first = fragment(instantiate(cardTemplate(), [])).querySelector(".set-row");
    if (!first) {
      return null;
    }
    const uuidField = first.querySelector('[name="uuid"]');
    first.dataset.uuid = entry.target;
    if (uuidField) {
      uuidField.value = entry.target;
    }
    first.removeAttribute("data-weight-kg");
    // The row came from another card's markup: aim its swaps at this card.
    [first, ...first.querySelectorAll("[hx-target]")].forEach((element) => {
      const aim = element.getAttribute("hx-target");
      if (aim && aim.startsWith("#exercise-")) {
        element.setAttribute("hx-target", "#" + card.id);
      }
    });
    setValue(first, ".set-weight", (entry.view && entry.view.weight) || "");
    setValue(first, ".set-reps", entry.data.reps === undefined ? "" : entry.data.reps);
    card.querySelector(".set-list").append(first);
    return first;
  }

  const draw = {
    "workout.start": (entry) => {
      if (!offlinePage || live.dataset.workoutUuid !== entry.target) {
        return;
      }
      const list = live.querySelector("#live-exercises");
      list.replaceChildren(fragment(entry.view.html));
      const name = live.querySelector("[data-workout-name]");
      name.textContent = entry.data.name || name.dataset.default;
      document.title = name.textContent + " · HomeGym";
      list.querySelectorAll(".exercise-card, .set-row").forEach((el) => {
        el.dataset.local = "";
      });
      window.htmx.process(list);
    },
    "set.update": (entry, replay) => {
      const row = findSet(entry.target);
      if (!row) {
        return;
      }
      const data = entry.data;
      // Live, the fields already hold what was typed, maybe newer than this
      // entry; only a replay over the kept page puts the values back.
      if (replay) {
        setValue(row, ".set-weight", data.weight);
        setValue(row, ".set-reps", data.reps);
        setValue(row, ".set-rpe", data.rpe);
      }
      if ("weight" in data) {
        row.removeAttribute("data-weight-kg");
      }
      if (data.kind) {
        row.className = row.className.replace(/kind-\w+/, "kind-" + data.kind);
        row.querySelector("details")?.removeAttribute("open");
        row.querySelectorAll('[name="kind"]').forEach((button) => {
          button.setAttribute("aria-pressed", button.value === data.kind ? "true" : "false");
        });
      }
      if (data.done === "1" || data.done === "0") {
        showDone(row, data.done === "1");
      }
      row.dataset.changed = "";
      markPending(row);
      relabel(row.closest(".exercise-card"));
    },
    "set.add": (entry) => {
      const card = findCard(entry.parent);
      if (!card || findSet(entry.target)) {
        return;
      }
      const row = newRow(card, entry);
      if (row) {
        row.dataset.local = "";
        window.htmx.process(row);
        markPending(row);
        relabel(card);
      }
    },
    "set.remove": (entry) => {
      const row = findSet(entry.target);
      const card = row && row.closest(".exercise-card");
      if (row) {
        row.remove();
        relabel(card);
      }
    },
    "exercise.add": (entry) => {
      if (findCard(entry.target)) {
        return;
      }
      const setUuids = entry.data.sets.map((each) => each.uuid);
      const html = instantiate(cardTemplate(), [entry.target, ...setUuids]).replaceAll(
        "__EXERCISE_NAME__",
        escapeHtml(entry.view.name),
      );
      const card = fragment(html).firstElementChild;
      card.dataset.local = "";
      card.querySelectorAll(".set-row").forEach((row) => {
        row.dataset.local = "";
      });
      live.querySelector("#live-exercises").append(card);
      window.htmx.process(card);
      markPending(card);
    },
    "exercise.remove": (entry) => {
      findCard(entry.target)?.remove();
    },
    "workout.finish": () => closeWorkout(message("msgFinished")),
    "workout.discard": () => closeWorkout(message("msgDiscarded")),
  };

  function escapeHtml(text) {
    const holder = document.createElement("span");
    holder.textContent = text || "";
    return holder.innerHTML;
  }

  function closeWorkout(text) {
    live.dataset.closed = "";
    live.querySelectorAll("form, button, input, select, textarea").forEach((element) => {
      element.setAttribute("inert", "");
    });
    const notice = document.createElement("section");
    notice.className = "card offline-closed";
    notice.setAttribute("role", "status");
    const paragraph = document.createElement("p");
    paragraph.textContent = text;
    const home = document.createElement("a");
    home.className = "button primary";
    home.href = "/";
    home.textContent = "HomeGym";
    notice.append(paragraph, home);
    live.prepend(notice);
  }

  function drawEntry(entry, replay) {
    const painter = draw[entry.op];
    if (painter && live) {
      painter(entry, replay);
    }
  }


  // --- Turning a tap into an outbox entry -------------------------------------

  function field(formData, name) {
    return formData.has(name) ? formData.get(name) : undefined;
  }

  function now() {
    return new Date().toISOString();
  }

  function freshUuid(form) {
    const input = form && form.querySelector('[name="uuid"]');
    if (input) {
      input.value = Outbox.newId();
    }
  }

  function exerciseName(id) {
    const option = live.querySelector(`#add-exercise option[value="${CSS.escape(String(id))}"]`);
    return option ? option.textContent.trim() : "";
  }

  function canFinish() {
    return Boolean(live.querySelector(".set-row.is-done, .set-row[data-changed]"));
  }

  // Describe the request htmx was about to send as an outbox entry, or null
  // when the action needs the server (notes, moving, the calculators).
  function describe(path, formData, elt) {
    const workout = live.dataset.workoutUuid;
    const unit = live.dataset.unit || "kg";
    const card = elt.closest(".exercise-card");
    const row = elt.closest(".set-row");
    const base = { user, workout };
    if (/\/sets\/\d+\/delete$/.test(path)) {
      return { ...base, op: "set.remove", target: row.dataset.uuid, parent: card.dataset.uuid, data: { uuid: row.dataset.uuid } };
    }
    if (/\/sets\/\d+$/.test(path)) {
      const data = { uuid: row.dataset.uuid, unit };
      for (const name of ["kind", "weight", "reps", "rpe", "done"]) {
        const value = field(formData, name);
        if (value !== undefined) {
          data[name] = value;
        }
      }
      if (data.done === "1") {
        data.completed_at = now();
      }
      return { ...base, op: "set.update", target: row.dataset.uuid, parent: card.dataset.uuid, data };
    }
    if (/\/exercises\/\d+\/sets$/.test(path)) {
      const rows = card.querySelectorAll(".set-row");
      const last = rows[rows.length - 1];
      const uuid = field(formData, "uuid") || Outbox.newId();
      const data = { uuid, exercise: card.dataset.uuid, kind: "normal" };
      const view = { weight: "" };
      if (last) {
        const typed = last.querySelector(".set-weight").value.trim();
        if (last.dataset.weightKg) {
          data.weight_kg = last.dataset.weightKg;
        } else if (typed) {
          data.weight = typed;
          data.unit = unit;
        }
        view.weight = typed;
        const reps = last.querySelector(".set-reps").value.trim();
        if (reps) {
          data.reps = reps;
        }
      }
      freshUuid(elt.closest("form"));
      return { ...base, op: "set.add", target: uuid, parent: card.dataset.uuid, data, view };
    }
    if (/\/workouts\/\d+\/exercises$/.test(path)) {
      const exerciseId = field(formData, "exercise_id");
      if (!exerciseId) {
        return null;
      }
      const uuid = field(formData, "uuid") || Outbox.newId();
      const data = {
        workout,
        uuid,
        exercise_id: Number(exerciseId),
        sets: [{ uuid: Outbox.newId(), kind: "normal" }],
      };
      live.querySelectorAll('#add-exercise [name="uuid"]').forEach((input) => {
        input.value = Outbox.newId();
      });
      return { ...base, op: "exercise.add", target: uuid, parent: workout, data, view: { name: exerciseName(exerciseId) } };
    }
    if (/\/exercises\/\d+\/delete$/.test(path)) {
      return { ...base, op: "exercise.remove", target: card.dataset.uuid, parent: workout, data: { uuid: card.dataset.uuid } };
    }
    if (/\/finish$/.test(path)) {
      return { ...base, op: "workout.finish", target: workout, data: { uuid: workout, finished_at: now() } };
    }
    if (/\/discard$/.test(path)) {
      return { ...base, op: "workout.discard", target: workout, data: { uuid: workout } };
    }
    return null;
  }

  // Store first, then draw: the page never shows a change as made before
  // the outbox holds it, so a reload or a dead battery cannot lose it.
  async function record(entry) {
    if (entry.op === "workout.finish" && !canFinish()) {
      toast(message("msgNothing"), "warning");
      return;
    }
    const removal = entry.op === "set.remove" || entry.op === "exercise.remove" || entry.op === "workout.discard";
    // Removing what never reached the server just takes it out of the outbox.
    if (removal && (await Outbox.cancelCreate(user, entry.target))) {
      drawEntry(entry);
      await Sync.showStatus();
      return;
    }
    if (!(await repeats(entry))) {
      await Outbox.add(entry);
      Sync.queued();
    }
    drawEntry(entry);
    if (entry.op === "set.update" && entry.data.done === "1") {
      const card = findCard(entry.parent);
      const seconds = card ? Number(card.dataset.rest) : 0;
      if (seconds) {
        document.body.dispatchEvent(new CustomEvent("rest-start", { detail: { seconds } }));
      }
    }
    await Sync.showStatus();
    Sync.soon();
  }

  // A field's "change" can fire twice (on input, then on blur) with the same
  // values: an edit that only repeats the one still waiting adds nothing.
  async function repeats(entry) {
    if (entry.op !== "set.update") {
      return false;
    }
    const waiting = await Outbox.latest(user, entry.target);
    return Boolean(
      waiting &&
        !waiting.sending &&
        waiting.op === entry.op &&
        JSON.stringify(waiting.data) === JSON.stringify(entry.data),
    );
  }

  function queueing(elt) {
    return !navigator.onLine || Sync.pending() > 0 || offlinePage || Boolean(elt.closest("[data-local]"));
  }

  // A tap htmx is about to send: to the outbox instead, when it must wait.
  live.addEventListener("htmx:configRequest", (event) => {
    const detail = event.detail;
    if (detail.verb !== "post" || !queueing(detail.elt)) {
      return;
    }
    event.preventDefault();
    const entry = describe(detail.path, detail.formData, detail.elt);
    if (!entry) {
      toast(message("msgNeedsNetwork"), "warning");
      return;
    }
    record(entry);
  });

  // Sent but no answer: keep the change in the outbox. If the server did
  // take it, sending it again changes nothing (every change is idempotent).
  live.addEventListener("htmx:sendError", (event) => {
    const config = event.detail.requestConfig;
    if (!config || config.verb !== "post") {
      return;
    }
    const entry = describe(config.path, config.formData, config.elt);
    if (entry) {
      event.stopPropagation(); // kept, so no "no connection" alarm
      record(entry);
    }
  });

  // Sent, but the server took nothing: a session that ended (401), a stale
  // token (403), too many requests (429), maintenance (503) or a failure
  // (5xx). The tap goes to the outbox instead of being lost; it is sent
  // again once the cause is gone, and the status line says what it waits for.
  function kept(status) {
    return status === 401 || status === 403 || status === 429 || status >= 500;
  }

  live.addEventListener("htmx:beforeOnLoad", (event) => {
    const config = event.detail.requestConfig;
    if (!config || config.verb !== "post" || !kept(event.detail.xhr.status)) {
      return;
    }
    const entry = describe(config.path, config.formData, config.elt);
    if (entry) {
      event.preventDefault(); // no login redirect, no error toast: it is kept
      record(entry);
    }
  });

  // A change that went straight through: the worker's copy of this page
  // is out of date now, so have it fetched again (once things settle).
  let rewarm = null;
  live.addEventListener("htmx:afterRequest", (event) => {
    if (event.detail.successful && event.detail.requestConfig?.verb === "post") {
      clearTimeout(rewarm);
      rewarm = setTimeout(() => Sync.warm(true, [window.location.pathname]), 1500);
    }
  });

  // --- The page of a workout started offline ----------------------------------

  async function openOfflineWorkout(entries) {
    const params = new URLSearchParams(window.location.search);
    const wanted = params.get("uuid");
    let start = entries.find((e) => e.op === "workout.start" && e.target === wanted);
    if (!start && wanted && params.get("day")) {
      start = await startFromDay(params.get("day"), wanted);
    }
    if (!start) {
      start = entries.filter((e) => e.op === "workout.start").pop();
    }
    if (!start) {
      document.querySelector("[data-offline-gone]").hidden = false;
      if (navigator.onLine && wanted) {
        window.location.replace("/workouts/current");
      }
      return null;
    }
    history.replaceState(null, "", "/workouts/offline?uuid=" + start.target);
    live.dataset.workoutUuid = start.target;
    live.querySelector(".exercise-finder")?.remove();
    live.hidden = false;
    return start;
  }

  async function startFromDay(day, uuid) {
    let starts;
    try {
      starts = JSON.parse(document.getElementById("offline-starts").dataset.starts);
    } catch (error) {
      return null;
    }
    const plan = starts[day];
    const template = document.getElementById("offline-day-" + day);
    if (!plan) {
      return null;
    }
    const data = JSON.parse(JSON.stringify(plan));
    data.uuid = uuid;
    data.started_at = now();
    const uuids = [];
    data.exercises.forEach((exercise) => {
      exercise.uuid = Outbox.newId();
      uuids.push(exercise.uuid);
      exercise.sets.forEach((each) => {
        each.uuid = Outbox.newId();
        uuids.push(each.uuid);
      });
    });
    // The template's placeholders appear in the same order: the workout's
    // own (not in the markup), then each exercise followed by its sets.
    const html = template ? instantiate(template.innerHTML, uuids) : "";
    const entry = { user, workout: uuid, op: "workout.start", target: uuid, data, view: { html } };
    await Outbox.add(entry);
    Sync.soon();
    return entry;
  }


  // Everything of this workout reached the server: show the server's page
  // again (its ids, records and last-time hints).
  Sync.onCaughtUp(async () => {
    const mine = (await Outbox.entries(user)).filter((e) => e.workout === live.dataset.workoutUuid);
    if (mine.length) {
      return;
    }
    if ("closed" in live.dataset) {
      window.location.replace("/workouts"); // finished or discarded: the history
    } else if (offlinePage) {
      window.location.replace("/workouts/current");
    } else if (live.contains(document.activeElement) && document.activeElement.matches("input")) {
      Sync.later(2000); // do not pull the field from under the lifter's thumb
    } else {
      window.location.reload();
    }
  });

  async function start() {
    let entries = await Outbox.entries(user);
    if (offlinePage) {
      if (!(await openOfflineWorkout(entries))) {
        return;
      }
      entries = await Outbox.entries(user);
    }
    entries
      .filter((e) => e.workout === live.dataset.workoutUuid)
      .forEach((entry) => drawEntry(entry, true));
  }

  start();
})();
