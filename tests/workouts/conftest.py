"""Factories for the workout tests: exercises, plan days, past workouts, queries."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

LAST_WEEK = datetime(2026, 3, 2, 17, 0)


@pytest.fixture
def exercises(app) -> dict[str, Exercise]:
    """Store three bundled exercises: two barbell lifts and a bodyweight one."""
    found = {
        "squat": Exercise(
            key="test_squat",
            name_en="Back Squat",
            name_de="Kniebeuge",
            primary_muscles=["quads"],
            equipment=["barbell", "rack"],
        ),
        "bench": Exercise(
            key="test_bench",
            name_en="Bench Press",
            name_de="Bankdrücken",
            primary_muscles=["chest"],
            equipment=["barbell", "bench"],
        ),
        "pullup": Exercise(
            key="test_pullup",
            name_en="Pull-up",
            name_de="Klimmzug",
            primary_muscles=["lats"],
            equipment=["pullup_bar"],
            load="bodyweight",
        ),
    }
    db.session.add_all(found.values())
    db.session.commit()
    return found


@pytest.fixture
def make_exercise(app):
    """Store an exercise: bundled unless given an owner."""
    counter = iter(range(1, 10_000))

    def factory(user=None, **fields) -> Exercise:
        number = next(counter)
        exercise = Exercise(
            key=None if user else f"live_test_{number}",
            user_id=user.id if user else None,
            name_en=fields.pop("name_en", f"Exercise {number}"),
            name_de=fields.pop("name_de", f"Übung {number}"),
            **fields,
        )
        db.session.add(exercise)
        db.session.commit()
        return exercise

    return factory


@pytest.fixture
def make_day(app):
    """Store a plan day; rows are (exercise, targets) with targets as overrides."""

    def factory(user, rows=(), name="Lower A", plan_name="Upper / lower", active=True):
        plan = Plan(user_id=user.id, name=plan_name, active=active)
        day = PlanDay(user_id=user.id, name=name, position=0)
        for position, (exercise, targets) in enumerate(rows):
            values = {"sets": 3, "reps_min": 6, "reps_max": 8, **targets}
            day.exercises.append(
                PlannedExercise(
                    user_id=user.id,
                    exercise_id=exercise.id,
                    position=position,
                    **values,
                )
            )
        plan.days.append(day)
        db.session.add(plan)
        db.session.commit()
        return day

    return factory


def done(weight, reps, kind="normal", rpe=None) -> dict:
    """Describe a completed set; weight in kg as a string or None."""
    return {"weight": weight, "reps": reps, "kind": kind, "rpe": rpe, "done": True}


def planned(weight, reps, kind="normal") -> dict:
    """Describe a set not ticked yet, pre-filled with these values as targets."""
    return {"weight": weight, "reps": reps, "kind": kind, "rpe": None, "done": False}


@pytest.fixture
def make_workout(app):
    """Store a workout; exercises are (exercise, [set specs]) in order."""

    def factory(user, exercises=(), days_ago=7, finished=True, **fields) -> Workout:
        started = LAST_WEEK + timedelta(days=7 - days_ago)
        workout = Workout(
            user_id=user.id,
            started_at=started,
            finished_at=started + timedelta(hours=1) if finished else None,
            **fields,
        )
        for position, (exercise, sets) in enumerate(exercises):
            performed = PerformedExercise(
                user_id=user.id, exercise_id=exercise.id, position=position
            )
            for number, spec in enumerate(sets):
                weight = None if spec["weight"] is None else Decimal(spec["weight"])
                performed.sets.append(
                    WorkoutSet(
                        user_id=user.id,
                        position=number,
                        kind=spec["kind"],
                        weight_kg=weight,
                        reps=spec["reps"],
                        rpe=None if spec["rpe"] is None else Decimal(spec["rpe"]),
                        target_weight_kg=None if spec["done"] else weight,
                        target_reps=None if spec["done"] else spec["reps"],
                        completed_at=started if spec["done"] else None,
                    )
                )
            workout.exercises.append(performed)
        db.session.add(workout)
        db.session.commit()
        return workout

    return factory
