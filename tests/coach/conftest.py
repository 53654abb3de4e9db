"""Coach fixtures: the bundled library and catalogue, equipped users, workouts."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from homegym.accounts.models import DEFAULT_EQUIPMENT
from homegym.coach.models import CoachRequest
from homegym.coach.planner import PlanRequest, generate_plan
from homegym.coach.saving import save_plan
from homegym.coach.schema import as_dict
from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans import logic
from homegym.sources.loader import load_catalogue
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

GYMS = {
    "full": {
        "barbell": True,
        "rack": True,
        "bench": True,
        "dumbbells": True,
        "kettlebells": True,
        "pullup_bar": True,
        "bands": True,
        "cable": True,
        "machines": True,
        "kettlebell_weights": ["24", "20", "16", "12"],
    },
    "barbell": {"barbell": True, "rack": True, "bench": True, "pullup_bar": True},
    "dumbbells": {"dumbbells": True, "bench": True},
    "kettlebells": {"kettlebells": True, "kettlebell_weights": ["24", "16", "12", "8"]},
    "bands": {"bands": True, "pullup_bar": True},
    "bodyweight": {},
}


@pytest.fixture
def library(app):
    """The bundled exercises and the sources catalogue, loaded."""
    load_library()
    load_catalogue()
    db.session.commit()


@pytest.fixture
def gym_user(make_user):
    """Make a user with one of the GYMS (plates 25 to 1.25 kg, dumbbells 2-24)."""

    def factory(gym: str = "full", **fields):
        equipment = {**DEFAULT_EQUIPMENT, **GYMS[gym]}
        return make_user(equipment=equipment, **fields)

    return factory


def exercise(key: str) -> Exercise:
    return db.session.scalar(select(Exercise).where(Exercise.key == key))


@pytest.fixture
def log_workout(app):
    """Log a finished (or open) workout of one exercise: sets as (kg, reps, rpe)."""

    def factory(user, key, sets, when=None, finished=True, kind="normal", **targets):
        started = when or datetime(2026, 11, 2, 17, 0)
        workout = Workout(
            user_id=user.id,
            started_at=started,
            finished_at=started + timedelta(hours=1) if finished else None,
        )
        performed = PerformedExercise(
            user_id=user.id, exercise=exercise(key), position=0, **targets
        )
        workout.exercises.append(performed)
        for position, (weight, reps, rpe) in enumerate(sets):
            performed.sets.append(
                WorkoutSet(
                    user_id=user.id,
                    position=position,
                    kind=kind if position == 0 else "normal",
                    weight_kg=None if weight is None else Decimal(str(weight)),
                    reps=reps,
                    rpe=None if rpe is None else Decimal(str(rpe)),
                    completed_at=None if reps is None else started,
                )
            )
        db.session.add(workout)
        db.session.commit()
        return workout

    return factory


@pytest.fixture
def make_plan_for(app):
    """Make an empty plan of the user's, active or not."""
    from homegym.plans.logic import create_plan, set_active

    def factory(user, active: bool = False):
        plan, _new = create_plan(user.id, "Mine")
        if active:
            set_active(plan)
        else:
            plan.active = False
        db.session.commit()
        return plan

    return factory


@pytest.fixture
def coach_plan(app):
    """Make the user's active plan one the engine generated, recorded as the
    coach page records it (the answer with its request)."""

    def factory(user, goal="hypertrophy", experience="beginner", days=3, minutes=60):
        result = generate_plan(user, PlanRequest(goal, experience, days, minutes))
        plan = save_plan(user, result)
        logic.set_active(plan)
        db.session.flush()
        db.session.add(
            CoachRequest(
                user_id=user.id,
                feature="plan",
                provider="builtin",
                outcome="ok",
                result=as_dict(result),
                plan_id=plan.id,
            )
        )
        db.session.commit()
        return plan

    return factory
