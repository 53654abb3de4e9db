"""Make a user with years of training history, fast, for benchmarks.

Rows go in with bulk inserts and explicit ids, so five years (~75,000 sets)
take seconds rather than minutes. Run inside an app context.
"""

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, insert, select

from homegym import clock
from homegym.accounts.models import User
from homegym.accounts.passwords import hash_password
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

WORKOUTS_PER_WEEK = 5
EXERCISES_PER_WORKOUT = 8
END = datetime(2026, 11, 30, 17, 30)


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


def seed_history(user: User, weeks: int = 260, sets_per_workout: float = 57.7) -> int:
    """Give ``user`` ``weeks`` of finished workouts, five a week, that end by
    the end of November 2026 (five years: 1,300 workouts, ~75,000 sets)."""
    rng = random.Random(weeks)  # the same history every run
    exercise_ids = db.session.scalars(
        select(Exercise.id).where(Exercise.user_id.is_(None)).order_by(Exercise.id)
    ).all()[:24]
    workouts_total = weeks * WORKOUTS_PER_WEEK
    sets_per_exercise = sets_per_workout / EXERCISES_PER_WORKOUT
    first = END - timedelta(days=workouts_total * 7 // WORKOUTS_PER_WEEK)

    rows = Rows()
    for number in range(workouts_total):
        started = first + timedelta(days=number * 7 // WORKOUTS_PER_WEEK)
        workout = rows.workout(user, started, f"Day {number % 4 + 1}", finished=True)
        chosen = rng.sample(exercise_ids, EXERCISES_PER_WORKOUT)
        for position, exercise_id in enumerate(chosen):
            performed = rows.performed(user, workout, exercise_id, position)
            base = Decimal(40 + (exercise_id * 7) % 80) + Decimal(number) / 40
            count = int(sets_per_exercise) + (rng.random() < sets_per_exercise % 1)
            for set_position in range(count):
                kind = "warmup" if set_position < 2 else "normal"
                weight = base * (Decimal("0.5") if kind == "warmup" else 1)
                rows.set(
                    user,
                    performed,
                    set_position,
                    completed=started,
                    kind=kind,
                    weight_kg=weight.quantize(Decimal("0.5")),
                    reps=rng.randint(3, 12),
                )
    rows.insert()
    return len(rows.sets)


def seed_open_workout(
    user: User, sets: int, per_exercise: int = 5
) -> tuple[int, list[int]]:
    """Start a workout for ``user`` with ``sets`` empty sets, ``per_exercise``
    to an exercise, ready to be ticked; return its id and the sets' ids."""
    exercise_ids = db.session.scalars(
        select(Exercise.id).where(Exercise.user_id.is_(None)).order_by(Exercise.id)
    ).all()
    rows = Rows()
    workout = rows.workout(user, clock.utcnow(), "Bench", finished=False)
    performed = None
    for number in range(sets):
        if number % per_exercise == 0:
            position = number // per_exercise
            exercise = exercise_ids[position % len(exercise_ids)]
            performed = rows.performed(user, workout, exercise, position)
        rows.set(user, performed, number % per_exercise)
    rows.insert()
    return workout, [row["id"] for row in rows.sets]


class Rows:
    """Workouts, exercises and sets to bulk-insert, with ids given up front."""

    def __init__(self):
        self.ids = {
            model: _next_id(model) for model in (Workout, PerformedExercise, WorkoutSet)
        }
        self.workouts, self.performeds, self.sets = [], [], []

    def _id(self, model) -> int:
        self.ids[model] += 1
        return self.ids[model] - 1

    def workout(self, user, started: datetime, name: str, finished: bool) -> int:
        row = {
            "id": self._id(Workout),
            "user_id": user.id,
            "uuid": str(uuid.uuid4()),
            "name": name,
            "notes": "",
            "started_at": started,
            "finished_at": started + timedelta(minutes=70) if finished else None,
            "open_user_id": None if finished else user.id,
            "created_at": started,
            "updated_at": started,
        }
        self.workouts.append(row)
        return row["id"]

    def performed(self, user, workout: int, exercise_id: int, position: int) -> int:
        row = {
            "id": self._id(PerformedExercise),
            "workout_id": workout,
            "user_id": user.id,
            "uuid": str(uuid.uuid4()),
            "exercise_id": exercise_id,
            "position": position,
            "rest_seconds": 120,
            "notes": "",
        }
        self.performeds.append(row)
        return row["id"]

    def set(self, user, performed: int, position: int, completed=None, **values):
        stamp = completed or clock.utcnow()
        self.sets.append(
            {
                "id": self._id(WorkoutSet),
                "performed_exercise_id": performed,
                "user_id": user.id,
                "uuid": str(uuid.uuid4()),
                "position": position,
                "kind": values.get("kind", "normal"),
                "weight_kg": values.get("weight_kg"),
                "reps": values.get("reps"),
                "completed_at": completed,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )

    def insert(self) -> None:
        for model, rows in (
            (Workout, self.workouts),
            (PerformedExercise, self.performeds),
            (WorkoutSet, self.sets),
        ):
            for start in range(0, len(rows), 5000):
                db.session.execute(insert(model.__table__), rows[start : start + 5000])
        db.session.commit()
