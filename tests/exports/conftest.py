"""Histories for the export tests, written straight into the database.

``history`` is a lifter in Berlin with everything the Hevy format can carry:
warm-up, drop and failure sets, a bodyweight set, RPE 8.5, a superset, one
exercise twice in a workout, distance and duration, notes with commas,
quotes, line breaks and emoji, summer and winter time; plus what the CSV
leaves out (a set not done, an open workout). ``other`` is a second
lifter whose data must never show up in the first one's exports.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.imports import storage
from homegym.imports.models import SetMeasure
from homegym.plans.models import Plan
from homegym.progress.models import BodyMetric
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet


@dataclass
class S:
    """A set to store: weight in kg as text, distance in metres as text."""

    weight: str | None = None
    reps: int | None = None
    kind: str = "normal"
    rpe: str | None = None
    metres: str | None = None
    seconds: int | None = None
    done: bool = True


def decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def bundled(key: str) -> Exercise:
    return db.session.scalar(select(Exercise).where(Exercise.key == key))


def own_exercise(user, name_en: str, name_de: str | None = None) -> Exercise:
    exercise = Exercise(
        user_id=user.id,
        uuid=new_uuid(),
        name_en=name_en,
        name_de=name_de or name_en,
        primary_muscles=["quads"],
        equipment=[],
    )
    db.session.add(exercise)
    db.session.commit()
    return exercise


def add_workout(user, started, minutes, name, blocks, notes="", finished=True):
    """Store a workout; ``blocks`` are (exercise, notes, superset, [S, ...])."""
    workout = Workout(
        user_id=user.id,
        name=name,
        notes=notes,
        started_at=started,
        finished_at=started + timedelta(minutes=minutes) if finished else None,
    )
    measured = []
    for position, (exercise, exercise_notes, superset, sets) in enumerate(blocks):
        performed = PerformedExercise(
            user_id=user.id,
            exercise_id=exercise.id,
            position=position,
            notes=exercise_notes,
            superset_group=superset,
        )
        workout.exercises.append(performed)
        for number, spec in enumerate(sets):
            row = WorkoutSet(
                user_id=user.id,
                position=number * 2,  # gaps, as deleting a set leaves them
                kind=spec.kind,
                weight_kg=decimal(spec.weight),
                reps=spec.reps,
                rpe=decimal(spec.rpe),
                completed_at=started + timedelta(minutes=number) if spec.done else None,
            )
            performed.sets.append(row)
            if spec.metres is not None or spec.seconds is not None:
                measured.append((row, spec))
    db.session.add(workout)
    db.session.flush()
    for row, spec in measured:
        db.session.add(
            SetMeasure(
                set_id=row.id,
                user_id=user.id,
                distance_m=decimal(spec.metres),
                duration_seconds=spec.seconds,
            )
        )
    db.session.commit()
    return workout


@pytest.fixture
def library(app):
    load_library()
    db.session.commit()


@pytest.fixture
def lifter(make_user):
    """A lifter in Berlin, where the CSV's local times are an hour or two ahead."""
    return make_user("lifter@example.com", timezone="Europe/Berlin")


def write_history(user) -> None:
    """Two finished workouts (winter and summer time) and an open one."""
    rower = own_exercise(user, "Garage Rower", "Ruderergometer Garage")
    add_workout(
        user,
        datetime(2026, 3, 2, 6, 30, 15),
        71,
        "Push 💪",
        [
            (
                bundled("bench_press"),
                "",
                None,
                [
                    S("40", 10, "warmup"),
                    S("80", 6, rpe="8"),
                    S("80", 6, rpe="8.5"),
                    S("80", 6, done=False),
                ],
            ),
            (bundled("pull_up"), "Strict, no kipping", "A", [S(None, 8), S("10", 5)]),
            (bundled("push_up"), "", "A", [S(None, 20, rpe="9.5")]),
            (bundled("plank"), "", None, [S(seconds=60)]),
        ],
    )
    add_workout(
        user,
        datetime(2026, 7, 9, 16, 5, 40),
        75,
        "Leg Day 🦵🔥",
        [
            (
                bundled("back_squat"),
                "Belt on, knees out",
                None,
                [
                    S("60", 5, "warmup"),
                    S("102.5", 5, rpe="8.5"),
                    S("102.0583", 3, "failure", rpe="10"),
                ],
            ),
            (bundled("leg_extension"), "", "x", [S("45", 12), S("30", 10, "drop")]),
            (
                bundled("lying_leg_curl"),
                "",
                "x",
                [S("40", 12, rpe="9.5"), S("27.5", 10, "drop")],
            ),
            (bundled("back_squat"), "Back-off sets", None, [S("80", 8), S("80", 8)]),
            (
                bundled("dumbbell_farmers_walk"),
                "",
                None,
                [S("32.5", metres="40", seconds=45)],
            ),
            (rower, 'Damper 5, "easy"\nthen sprint 🚣', None, [S(metres="2500.5")]),
            (bundled("plank"), "Skipped today", None, [S(seconds=60, done=False)]),
        ],
        notes='Felt strong, "new" PR\non squats, finally',
    )
    add_workout(
        user,
        datetime(2026, 7, 12, 16, 0),
        0,
        "Still going",
        [(bundled("bench_press"), "", None, [S("60", 5)])],
        finished=False,
    )


@pytest.fixture
def history(library, lifter):
    write_history(lifter)
    return lifter


@pytest.fixture
def other(make_user):
    """Another lifter with a workout, an exercise, a plan and a metric of theirs."""
    user = make_user("other@example.com")
    sled = own_exercise(user, "Other Sled")
    add_workout(
        user,
        datetime(2026, 5, 5, 17, 0),
        30,
        "Other's Tuesday",
        [(sled, "Other's notes", None, [S("50", 10)])],
    )
    db.session.add_all(
        [
            Plan(user_id=user.id, name="Other's plan"),
            BodyMetric(
                user_id=user.id,
                measured_on=date(2026, 5, 5),
                weight_kg=Decimal("99.9"),
            ),
        ]
    )
    db.session.commit()
    return user


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch):
    """Uploads that the round trip imports wait in a folder of the test's own."""
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setattr(storage, "folder", lambda: folder)
    return folder
