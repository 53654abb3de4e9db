"""Factories for the exercise tests: the bundled library, own exercises, uses."""

from datetime import datetime

import pytest
from sqlalchemy import func, select

from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import PerformedExercise, Workout


@pytest.fixture
def library(app) -> dict[str, Exercise]:
    """Load the bundled library (the real file) and return it by key."""
    load_library()
    found = db.session.scalars(select(Exercise).where(Exercise.key.is_not(None)))
    return {exercise.key: exercise for exercise in found}


@pytest.fixture
def make_own_exercise(app):
    """Create a user's own exercise with defaults a test can override."""
    counter = iter(range(1, 10_000))

    def factory(user, **fields) -> Exercise:
        number = next(counter)
        values = {
            "name_en": f"Sandbag Carry {number}",
            "name_de": f"Sandsacktragen {number}",
            "primary_muscles": ["forearms"],
            "secondary_muscles": ["traps"],
            "equipment": [],
            **fields,
        }
        exercise = Exercise(user_id=user.id, **values)
        db.session.add(exercise)
        db.session.commit()
        return exercise

    return factory


def use_in_plan(user, exercise) -> PlannedExercise:
    """Put the exercise on a plan day of the user."""
    plan = Plan(user_id=user.id, name="Full body")
    day = PlanDay(user_id=user.id, name="Day A")
    day.exercises.append(PlannedExercise(user_id=user.id, exercise_id=exercise.id))
    plan.days.append(day)
    db.session.add(plan)
    db.session.commit()
    return day.exercises[0]


def use_in_workout(user, exercise) -> PerformedExercise:
    """Log the exercise in a finished workout of the user."""
    workout = Workout(
        user_id=user.id,
        started_at=datetime(2026, 3, 2, 17, 0),
        finished_at=datetime(2026, 3, 2, 18, 0),
    )
    performed = PerformedExercise(user_id=user.id, exercise_id=exercise.id)
    workout.exercises.append(performed)
    db.session.add(workout)
    db.session.commit()
    return performed


def exercise_count(**where) -> int:
    """Count exercises, optionally only those with the given column values."""
    query = select(func.count()).select_from(Exercise)
    for column, value in where.items():
        query = query.where(getattr(Exercise, column) == value)
    return db.session.scalar(query)
