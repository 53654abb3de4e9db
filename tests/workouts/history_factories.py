"""Factories that write exercises and past workouts straight into the database."""

import itertools
from datetime import datetime, timedelta
from decimal import Decimal

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

DAY = datetime(2026, 3, 2, 17, 0)
_keys = itertools.count(1)


def make_exercise(user=None, name_en="Back Squat", name_de="Kniebeuge", **fields):
    """Store an exercise: bundled unless a user owns it."""
    exercise = Exercise(
        key=None if user else f"history_test_{next(_keys)}",
        user_id=user.id if user else None,
        name_en=name_en,
        name_de=name_de,
        primary_muscles=fields.pop("primary_muscles", ["quads"]),
        secondary_muscles=fields.pop("secondary_muscles", ["glutes"]),
        equipment=fields.pop("equipment", ["barbell", "rack"]),
        **fields,
    )
    db.session.add(exercise)
    db.session.commit()
    return exercise


def done(weight, reps, kind="normal", rpe=None) -> dict:
    """Describe a completed set; weight in kg as a string or None."""
    return {"weight": weight, "reps": reps, "kind": kind, "rpe": rpe, "done": True}


def skipped(weight, reps, kind="normal") -> dict:
    """Describe a set that was planned but never completed."""
    return {"weight": weight, "reps": reps, "kind": kind, "rpe": None, "done": False}


def make_workout(
    user,
    exercises=(),
    days=0,
    minutes=60,
    finished=True,
    name="Lower A",
    notes="",
    commit=True,
):
    """Store a workout ``days`` after DAY; exercises are (exercise, [sets])."""
    started = DAY + timedelta(days=days)
    workout = Workout(
        user_id=user.id,
        name=name,
        notes=notes,
        started_at=started,
        finished_at=started + timedelta(minutes=minutes) if finished else None,
    )
    for position, (exercise, sets) in enumerate(exercises):
        performed = PerformedExercise(
            user_id=user.id, exercise_id=exercise.id, position=position
        )
        workout.exercises.append(performed)
        for number, spec in enumerate(sets):
            performed.sets.append(
                WorkoutSet(
                    user_id=user.id,
                    position=number,
                    kind=spec["kind"],
                    weight_kg=None
                    if spec["weight"] is None
                    else Decimal(spec["weight"]),
                    reps=spec["reps"],
                    rpe=None if spec["rpe"] is None else Decimal(spec["rpe"]),
                    completed_at=started if spec["done"] else None,
                )
            )
    db.session.add(workout)
    if commit:
        db.session.commit()
    return workout


def make_history(user, exercise, count, sets=None):
    """Store ``count`` finished workouts on consecutive days, oldest first."""
    sets = sets or [done("100", 5), done("100", 5)]
    workouts = [
        make_workout(user, [(exercise, sets)], days=day, commit=False)
        for day in range(count)
    ]
    db.session.commit()
    return workouts
