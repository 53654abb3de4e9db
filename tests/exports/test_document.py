"""The JSON export: all of the user's data, none of their secrets, nobody else's."""

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from homegym.accounts.models import FailedLogin
from homegym.accounts.sessions import start_session
from homegym.coach.models import CoachRequest
from homegym.exercises.models import Exercise
from homegym.exports.document import export_document
from homegym.exports.rows import FIELDS
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.imports import storage
from homegym.imports.models import ImportBatch
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.progress import photos
from homegym.progress.models import BodyMetric
from homegym.workouts.models import SyncChange
from tests.exports.conftest import bundled
from tests.progress.conftest import png_bytes


@pytest.fixture
def secrets(history, app, tmp_path) -> dict:
    """Give the history a plan, a metric, a photo, coach, import and login rows.

    Returns the secrets that came with them, by name.
    """
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    user, bench = history, bundled("bench_press")
    plan = Plan(user_id=user.id, name="Home plan")
    db.session.add(plan)
    db.session.flush()
    for position, name in ((1, "Day B"), (0, "Day A")):
        day = PlanDay(plan_id=plan.id, user_id=user.id, name=name, position=position)
        db.session.add(day)
        db.session.flush()
        db.session.add(
            PlannedExercise(
                day_id=day.id,
                user_id=user.id,
                exercise_id=bench.id,
                sets=5,
                reps_min=3,
                reps_max=5,
                target_rpe=Decimal("8"),
            )
        )
    db.session.add(
        BodyMetric(
            user_id=user.id, measured_on=date(2026, 11, 1), weight_kg=Decimal("81.5")
        )
    )
    photo, _ = photos.add_photo(user.id, png_bytes(), date(2026, 11, 1), "front")
    photo.note = "Week 1"
    token = storage.new_token()
    db.session.add_all(
        [
            CoachRequest(
                user_id=user.id,
                feature="plan",
                provider="engine",
                outcome="ok",
                plan_id=plan.id,
                result={"exercises": [{"exercise_id": bench.id, "sets": 5}]},
            ),
            ImportBatch(
                user_id=user.id,
                token=token,
                source="hevy",
                filename="hevy.csv",
                status="done",
                summary={"names": [{"name": "Bench Press", "match": bench.id}]},
                mapping={"Bench Press": bench.id},
            ),
            SyncChange(user_id=user.id, change_id=new_uuid(), op="set.update"),
            FailedLogin(username=user.email, ip="192.0.2.7"),
        ]
    )
    login = start_session(user, remember=True, user_agent="Firefox", ip="192.0.2.1")
    db.session.commit()
    return {
        "password hash": user.password_hash,
        "session token": login.cookie_value.partition(":")[2],
        "session token hash": login.token_hash,
        "import token": token,
        "photo key": photo.image_key,
        "thumbnail key": photo.thumb_key,
    }


@pytest.fixture
def text(secrets, history, other) -> str:
    return "".join(export_document(history))


@pytest.fixture
def document(text) -> dict:
    return json.loads(text)


def test_the_account_and_the_users_own_exercises(document, history):
    account = document["account"]
    assert document["format"] == "homegym-export"
    assert (account["email"], account["units"], account["timezone"]) == (
        "lifter@example.com",
        "kg",
        "Europe/Berlin",
    )
    assert account["equipment"]["bar_weight"] == "20"
    rower = db.session.scalar(select(Exercise).where(Exercise.user_id == history.id))
    assert [(e["uuid"], e["name_en"], e["name_de"]) for e in document["exercises"]] == [
        (rower.uuid, "Garage Rower", "Ruderergometer Garage")
    ]


def test_plans_hold_their_days_and_planned_exercises_in_order(document):
    (plan,) = document["plans"]
    assert plan["name"] == "Home plan"
    assert [day["name"] for day in plan["days"]] == ["Day A", "Day B"]
    planned = plan["days"][0]["exercises"]
    assert [
        (p["exercise"]["key"], p["sets"], p["reps_min"], p["reps_max"], p["target_rpe"])
        for p in planned
    ] == [("bench_press", 5, 3, 5, "8")]


def test_every_workout_and_every_set_is_there(document):
    push, legs, open_one = document["workouts"]
    assert [w["name"] for w in (push, legs, open_one)] == [
        "Push 💪",
        "Leg Day 🦵🔥",
        "Still going",
    ]
    assert (push["started_at"], push["finished_at"]) == (
        "2026-03-02T06:30:15Z",
        "2026-03-02T07:41:15Z",
    )
    assert open_one["finished_at"] is None
    assert [len(e["sets"]) for e in legs["exercises"]] == [3, 2, 2, 2, 1, 1, 1]

    bench = push["exercises"][0]["sets"]
    assert [(s["weight_kg"], s["reps"], s["rpe"]) for s in bench] == [
        ("40", 10, None),
        ("80", 6, "8"),
        ("80", 6, "8.5"),
        ("80", 6, None),
    ]
    assert bench[-1]["completed_at"] is None  # planned, not done
    assert push["exercises"][1]["sets"][0]["weight_kg"] is None  # bodyweight
    assert legs["exercises"][0]["sets"][2]["weight_kg"] == "102.0583"
    skipped_plank = legs["exercises"][6]
    assert skipped_plank["sets"][0]["completed_at"] is None
    assert skipped_plank["sets"][0]["measure"]["duration_seconds"] == 60
    rower = legs["exercises"][5]
    assert rower["exercise"]["name"] == "Garage Rower"
    assert "uuid" in rower["exercise"]  # the user's own, named by uuid
    assert rower["sets"][0]["measure"] == {
        "distance_m": "2500.5",
        "duration_seconds": None,
    }


def test_metrics_photos_coach_and_imports(document, secrets):
    assert [(m["measured_on"], m["weight_kg"]) for m in document["body_metrics"]] == [
        ("2026-11-01", "81.5")
    ]
    (photo,) = document["progress_photos"]
    assert (photo["taken_on"], photo["pose"], photo["note"]) == (
        "2026-11-01",
        "front",
        "Week 1",
    )
    (coach,) = document["coach_requests"]
    assert coach["feature"] == "plan"
    assert coach["plan"] == document["plans"][0]["uuid"]
    assert coach["result"]["exercises"][0]["exercise"]["key"] == "bench_press"
    (batch,) = document["import_batches"]
    assert batch["filename"] == "hevy.csv"
    assert batch["mapping"]["Bench Press"]["key"] == "bench_press"
    assert [s["user_agent"] for s in document["login_sessions"]] == ["Firefox"]
    assert [f["ip"] for f in document["failed_logins"]] == ["192.0.2.7"]
    assert [c["op"] for c in document["sync_changes"]] == ["set.update"]


def test_no_secret_is_in_the_document(text, secrets):
    for name, secret in secrets.items():
        assert secret not in text, name
    for column in ("password_hash", "token_hash", "token", "image_key", "thumb_key"):
        assert f'"{column}"' not in text


def test_nothing_of_another_user_is_in_the_document(text, other):
    for mark in (
        other.email,
        "Other Sled",
        "Other's Tuesday",
        "Other's notes",
        "Other's plan",
        "99.9",
    ):
        assert mark not in text


# Columns each part of the document leaves out, and why: row ids (rows refer
# to each other by uuid), secrets, and what is written in another shape.
LEFT_OUT = {
    "account": {"id", "password_hash", "equipment"},  # equipment: with defaults
    "exercise": {"id", "user_id", "key"},  # key: only library exercises have one
    "plan": {"id", "user_id"},
    "plan_day": {"id", "plan_id", "user_id"},
    "planned": {"id", "day_id", "user_id", "exercise_id"},
    "workout": {"id", "user_id", "plan_day_id", "open_user_id"},
    "performed": {"id", "workout_id", "user_id", "exercise_id"},
    "set": {"id", "performed_exercise_id", "user_id"},
    "measure": {"set_id", "user_id"},
    "body_metric": {"id", "user_id"},
    "photo": {"id", "user_id", "image_key", "thumb_key", "thumb_width", "thumb_height"},
    "coach_request": {"id", "user_id", "result", "plan_id"},
    "import_batch": {"id", "user_id", "token", "summary", "mapping"},
    "login_session": {"id", "user_id", "token_hash"},
    "failed_login": {"id", "username"},
    "sync_change": {"id", "user_id"},
}
TABLES = {
    "account": "users",
    "exercise": "exercises",
    "plan": "plans",
    "plan_day": "plan_days",
    "planned": "planned_exercises",
    "workout": "workouts",
    "performed": "performed_exercises",
    "set": "sets",
    "measure": "set_measures",
    "body_metric": "body_metrics",
    "photo": "progress_photos",
    "coach_request": "coach_requests",
    "import_batch": "import_batches",
    "login_session": "login_sessions",
    "failed_login": "failed_logins",
    "sync_change": "sync_changes",
}


@pytest.mark.parametrize("part", sorted(TABLES))
def test_every_column_goes_out_but_row_ids_and_secrets(app, part):
    """A column added later must be exported, or left out here on purpose."""
    table = db.metadata.tables[TABLES[part]]
    exported = set(FIELDS[part].split())
    assert exported == {column.name for column in table.c} - LEFT_OUT[part]


# Not the lifter's data: the random key their kept records are filed under
# (homegym.workouts.freshness).
INTERNAL = {"training_stamps"}


def test_every_table_of_a_user_is_a_part_of_the_document(app):
    owned = {table.name for table in db.metadata.sorted_tables if "user_id" in table.c}
    assert (owned - INTERNAL) | {"users", "failed_logins"} == set(TABLES.values())
