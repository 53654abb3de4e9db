"""Load a user's plans, days and planned exercises; anybody else's is not found.

A day and a planned exercise carry their plan's owner in ``user_id``, so each
loader checks the owner in the same query that finds the row.
"""

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise


def _rows_with_exercises():
    """Load a day's planned exercises and their exercises in one more query."""
    return selectinload(PlanDay.exercises).joinedload(PlannedExercise.exercise)


def plan_of(user_id: int, plan_id: int) -> Plan | None:
    """Return the user's plan with its days, rows and exercises, else None."""
    return db.session.scalar(
        select(Plan)
        .where(Plan.id == plan_id, Plan.user_id == user_id)
        .options(selectinload(Plan.days).options(_rows_with_exercises()))
    )


def day_of(user_id: int, day_id: int) -> PlanDay | None:
    """Return the user's plan day with its plan, its siblings and its rows."""
    return db.session.scalar(
        select(PlanDay)
        .where(PlanDay.id == day_id, PlanDay.user_id == user_id)
        .options(
            joinedload(PlanDay.plan).selectinload(Plan.days),
            _rows_with_exercises(),
        )
    )


def planned_exercise_of(user_id: int, row_id: int) -> PlannedExercise | None:
    """Return the user's planned exercise with its day and that day's rows."""
    return db.session.scalar(
        select(PlannedExercise)
        .where(PlannedExercise.id == row_id, PlannedExercise.user_id == user_id)
        .options(
            joinedload(PlannedExercise.day).options(
                joinedload(PlanDay.plan), _rows_with_exercises()
            )
        )
    )
