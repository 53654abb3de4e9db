"""Fixtures of the fault tests: an exercise anyone may log, and a workout's rows."""

import pytest
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import WorkoutSet


@pytest.fixture
def exercise(app) -> Exercise:
    """A bundled barbell lift, so every lifter's library has it."""
    squat = Exercise(
        key="fault_test_squat",
        name_en="Back Squat",
        name_de="Kniebeuge",
        primary_muscles=["quads"],
        equipment=["barbell", "rack"],
    )
    db.session.add(squat)
    db.session.commit()
    return squat


def stored_sets(user_id: int) -> list[tuple[str, int, int, bool]]:
    """Every set row of a user: (uuid, weight in kg, reps, ticked), as stored."""
    db.session.commit()  # a fresh snapshot: MariaDB repeats reads within one
    rows = db.session.execute(
        select(
            WorkoutSet.uuid,
            WorkoutSet.weight_kg,
            WorkoutSet.reps,
            WorkoutSet.completed_at,
        ).where(WorkoutSet.user_id == user_id)
    )
    return [
        (uuid, None if weight is None else int(weight), reps, done is not None)
        for uuid, weight, reps, done in rows
    ]


def as_confirmed(confirmed: dict) -> list[tuple[str, int, int, bool]]:
    """What a client saw confirmed, in the shape of ``stored_sets``."""
    return [(uuid, weight, reps, True) for uuid, (weight, reps) in confirmed.items()]
