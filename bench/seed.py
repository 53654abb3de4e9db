"""Make a user with years of training history, fast, for benchmarks.

Rows go in with bulk inserts and explicit ids, so five years (~75,000 sets)
take seconds rather than minutes. Run inside an app context.
"""

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

from homegym.accounts.models import User
from homegym.accounts.passwords import hash_password
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

WORKOUTS_PER_WEEK = 5
EXERCISES_PER_WORKOUT = 8
START = datetime(2021, 12, 6, 17, 30)


def make_user(email: str, password: str) -> User:
    """Create a kg user with a full home gym."""
    user = User(email=email, password_hash=hash_password(password))
    user.equipment = {
        **user.equipment_settings(),
        "barbell": True,
        "rack": True,
        "bench": True,
        "dumbbells": True,
        "pullup_bar": True,
    }
    db.session.add(user)
    db.session.commit()
    return user


def _next_id(model) -> int:
    return (db.session.scalar(select(func.max(model.id))) or 0) + 1


def seed_history(user: User, years: int = 5, target_sets: int = 75_000) -> int:
    """Give ``user`` ``years`` of workouts with about ``target_sets`` sets."""
    rng = random.Random(years)  # the same history every run
    exercise_ids = db.session.scalars(
        select(Exercise.id).where(Exercise.user_id.is_(None)).order_by(Exercise.id)
    ).all()[:24]
    workouts_total = years * 52 * WORKOUTS_PER_WEEK
    sets_per_exercise = target_sets / (workouts_total * EXERCISES_PER_WORKOUT)

    workout_id, performed_id, set_id = (
        _next_id(Workout),
        _next_id(PerformedExercise),
        _next_id(WorkoutSet),
    )
    workouts, performed, sets = [], [], []
    for number in range(workouts_total):
        started = START + timedelta(days=number * 7 // WORKOUTS_PER_WEEK)
        workouts.append(
            {
                "id": workout_id,
                "user_id": user.id,
                "uuid": str(uuid.uuid4()),
                "name": f"Day {number % 4 + 1}",
                "notes": "",
                "started_at": started,
                "finished_at": started + timedelta(minutes=70),
                "created_at": started,
                "updated_at": started,
            }
        )
        chosen = rng.sample(exercise_ids, EXERCISES_PER_WORKOUT)
        for position, exercise_id in enumerate(chosen):
            performed.append(
                {
                    "id": performed_id,
                    "workout_id": workout_id,
                    "user_id": user.id,
                    "uuid": str(uuid.uuid4()),
                    "exercise_id": exercise_id,
                    "position": position,
                    "rest_seconds": 120,
                    "notes": "",
                }
            )
            base = Decimal(40 + (exercise_id * 7) % 80) + Decimal(number) / 40
            count = int(sets_per_exercise) + (rng.random() < sets_per_exercise % 1)
            for set_position in range(count):
                kind = "warmup" if set_position < 2 else "normal"
                weight = base * (Decimal("0.5") if kind == "warmup" else 1)
                sets.append(
                    {
                        "id": set_id,
                        "performed_exercise_id": performed_id,
                        "user_id": user.id,
                        "uuid": str(uuid.uuid4()),
                        "position": set_position,
                        "kind": kind,
                        "weight_kg": weight.quantize(Decimal("0.5")),
                        "reps": rng.randint(3, 12),
                        "completed_at": started,
                        "created_at": started,
                        "updated_at": started,
                    }
                )
                set_id += 1
            performed_id += 1
        workout_id += 1

    for model, rows in (
        (Workout, workouts),
        (PerformedExercise, performed),
        (WorkoutSet, sets),
    ):
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(model.__table__), rows[start : start + 5000])
    db.session.commit()
    return len(sets)
