"""Hostile batches to the offline sync endpoint: never a 500, a refused change
writes nothing, an applied one is there, and a replay changes nothing more.

Batches are built from the lifter's own uuids, another lifter's, fresh and
malformed ones, so changes meet objects that exist, that belong to someone
else and that never were. See docs/offline.md for the payload.
"""

from collections import Counter

import pytest
from flask import current_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from homegym.exercises.models import Exercise
from homegym.extensions import db, limiter
from homegym.ids import new_uuid, parse_uuid
from homegym.pwa.owner import owner_key
from homegym.workouts.models import (
    PerformedExercise,
    SyncChange,
    Workout,
    WorkoutSet,
)
from homegym.workouts.sync import (
    CREATES,
    MAX_CHANGES,
    OPERATIONS,
    BadPayload,
    read_changes,
)
from tests.conftest import log_in

JSON = {"Accept": "application/json"}
VOLATILE = {("login_sessions", "last_seen_at")}
FUZZ = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
MODELS = {"workout": Workout, "exercise": PerformedExercise, "set": WorkoutSet}


# The lifter's world and another's, reached through the endpoint itself ------


def start(exercise_id: int, sets: int = 2) -> dict:
    return {
        "id": new_uuid(),
        "op": "workout.start",
        "data": {
            "uuid": new_uuid(),
            "name": "Garage day",
            "exercises": [
                {
                    "uuid": new_uuid(),
                    "exercise_id": exercise_id,
                    "sets": [
                        {"uuid": new_uuid(), "weight_kg": "60", "reps": 5}
                        for _ in range(sets)
                    ],
                }
            ],
        },
    }


def uuids_of(change: dict) -> list[str]:
    data = change["data"]
    found = [data["uuid"]]
    for performed in data["exercises"]:
        found.append(performed["uuid"])
        found.extend(item["uuid"] for item in performed["sets"])
    return found


class Syncer:
    """A signed-in client that posts to /sync with the outbox's CSRF token."""

    def __init__(self, client):
        self.client = client
        self.csrf = client.get("/sync/session").get_json()["csrf"]

    def post(self, body=None, raw: bytes | None = None, content_type=None):
        headers = {**JSON, "X-CSRFToken": self.csrf}
        if raw is None:
            return self.client.post("/sync", json=body, headers=headers, csrf=False)
        return self.client.post(
            "/sync", data=raw, content_type=content_type, headers=headers, csrf=False
        )


@pytest.fixture
def no_rate_limits(app):
    """A 429 would hide what the endpoint does with the batch."""
    limiter.enabled = False
    yield
    limiter.enabled = True


@pytest.fixture
def world(app, client, make_user, no_rate_limits):
    """Two lifters, each with an open workout started offline; ``client`` is A's."""
    bundled = Exercise(key="fuzz_squat", name_en="Back Squat", name_de="Kniebeuge")
    db.session.add(bundled)
    lifter, other = make_user("a@example.com"), make_user("b@example.com")
    mine = Exercise(user_id=lifter.id, name_en="Garage press", name_de="Presse")
    theirs = Exercise(user_id=other.id, name_en="Secret lift", name_de="Geheim")
    db.session.add_all([mine, theirs])
    db.session.commit()

    other_client = app.test_client()
    assert log_in(other_client, other.email).status_code == 303
    their_start = start(theirs.id)
    assert statuses(Syncer(other_client).post({"changes": [their_start]})) == [
        "applied"
    ]

    assert log_in(client, lifter.email).status_code == 303
    syncer = Syncer(client)
    my_start = start(bundled.id, sets=3)
    assert statuses(syncer.post({"changes": [my_start]})) == ["applied"]
    return {
        "syncer": syncer,
        "user": lifter,
        "owner": owner_key(lifter.id),
        "theirs": uuids_of(their_start),
        "exercise_ids": [bundled.id, mine.id, theirs.id],
        "change_ids": [my_start["id"], their_start["id"]],
    }


def statuses(response) -> list[str]:
    assert response.status_code == 200, response.get_data(True)
    return [result["status"] for result in response.get_json()["results"]]


# What the database holds ----------------------------------------------------


def snapshot() -> dict:
    """Every row of every table (the test database holds only this test's)."""
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                if (table.name, column.name) not in VOLATILE
            ]
            query = select(*columns).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def noted(user_id: int) -> set[str]:
    found = select(SyncChange.change_id).where(SyncChange.user_id == user_id)
    return set(db.session.scalars(found))


def exists(model, user_id: int, uuid) -> bool:
    if not isinstance(uuid, str):
        return False
    found = select(func.count()).where(model.user_id == user_id, model.uuid == uuid)
    return bool(db.session.scalar(found.select_from(model)))


def check_stored_ranges(user_id: int) -> None:
    """What an applied change stored is within what the set row allows."""
    for found in db.session.scalars(select(WorkoutSet)):
        for weight in (found.weight_kg, found.target_weight_kg):
            assert weight is None or 0 <= weight <= 1000, weight
        for reps in (found.reps, found.target_reps):
            assert reps is None or 0 <= reps <= 1000, reps
        assert found.rpe is None or (1 <= found.rpe <= 10 and found.rpe * 2 % 1 == 0)
    for found in db.session.scalars(select(PerformedExercise)):
        assert found.rest_seconds is None or 0 <= found.rest_seconds <= 3600
        assert len(found.notes) <= 2000
    for found in db.session.scalars(select(Workout)):
        assert len(found.name) <= 120


# Hostile payloads ------------------------------------------------------------

MALFORMED_IDS = [
    "",
    "not-a-uuid",
    "00000000-0000-0000-0000-00000000000",
    "{12345678-1234-5678-1234-567812345678}",
    "x" * 500,
    "\x00",
    0,
    -1,
    None,
    True,
    [],
    {},
]
NUMBERS = [
    0,
    -1,
    1,
    5,
    1000,
    1001,
    2**31,
    2**63,
    2**70,
    -(2**70),
    1.5,
    -0.0,
    1e308,
    "",
    "5",
    "82,5",
    "-1",
    "1e999999999",
    "NaN",
    "sNaN",
    "Infinity",
    "-inf",
    "\u0663",
    "\u00b2",
    "9" * 40,
    "0x10",
    None,
    True,
    [],
    {},
]
PLAUSIBLE = [None, "", "60", 5, 8, "82,5", 100.5, "0", 0, "7.5", 1000]
KINDS = ["normal", "warmup", "drop", "failure", "", "boss", None, 3, ["normal"]]
TEXTS = ["", "Garage day", "x" * 121, "y" * 2001, "\x00\x01", "\U0001f4aa", None, 7]
MOMENTS = [
    "2026-12-03T17:00:00Z",
    "2026-12-03T17:00:00+14:00",
    "1970-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "yesterday",
    "",
    None,
    17,
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def payloads(world) -> dict:
    """Strategies for uuids, ids and changes, from this world's objects.

    The lifter's own uuids are drawn as markers ("@set:2") and named when
    the batch is sent, so they are the objects of the open workout then.
    """

    def marker(kind):
        return st.integers(0, 3).map(lambda index: f"@{kind}:{index}")

    mine = st.one_of(marker("workout"), marker("exercise"), marker("set"))
    uuid = st.one_of(
        st.builds(new_uuid),
        mine,
        mine,
        st.sampled_from(world["theirs"]),
        st.sampled_from(MALFORMED_IDS),
        mine.map(lambda found: found + ":upper"),
    )
    row_id = st.one_of(st.sampled_from(world["exercise_ids"]), st.sampled_from(NUMBERS))
    fresh = st.one_of(st.builds(new_uuid), st.builds(new_uuid), uuid)
    number = st.one_of(
        st.sampled_from(PLAUSIBLE),
        st.sampled_from(PLAUSIBLE),
        st.sampled_from(NUMBERS),
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )
    a_set = st.fixed_dictionaries(
        {"uuid": fresh},
        optional={
            "kind": st.sampled_from(KINDS),
            "weight_kg": number,
            "weight": number,
            "unit": st.sampled_from(["kg", "lb", "kg", "stone", "", None]),
            "reps": number,
            "rpe": number,
            "target_weight_kg": number,
            "target_reps": number,
            "completed": st.sampled_from([True, False, "1", None]),
            "completed_at": st.sampled_from(MOMENTS),
            "done": st.sampled_from(["1", "0", "", "yes", 1, None, True]),
        },
    )
    sets = st.one_of(st.lists(a_set, max_size=3), JSON_VALUES, st.just([{}] * 51))
    an_exercise = st.fixed_dictionaries(
        {"uuid": fresh, "exercise_id": row_id},
        optional={
            "workout": uuid,
            "superset_group": st.sampled_from(["A", "Z", "AA", "", None, 1]),
            "rest_seconds": number,
            "target_reps_min": number,
            "target_reps_max": number,
            "target_rpe": number,
            "notes": st.sampled_from(TEXTS),
            "sets": sets,
        },
    )
    a_workout = st.fixed_dictionaries(
        {"uuid": fresh},
        optional={
            "name": st.sampled_from(TEXTS),
            "started_at": st.sampled_from(MOMENTS),
            "plan_day_id": row_id,
            "exercises": st.one_of(st.lists(an_exercise, max_size=2), JSON_VALUES),
        },
    )

    def named(kind):
        return st.fixed_dictionaries(
            {"uuid": st.one_of(marker(kind), marker(kind), uuid)},
            optional={"finished_at": st.sampled_from(MOMENTS)},
        )

    shaped = {
        "workout.start": a_workout,
        "workout.finish": named("workout"),
        "workout.discard": named("workout"),
        "exercise.add": st.builds(
            lambda values, holder: {"workout": holder, **values},
            an_exercise,
            st.one_of(marker("workout"), marker("workout"), uuid),
        ),
        "exercise.remove": named("exercise"),
        "set.add": st.builds(
            lambda values, holder: {"exercise": holder, **values},
            a_set,
            st.one_of(marker("exercise"), marker("exercise"), uuid),
        ),
        "set.update": st.builds(
            lambda values, found: {**values, "uuid": found},
            a_set,
            st.one_of(marker("set"), marker("set"), uuid),
        ),
        "set.remove": named("set"),
    }
    assert set(shaped) == set(OPERATIONS), "a new operation needs its data here"
    any_data = st.one_of(*shaped.values())
    change_id = st.one_of(
        st.builds(new_uuid),
        st.builds(new_uuid),
        st.builds(new_uuid),
        st.sampled_from(world["change_ids"]),
    )
    # Well formed: a uuid, a known operation and an object, with hostile values
    # inside; sometimes the data of another operation.
    change = st.one_of(
        *(
            st.fixed_dictionaries({"id": change_id, "op": st.just(op), "data": data})
            for op, data in shaped.items()
        ),
        st.fixed_dictionaries(
            {"id": change_id, "op": st.sampled_from(list(OPERATIONS)), "data": any_data}
        ),
    )
    # Malformed: what the envelope check must refuse before anything is applied.
    broken = st.fixed_dictionaries(
        {
            "id": st.one_of(change_id, st.sampled_from(MALFORMED_IDS)),
            "op": st.sampled_from([*OPERATIONS, "set.explode", "", None, 5]),
            "data": st.one_of(any_data, JSON_VALUES),
        },
        optional={"extra": JSON_VALUES},
    ).filter(lambda item: read_or_none(item) is None) | st.one_of(
        JSON_VALUES, st.fixed_dictionaries({"id": change_id})
    )
    return {"change": change, "broken": broken}


def read_or_none(item):
    """The change as the envelope check reads it, or None if refused."""
    with current_app.test_request_context():
        try:
            return read_changes({"changes": [item]})
        except BadPayload:
            return None


def envelopes(world, strategies) -> st.SearchStrategy:
    """Whole request bodies: mostly lists of changes, some not even that."""
    change, broken = strategies["change"], strategies["broken"]
    changes = st.builds(
        lambda items, again: items + items[:1] if again else items,
        st.lists(change, min_size=1, max_size=5),
        st.booleans(),
    )
    sane = changes.map(lambda items: {"changes": items})
    owned = st.builds(
        lambda items, user: {"changes": items, "user": user},
        changes,
        st.sampled_from([world["owner"], "someone-else", 5, None, ["x"]]),
    )
    spoiled = st.builds(
        lambda items, bad, at: {"changes": items[:at] + [bad] + items[at:]},
        changes,
        broken,
        st.integers(0, 5),
    )
    odd = st.one_of(
        JSON_VALUES,
        st.fixed_dictionaries({"changes": JSON_VALUES}),
        st.lists(change, max_size=2),
    )
    kinds = {"sane": sane, "owned": owned, "spoiled": spoiled, "odd": odd}
    # Mostly well-formed batches: those reach the changes themselves.
    return st.sampled_from(["sane"] * 6 + ["owned", "spoiled", "odd"]).flatmap(
        kinds.__getitem__
    )


RAW_BODIES = [
    (b"", "application/json"),
    (b"{", "application/json"),
    # Nested deeper than Python's JSON parser goes: a RecursionError, once a 500.
    (b'{"changes": [' * 5000, "application/json"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json"),
    (b'{"changes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "application/json"),
    (b'{"changes": []}', "text/plain"),
    (b'{"changes": []}', "application/x-www-form-urlencoded"),
    (b"changes=1&user=2", "application/x-www-form-urlencoded"),
    (b"\xff\xfe\x00\x01", "application/json"),
    (b'{"changes": [{"id": "\xed\xa0\x80"}]}', "application/json"),
    (b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\n1\r\n--x--", None),
    (b'{"changes": [], "changes": "dup"}', "application/json"),
    (b"NaN", "application/json"),
    (b'{"changes": [{"id": 1e999, "op": "set.add", "data": {}}]}', "application/json"),
]


def open_workout_uuids(world) -> dict[str, list[str]]:
    """The uuids of the lifter's open workout, its exercises and sets; one is
    started (through /sync, as a phone would) when the fuzzing emptied it."""
    user_id = world["user"].id
    workout = db.session.scalar(select(Workout).where(Workout.open_user_id == user_id))
    sets = [item for p in workout.exercises for item in p.sets] if workout else []
    if not sets:
        fresh = start(world["exercise_ids"][0], sets=3)
        assert statuses(world["syncer"].post({"changes": [fresh]})) == ["applied"]
        found = uuids_of(fresh)
        return {"workout": found[:1], "exercise": found[1:2], "set": found[2:]}
    return {
        "workout": [workout.uuid],
        "exercise": [performed.uuid for performed in workout.exercises],
        "set": [item.uuid for item in sets],
    }


def name_markers(value, pool: dict[str, list[str]]):
    """Replace "@set:N" markers with the lifter's current uuids."""
    if isinstance(value, dict):
        return {key: name_markers(item, pool) for key, item in value.items()}
    if isinstance(value, list):
        return [name_markers(item, pool) for item in value]
    if isinstance(value, str) and value[:1] == "@" and value[1:].split(":")[0] in pool:
        kind, index, *upper = value[1:].split(":")
        found = pool[kind][int(index) % len(pool[kind])]
        return found.upper() if upper else found
    return value


# The oracle ------------------------------------------------------------------


def check_results(world, changes, response, before, after, seen_before) -> Counter:
    """Hold the answer to the rows: nothing for refusals, the effect for the rest."""
    user_id = world["user"].id
    assert response.status_code in (200, 400, 409), response.status
    outcome = Counter()
    if response.status_code != 200:
        assert not changed_tables(before, after), response.get_data(True)
        outcome[response.status_code] += 1
        return outcome
    results = response.get_json()["results"]
    assert len(results) == len(changes)
    applied = {r["id"] for r in results if r["status"] == "applied"}
    now_noted = noted(user_id)
    # Each applied change is noted once; nothing else is.
    assert now_noted - seen_before == applied
    if not applied:
        assert not changed_tables(before, after)
    for change, result in zip(changes, results, strict=True):
        status = result["status"]
        outcome[status] += 1
        assert status in ("applied", "duplicate", "rejected"), result
        assert result["id"] == parse_uuid(change["id"])
        if status == "rejected":
            assert result["error"], result
            assert result["id"] not in now_noted - seen_before - applied
        if status == "duplicate":
            assert result["id"] in seen_before | applied
        if status in ("applied", "duplicate") and change["op"] in CREATES:
            # The answer names the object, and the object is the lifter's.
            made = result.get("object")
            later = [c for c in changes if c is not change]
            if made is not None:
                model = MODELS[made["type"]]
                assert exists(model, user_id, made["uuid"]) or later
    check_stored_ranges(user_id)
    return outcome


def check_rejected_creates(world, changes, results, before_uuids) -> None:
    """A refused create made nothing: its uuid names no new row of the lifter."""
    user_id = world["user"].id
    touched = Counter(parse_uuid(c["data"].get("uuid")) for c in changes)
    for change, result in zip(changes, results, strict=True):
        if result["status"] != "rejected" or change["op"] not in CREATES:
            continue
        uuid = parse_uuid(change["data"].get("uuid"))
        if uuid is None or touched[uuid] > 1 or uuid in before_uuids:
            continue  # nothing to look for, or another change may have made it
        model = CREATES[change["op"]][1]
        assert not exists(model, user_id, uuid), (change, result)


def lifter_uuids(user_id: int) -> set[str]:
    found = set()
    for model in MODELS.values():
        found |= set(
            db.session.scalars(select(model.uuid).where(model.user_id == user_id))
        )
    return found


def test_hostile_sync_batches(world):
    syncer, user_id = world["syncer"], world["user"].id
    strategies = payloads(world)
    outcomes = Counter()

    @FUZZ
    @given(body=envelopes(world, strategies))
    def batch(body):
        body = name_markers(body, open_workout_uuids(world))
        db.session.commit()
        before, seen = snapshot(), noted(user_id)
        uuids = lifter_uuids(user_id)
        response = syncer.post(body)
        after = snapshot()
        changes = body.get("changes") if isinstance(body, dict) else None
        outcome = check_results(world, changes, response, before, after, seen)
        outcomes.update(outcome)
        if response.status_code != 200:
            return
        results = response.get_json()["results"]
        check_rejected_creates(world, changes, results, uuids)
        # The same batch again: every change it applied is a duplicate now,
        # and nothing changes unless a change refused before is taken now.
        again = syncer.post(body)
        replayed = [r["status"] for r in again.get_json()["results"]]
        for first, second in zip(results, replayed, strict=True):
            if first["status"] in ("applied", "duplicate"):
                assert second == "duplicate", (first, second)
        if "applied" not in replayed:
            assert not changed_tables(after, snapshot())

    batch()
    # The fuzzer reached every answer: applied, duplicate, refused, malformed.
    assert all(outcomes[key] for key in ("applied", "duplicate", "rejected", 400))


@pytest.mark.parametrize("raw, content_type", RAW_BODIES)
def test_bodies_that_are_not_a_batch_are_refused_whole(world, raw, content_type):
    before = snapshot()
    response = world["syncer"].post(raw=raw, content_type=content_type)
    assert response.status_code == 400, response.status
    assert response.get_json()["error"] == "payload"
    assert not changed_tables(before, snapshot())


def test_a_batch_over_the_limit_is_refused_whole(world):
    change = start(world["exercise_ids"][0])
    before = snapshot()
    response = world["syncer"].post({"changes": [change] * (MAX_CHANGES + 1)})
    assert response.status_code == 400
    assert not changed_tables(before, snapshot())


def test_changes_one_at_a_time_are_applied_whole_or_not_at_all(world):
    """Each change alone: refused leaves every row as it was, applied shows."""
    syncer, user_id = world["syncer"], world["user"].id
    change = payloads(world)["change"]

    @settings(FUZZ, max_examples=40)
    @given(item=change)
    def one(item):
        item = name_markers(item, open_workout_uuids(world))
        db.session.commit()
        before, seen = snapshot(), noted(user_id)
        response = syncer.post({"changes": [item]})
        after = snapshot()
        check_results(world, [item], response, before, after, seen)
        if response.status_code != 200:
            return
        [result] = response.get_json()["results"]
        if result["status"] != "applied":
            assert not changed_tables(before, after), result
            return
        data = item["data"]
        if item["op"] in CREATES:
            assert exists(CREATES[item["op"]][1], user_id, parse_uuid(data["uuid"]))
        elif item["op"] in ("set.remove", "exercise.remove"):
            model = WorkoutSet if item["op"] == "set.remove" else PerformedExercise
            assert not exists(model, user_id, parse_uuid(data.get("uuid")))

    one()
