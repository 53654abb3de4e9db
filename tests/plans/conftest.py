"""Factories for plans, days, planned exercises, exercises and workouts."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import Workout

HTMX = {"HX-Request": "true"}


@pytest.fixture
def make_exercise(app):
    """Create an exercise: bundled unless given an owner."""
    counter = iter(range(1, 10_000))

    def factory(user=None, **fields) -> Exercise:
        number = next(counter)
        values = {
            "name_en": f"Exercise {number}",
            "name_de": f"Übung {number}",
            "user_id": user.id if user is not None else None,
            "key": None if user is not None else f"test-exercise-{number}",
            **fields,
        }
        exercise = Exercise(**values)
        db.session.add(exercise)
        db.session.commit()
        return exercise

    return factory


@pytest.fixture
def make_plan(app, make_exercise):
    """Create a plan with days; each day a list of exercises (or a count).

    Days and planned exercises belong to the plan's owner, each with its uuid.
    """

    def factory(user, name="Upper / lower", days=(), active=False, **fields) -> Plan:
        plan = Plan(user_id=user.id, name=name, active=active, **fields)
        for position, (day_name, rows) in enumerate(days):
            day = PlanDay(user_id=user.id, name=day_name, position=position)
            if isinstance(rows, int):
                rows = [make_exercise() for _ in range(rows)]
            for row_position, exercise in enumerate(rows):
                day.exercises.append(
                    PlannedExercise(
                        user_id=user.id, exercise_id=exercise.id, position=row_position
                    )
                )
            plan.days.append(day)
        db.session.add(plan)
        db.session.commit()
        return plan

    return factory


@pytest.fixture
def make_workout(app):
    """Create a workout of a user, from a plan day or empty."""

    def factory(user, day=None, started_at=None, **fields) -> Workout:
        started_at = started_at or datetime(2024, 5, 1, 18, 0)
        # Finished by default: a user has only one open workout at a time.
        fields.setdefault("finished_at", started_at + timedelta(hours=1))
        workout = Workout(
            user_id=user.id,
            plan_day_id=day.id if day is not None else None,
            started_at=started_at,
            **fields,
        )
        db.session.add(workout)
        db.session.commit()
        return workout

    return factory


def snapshot() -> list:
    """Everything the plans tables hold, to prove a refused request changed nothing."""
    db.session.expire_all()
    rows = []
    for plan in db.session.scalars(select(Plan).order_by(Plan.id)):
        days = [
            (
                day.id,
                day.user_id,
                day.uuid,
                day.name,
                day.notes,
                day.position,
                [
                    (
                        row.id,
                        row.user_id,
                        row.uuid,
                        row.exercise_id,
                        row.position,
                        row.sets,
                        row.reps_min,
                        row.reps_max,
                        row.target_rpe,
                        row.rest_seconds,
                        row.superset_group,
                        row.notes,
                    )
                    for row in day.exercises
                ],
            )
            for day in plan.days
        ]
        rows.append(
            (plan.id, plan.user_id, plan.uuid, plan.name, plan.notes, plan.active, days)
        )
    return rows
