"""The numbers behind the charts, each read with a fixed number of queries.

Only completed, non-warm-up sets with reps count (as for records). Dates are
the user's local dates, so a late-evening workout falls on its own day.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from homegym import clock
from homegym.coach.rules import group_of, only_helps
from homegym.exercises.models import Exercise
from homegym.exercises.vocabulary import MUSCLES
from homegym.extensions import db
from homegym.workouts import freshness
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from homegym.workouts.records import counted, epley, kg

# A set counts fully for the muscles an exercise mainly trains and half for
# those it trains on the side (Pelland et al. 2026 count indirect sets as 0.5).
SECONDARY_SHARE = Decimal("0.5")


def local_day(moment: datetime, tz) -> date:
    """The user's calendar day of a stored (naive UTC) time."""
    return clock.local(moment, tz).date()


@dataclass(frozen=True)
class StrengthPoint:
    """A session's best estimated 1RM, and the set that gave it."""

    day: date
    workout_id: int
    e1rm_kg: Decimal
    weight_kg: Decimal
    reps: int


def _loaded_sets(user_id: int):
    return (
        select()
        .select_from(WorkoutSet)
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == user_id,
            Workout.finished_at.is_not(None),
            WorkoutSet.weight_kg > 0,
            counted(),
        )
    )


def strength_exercises(user_id: int) -> list[tuple[Exercise, int]]:
    """Exercises the user lifted weights in, most sessions first, in two queries.

    The sessions are counted over the whole history, so the counts are kept
    in the cache until the user's training changes (workouts.freshness)."""
    counts = freshness.remembered(
        "sessions", user_id, "", lambda: _session_counts(user_id)
    )
    if not counts:
        return []
    exercises = {
        exercise.id: exercise
        for exercise in db.session.scalars(
            select(Exercise).where(Exercise.id.in_([row[0] for row in counts]))
        )
    }
    ordered = sorted(counts, key=lambda row: (-row[1], row[0]))
    return [(exercises[exercise_id], sessions) for exercise_id, sessions in ordered]


def _session_counts(user_id: int) -> list[tuple[int, int]]:
    """Each exercise the user lifted weights in, with its finished sessions."""
    rows = db.session.execute(
        _loaded_sets(user_id)
        .add_columns(
            PerformedExercise.exercise_id,
            func.count(func.distinct(PerformedExercise.workout_id)),
        )
        .group_by(PerformedExercise.exercise_id)
    ).all()
    return [(exercise_id, sessions) for exercise_id, sessions in rows]


def e1rm_series(user_id: int, exercise_id: int, tz) -> list[StrengthPoint]:
    """One point per finished session: the best Epley estimate of that session,
    kept in the cache until the user's training changes (workouts.freshness)."""
    return freshness.remembered(
        "e1rm",
        user_id,
        (exercise_id, str(tz)),
        lambda: _work_out_series(user_id, exercise_id, tz),
    )


def _work_out_series(user_id: int, exercise_id: int, tz) -> list[StrengthPoint]:
    """One point per finished session: the best Epley estimate of that session.

    The database returns the most reps at each weight of each session (at
    one weight more reps always estimate higher), so few rows come back in
    one query however long the history.
    """
    rows = db.session.execute(
        _loaded_sets(user_id)
        .add_columns(
            Workout.id,
            Workout.started_at,
            WorkoutSet.weight_kg,
            func.max(WorkoutSet.reps),
        )
        .where(PerformedExercise.exercise_id == exercise_id)
        .group_by(Workout.id, Workout.started_at, WorkoutSet.weight_kg)
        .order_by(Workout.started_at, Workout.id)
    ).all()
    best: dict[int, StrengthPoint] = {}
    for workout_id, started_at, weight, reps in rows:
        weight = kg(weight)
        estimate = epley(weight, reps)
        current = best.get(workout_id)
        if current is None or estimate > current.e1rm_kg:
            day = local_day(started_at, tz)
            best[workout_id] = StrengthPoint(day, workout_id, estimate, weight, reps)
    return sorted(best.values(), key=lambda point: (point.day, point.workout_id))


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class MuscleVolume:
    muscle: str
    sets: Decimal
    low: int
    high: int

    @property
    def status(self) -> str:
        if self.sets < self.low:
            return "below"
        return "above" if self.sets > self.high else "within"


def set_shares(primary, secondary, mechanic) -> dict[str, Decimal]:
    """What one set counts for each muscle, as the coach's analysis counts it:
    fully for a prime mover, half for a helper, and half for the glutes where
    the quads lead a compound lift (a squat or lunge) and no hamstring work
    makes them a prime mover."""
    shares = {muscle: SECONDARY_SHARE for muscle in secondary}
    groups = {group_of(muscle) for muscle in primary}
    for muscle in primary:
        helps = only_helps(group_of(muscle), groups, mechanic)
        shares[muscle] = SECONDARY_SHARE if helps else Decimal(1)
    return shares


def weekly_sets(user_id: int, monday: date, tz, target) -> list[MuscleVolume]:
    """Hard sets per muscle in the user's week from ``monday``, in two queries,
    against ``target``, the user's weekly set range (coach.targets)."""
    start, end = (
        clock.utc_start_of(monday, tz),
        clock.utc_start_of(monday + timedelta(7), tz),
    )
    counts = db.session.execute(
        select(PerformedExercise.exercise_id, func.count(WorkoutSet.id))
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == user_id,
            # Named on the workout too, so the week is a range of the
            # lifter's (user, start) index, not a scan of everyone's workouts.
            Workout.user_id == user_id,
            Workout.started_at >= start,
            Workout.started_at < end,
            counted(),
        )
        .group_by(PerformedExercise.exercise_id)
    ).all()
    totals: dict[str, Decimal] = defaultdict(Decimal)
    if counts:
        shares = {
            row.id: set_shares(
                row.primary_muscles or [], row.secondary_muscles or [], row.mechanic
            )
            for row in db.session.execute(
                select(
                    Exercise.id,
                    Exercise.primary_muscles,
                    Exercise.secondary_muscles,
                    Exercise.mechanic,
                ).where(Exercise.id.in_([row[0] for row in counts]))
            )
        }
        for exercise_id, sets in counts:
            for muscle, share in shares.get(exercise_id, {}).items():
                totals[muscle] += sets * share
    return [
        MuscleVolume(muscle, totals[muscle], target.low, target.high)
        for muscle in MUSCLES
    ]
