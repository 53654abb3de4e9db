"""The sync endpoint: the phone's outbox arrives here, each change applied once."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from homegym.accounts.models import LoginSession
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.pwa.owner import owner_key
from homegym.workouts.models import (
    PerformedExercise,
    SyncChange,
    Workout,
    WorkoutSet,
)
from tests.conftest import log_in
from tests.workouts.conftest import done, planned

JSON = {"Accept": "application/json"}


def change(op: str, **data) -> dict:
    return {"id": new_uuid(), "op": op, "data": data}


def post(client, *changes, user=None, **extra):
    body = {"changes": list(changes)}
    if user is not None:
        body["user"] = user
    return client.post("/sync", json=body, headers=JSON, **extra)


def statuses(response) -> list[str]:
    assert response.status_code == 200, response.get_data(True)
    return [result["status"] for result in response.get_json()["results"]]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def start_change(exercise, workout_uuid=None, sets=2, **data):
    """A workout started offline: one exercise with ``sets`` pre-filled sets."""
    return change(
        "workout.start",
        uuid=workout_uuid or new_uuid(),
        name="Garage day",
        started_at="2026-12-03T17:00:00Z",
        exercises=[
            {
                "uuid": new_uuid(),
                "exercise_id": exercise.id,
                "rest_seconds": 90,
                "target_reps_min": 6,
                "target_reps_max": 8,
                "sets": [
                    {
                        "uuid": new_uuid(),
                        "kind": "normal",
                        "weight_kg": "100",
                        "reps": 8,
                    }
                    for _ in range(sets)
                ],
            }
        ],
        **data,
    )


def only_workout(user) -> Workout:
    db.session.expire_all()
    return db.session.scalars(select(Workout).where(Workout.user_id == user.id)).one()


@pytest.fixture
def open_workout(user, exercises, make_workout):
    return make_workout(
        user,
        [(exercises["squat"], [planned("100", 8), planned("100", 8)])],
        days_ago=0,
        finished=False,
    )


def test_a_workout_started_offline_arrives_as_the_phone_showed_it(
    logged_in, user, exercises
):
    start = start_change(exercises["squat"])

    assert statuses(post(logged_in, start)) == ["applied"]

    workout = only_workout(user)
    assert workout.uuid == start["data"]["uuid"]
    assert workout.name == "Garage day" and workout.finished_at is None
    assert str(workout.started_at) == "2026-12-03 17:00:00"
    [performed] = workout.exercises
    assert performed.uuid == start["data"]["exercises"][0]["uuid"]
    assert performed.rest_seconds == 90
    sent = start["data"]["exercises"][0]["sets"]
    assert [s.uuid for s in performed.sets] == [s["uuid"] for s in sent]
    assert [s.weight_kg for s in performed.sets] == [Decimal("100")] * 2
    assert [s.target_reps for s in performed.sets] == [8, 8]


def test_the_same_change_delivered_twice_makes_one_row(logged_in, user, exercises):
    start = start_change(exercises["squat"])
    set_uuid = new_uuid()
    performed_uuid = start["data"]["exercises"][0]["uuid"]
    add = change("set.add", uuid=set_uuid, exercise=performed_uuid, weight_kg="60")
    tick = change("set.update", uuid=set_uuid, reps="5", done="1", unit="kg")

    assert statuses(post(logged_in, start, add, tick)) == ["applied"] * 3
    # The network cut after the server committed: the phone sends it all again.
    assert statuses(post(logged_in, start, add, tick)) == ["duplicate"] * 3

    assert count(Workout) == 1
    assert count(WorkoutSet) == 3
    assert count(SyncChange) == 3


def test_a_replayed_create_answers_with_the_object_it_made(logged_in, user, exercises):
    """The phone whose first answer was lost learns the rows from the replay."""
    start = start_change(exercises["squat"])
    performed_uuid = new_uuid()
    add_exercise = change(
        "exercise.add",
        workout=start["data"]["uuid"],
        uuid=performed_uuid,
        exercise_id=exercises["bench"].id,
        sets=[],
    )
    set_uuid = new_uuid()
    add_set = change("set.add", uuid=set_uuid, exercise=performed_uuid, reps="5")
    sent = (start, add_exercise, add_set)
    first = post(logged_in, *sent).get_json()["results"]

    replay = post(logged_in, *sent).get_json()["results"]

    workout = only_workout(user)
    performed = workout.exercises[1]
    assert [r["status"] for r in replay] == ["duplicate"] * 3
    assert [r["object"] for r in replay] == [
        {
            "type": "workout",
            "uuid": workout.uuid,
            "id": workout.id,
            "url": f"/workouts/{workout.id}/log",
        },
        {
            "type": "exercise",
            "uuid": performed_uuid,
            "id": performed.id,
            "workout": workout.uuid,
        },
        {
            "type": "set",
            "uuid": set_uuid,
            "id": performed.sets[0].id,
            "exercise": performed_uuid,
        },
    ]
    assert [r["object"] for r in first] == [r["object"] for r in replay]
    assert count(Workout) == 1 and count(WorkoutSet) == 3


def test_a_replayed_edit_or_a_create_since_removed_names_no_object(
    logged_in, open_workout
):
    performed = open_workout.exercises[0]
    set_uuid = new_uuid()
    add = change("set.add", uuid=set_uuid, exercise=performed.uuid, reps="5")
    tick = change("set.update", uuid=set_uuid, done="1", unit="kg")
    remove = change("set.remove", uuid=set_uuid)
    post(logged_in, add, tick, remove)

    replay = post(logged_in, add, tick, remove).get_json()["results"]

    assert replay == [
        {"id": c["id"], "status": "duplicate"} for c in (add, tick, remove)
    ]
    assert count(WorkoutSet) == 2


def test_a_replayed_create_with_a_new_change_id_still_makes_one_row(
    logged_in, user, exercises
):
    """A request that failed to send is queued again under a new change id."""
    start = start_change(exercises["squat"])
    again = {**start, "id": new_uuid()}

    assert statuses(post(logged_in, start)) == ["applied"]
    assert statuses(post(logged_in, again)) == ["applied"]

    assert count(Workout) == 1
    assert count(WorkoutSet) == 2


def test_changes_apply_in_the_order_sent(logged_in, user, exercises, open_workout):
    performed = open_workout.exercises[0]
    first = performed.sets[0]
    set_uuid = new_uuid()

    results = post(
        logged_in,
        change("set.update", uuid=first.uuid, weight="105", reps="8", unit="kg"),
        change("set.update", uuid=first.uuid, weight="110", reps="6", unit="kg"),
        change("set.add", uuid=set_uuid, exercise=performed.uuid, weight="110"),
        change("set.update", uuid=set_uuid, reps="4", done="1", unit="kg"),
        change("set.remove", uuid=performed.sets[1].uuid),
    )

    assert statuses(results) == ["applied"] * 5
    db.session.expire_all()
    sets = db.session.scalars(select(WorkoutSet).order_by(WorkoutSet.position)).all()
    assert [(s.weight_kg, s.reps, s.completed) for s in sets] == [
        (Decimal("110"), 6, False),
        (Decimal("110"), 4, True),
    ]
    assert [s.position for s in sets] == [0, 1]


def test_an_edit_sent_before_its_set_exists_is_refused_not_guessed(
    logged_in, open_workout
):
    set_uuid = new_uuid()
    performed = open_workout.exercises[0]

    results = post(
        logged_in,
        change("set.update", uuid=set_uuid, reps="5", unit="kg"),
        change("set.add", uuid=set_uuid, exercise=performed.uuid, weight="60"),
    ).get_json()["results"]

    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert "not on the server" in results[0]["error"]
    assert count(WorkoutSet) == 3


def test_pounds_are_stored_in_kilograms(logged_in, user, open_workout):
    first = open_workout.exercises[0].sets[0]

    post(logged_in, change("set.update", uuid=first.uuid, weight="225", unit="lb"))

    db.session.expire_all()
    assert db.session.get(WorkoutSet, first.id).weight_kg == Decimal("102.0583")


def test_finishing_offline_keeps_what_was_entered(logged_in, user, open_workout):
    performed = open_workout.exercises[0]
    first, second = performed.sets
    results = post(
        logged_in,
        change("set.update", uuid=first.uuid, done="1", unit="kg"),
        change(
            "workout.finish",
            uuid=open_workout.uuid,
            finished_at="2026-12-03T18:30:00+01:00",
        ),
    )

    assert statuses(results) == ["applied", "applied"]
    workout = only_workout(user)
    assert str(workout.finished_at) == "2026-12-03 17:30:00"
    assert [s.uuid for s in workout.exercises[0].sets] == [first.uuid]


def test_an_offline_start_closes_the_workout_left_open(
    logged_in, user, exercises, open_workout
):
    open_workout.exercises[0].sets[0].reps = 5  # something the lifter entered
    db.session.commit()

    assert statuses(post(logged_in, start_change(exercises["bench"]))) == ["applied"]

    db.session.expire_all()
    workouts = db.session.scalars(select(Workout).order_by(Workout.id)).all()
    assert len(workouts) == 2
    assert workouts[0].finished_at is not None
    assert [s.reps for s in workouts[0].exercises[0].sets] == [5]
    assert workouts[1].finished_at is None


def test_a_delete_of_something_already_gone_succeeds(logged_in, open_workout):
    gone = new_uuid()
    assert statuses(post(logged_in, change("set.remove", uuid=gone))) == ["applied"]
    assert count(WorkoutSet) == 2


def test_another_users_uuids_do_nothing_to_their_rows(
    client, make_user, exercises, make_workout
):
    owner = make_user("owner@example.com")
    theirs = make_workout(
        owner,
        [(exercises["squat"], [done("100", 5), planned("100", 5)])],
        days_ago=0,
        finished=False,
    )
    performed = theirs.exercises[0]
    first, second = performed.sets
    make_user("mallory@example.com")
    log_in(client, "mallory@example.com")

    results = post(
        client,
        change("set.update", uuid=first.uuid, weight="1", reps="1", unit="kg"),
        change("set.remove", uuid=second.uuid),
        change("set.add", uuid=new_uuid(), exercise=performed.uuid, weight="1"),
        change("exercise.remove", uuid=performed.uuid),
        change("workout.finish", uuid=theirs.uuid),
        change("workout.discard", uuid=theirs.uuid),
    ).get_json()["results"]

    assert [r["status"] for r in results] == [
        "rejected",
        "applied",  # deleting "nothing" of one's own
        "rejected",
        "applied",
        "rejected",
        "applied",
    ]
    db.session.expire_all()
    kept = db.session.get(Workout, theirs.id)
    assert kept.finished_at is None
    sets = kept.exercises[0].sets
    assert [(s.weight_kg, s.reps) for s in sets] == [
        (Decimal("100"), 5),
        (Decimal("100"), 5),
    ]


def test_a_uuid_taken_by_another_user_makes_a_row_of_ones_own(
    client, make_user, exercises, make_workout
):
    owner = make_user("owner@example.com")
    theirs = make_workout(owner, [(exercises["squat"], [done("100", 5)])])
    make_user("mallory@example.com")
    log_in(client, "mallory@example.com")

    start = start_change(exercises["squat"], workout_uuid=theirs.uuid)
    assert statuses(post(client, start)) == ["applied"]

    db.session.expire_all()
    assert db.session.get(Workout, theirs.id).exercises[0].sets[0].reps == 5
    assert count(Workout) == 2


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("not json", "JSON object"),
        ({"changes": "all of them"}, "JSON object"),
        ({"changes": [{"id": "nope", "op": "set.remove", "data": {}}]}, "valid id"),
        ({"changes": [{"id": new_uuid(), "op": "drop.table", "data": {}}]}, "unknown"),
        ({"changes": [{"id": new_uuid(), "op": "set.remove"}]}, "no data"),
        ({"changes": [change("set.remove", uuid=new_uuid())] * 101}, "at most"),
    ],
)
def test_a_malformed_request_is_refused_whole(logged_in, open_workout, body, message):
    first = open_workout.exercises[0].sets[0]
    good = change("set.update", uuid=first.uuid, reps="1", unit="kg")
    if isinstance(body, dict) and isinstance(body["changes"], list):
        body = {"changes": [good, *body["changes"]]}

    if isinstance(body, str):
        response = logged_in.post(
            "/sync", data=body, content_type="application/json", headers=JSON
        )
    else:
        response = logged_in.post("/sync", json=body, headers=JSON)

    assert response.status_code == 400
    assert message in response.get_json()["message"]
    db.session.expire_all()
    assert db.session.get(WorkoutSet, first.id).reps == 8
    assert count(SyncChange) == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight": "heavy"}, "Enter a number"),
        ({"rpe": "11"}, "RPE goes from 1 to 10"),
        ({"reps": "-3"}, "Reps must be between"),
        ({"kind": "superset"}, "Invalid value"),
        ({"reps": "", "done": "1"}, "Enter the reps before you tick"),
        ({"weight": "5", "unit": "stone"}, "unknown unit"),
    ],
)
def test_an_invalid_change_is_named_and_writes_nothing(
    logged_in, open_workout, values, message
):
    first = open_workout.exercises[0].sets[0]

    response = post(logged_in, change("set.update", uuid=first.uuid, **values))

    [result] = response.get_json()["results"]
    assert result["status"] == "rejected"
    assert message in result["error"]
    db.session.expire_all()
    kept = db.session.get(WorkoutSet, first.id)
    assert (kept.weight_kg, kept.reps, kept.rpe, kept.kind) == (
        Decimal("100"),
        8,
        None,
        "normal",
    )
    assert count(SyncChange) == 0


def test_a_start_with_an_exercise_not_in_the_library_writes_nothing(
    logged_in, make_user, make_exercise
):
    stranger = make_user("other@example.com")
    private = make_exercise(stranger, name_en="Their own lift")

    result = post(logged_in, start_change(private)).get_json()["results"][0]

    assert result["status"] == "rejected"
    assert "not in your library" in result["error"]
    assert count(Workout) == count(PerformedExercise) == count(WorkoutSet) == 0


def test_numbers_out_of_range_in_a_start_write_nothing(logged_in, exercises):
    start = start_change(exercises["squat"])
    start["data"]["exercises"][0]["sets"][1]["weight_kg"] = "5000"

    result = post(logged_in, start).get_json()["results"][0]

    assert result["status"] == "rejected"
    assert count(Workout) == count(WorkoutSet) == 0


def test_signed_out_the_outbox_is_told_to_log_in(client, user, exercises):
    response = post(client, start_change(exercises["squat"]))

    assert response.status_code == 401
    assert response.get_json()["error"] == "login"
    assert count(Workout) == 0


def test_an_expired_session_answers_401_not_a_login_page(logged_in, user, exercises):
    db.session.execute(LoginSession.__table__.delete())
    db.session.commit()

    response = post(logged_in, start_change(exercises["squat"]))

    assert response.status_code == 401
    assert count(Workout) == 0


def test_a_stale_csrf_token_answers_403(logged_in, user, exercises):
    response = logged_in.post(
        "/sync",
        json={"changes": [start_change(exercises["squat"])]},
        headers={**JSON, "X-CSRFToken": "stale"},
        csrf=False,
    )

    assert response.status_code == 403
    assert response.get_json()["error"] == "csrf"
    assert count(Workout) == 0


def test_changes_of_another_account_are_refused(logged_in, user, exercises):
    response = post(logged_in, start_change(exercises["squat"]), user="someone-else")

    assert response.status_code == 409
    assert count(Workout) == 0


def test_the_owners_key_is_accepted(logged_in, user, exercises):
    response = post(
        logged_in, start_change(exercises["squat"]), user=owner_key(user.id)
    )

    assert statuses(response) == ["applied"]


def test_maintenance_keeps_the_outbox_waiting(app, logged_in, user, exercises):
    app.config["DEBUG_MAINTENANCE"] = True

    response = post(logged_in, start_change(exercises["squat"]))

    assert response.status_code == 503
    assert response.get_json()["error"] == "maintenance"
    assert count(Workout) == 0


def test_the_session_endpoint_hands_out_the_owner_and_a_token(logged_in, user):
    body = logged_in.get("/sync/session").get_json()

    assert body["user"] == owner_key(user.id)
    assert body["csrf"]


def test_the_session_endpoint_says_when_signed_out(client):
    assert client.get("/sync/session").status_code == 401


def test_an_rpe_between_the_steps_in_an_added_set_writes_nothing(
    logged_in, open_workout
):
    performed = open_workout.exercises[0]
    add = change("set.add", uuid=new_uuid(), exercise=performed.uuid, rpe="8.3")

    [result] = post(logged_in, add).get_json()["results"]

    assert result["status"] == "rejected"
    assert "steps of 0.5" in result["error"]
    assert count(WorkoutSet) == 2


def test_an_offline_start_discards_an_empty_workout_left_open(
    logged_in, user, exercises, open_workout
):
    start = start_change(exercises["bench"])

    assert statuses(post(logged_in, start)) == ["applied"]

    workout = only_workout(user)
    assert workout.uuid == start["data"]["uuid"]
    assert count(WorkoutSet) == 2  # the new workout's; the empty one is gone
    assert count(SyncChange) == 1


def test_a_refused_start_leaves_the_workout_open_untouched(
    logged_in, user, make_user, make_exercise, open_workout
):
    private = make_exercise(make_user("other@example.com"), name_en="Their own lift")

    [result] = post(logged_in, start_change(private)).get_json()["results"]

    assert result["status"] == "rejected"
    workout = only_workout(user)
    assert workout.id == open_workout.id and workout.finished_at is None
    assert count(WorkoutSet) == 2
    assert count(SyncChange) == 0


@pytest.mark.parametrize(
    ("op", "key", "value", "message"),
    [
        ("workout.start", "plan_day_id", 10**30, "plan day that does not exist"),
        ("workout.start", "plan_day_id", 1.5e308, "plan day that does not exist"),
        ("workout.start", "plan_day_id", True, "plan day that does not exist"),
        ("workout.start", "plan_day_id", {"id": 1}, "plan day that does not exist"),
        ("exercise.add", "exercise_id", 10**30, "not in your library"),
        ("exercise.add", "exercise_id", "1e5", "not in your library"),
        ("exercise.add", "exercise_id", "²", "not in your library"),
        ("exercise.add", "exercise_id", [1], "not in your library"),
    ],
)
def test_an_id_no_row_could_have_is_refused_and_writes_nothing(
    logged_in, user, exercises, open_workout, op, key, value, message
):
    if op == "workout.start":
        sent = start_change(exercises["squat"])
        sent["data"][key] = value
    else:
        sent = change(
            op, workout=open_workout.uuid, uuid=new_uuid(), sets=[], **{key: value}
        )

    response = post(logged_in, sent)

    [result] = response.get_json()["results"]
    assert result["status"] == "rejected"
    assert message in result["error"]
    assert count(Workout) == 1 and count(PerformedExercise) == 1
    assert count(WorkoutSet) == 2 and count(SyncChange) == 0


def test_a_workout_discarded_offline_goes_with_its_sets(logged_in, open_workout):
    discard = change("workout.discard", uuid=open_workout.uuid)

    assert statuses(post(logged_in, discard)) == ["applied"]
    assert statuses(post(logged_in, discard)) == ["duplicate"]

    assert count(Workout) == count(PerformedExercise) == count(WorkoutSet) == 0
    assert count(SyncChange) == 1
