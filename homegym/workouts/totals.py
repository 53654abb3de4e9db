"""What workouts add up to: counted sets, volume and exercises, many at once."""

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, func, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, WorkoutSet
from homegym.workouts.records import counted, kg


@dataclass(frozen=True)
class Totals:
    """What a workout added up to: counted sets, volume (kg), exercises."""

    sets: int = 0
    volume_kg: Decimal = Decimal(0)
    exercises: int = 0


def workout_totals(workout_ids: list[int]) -> dict[int, Totals]:
    """Add up many workouts in one query; a workout without sets gets zeros."""
    if not workout_ids:
        return {}
    rows = db.session.execute(
        select(
            PerformedExercise.workout_id,
            func.count(func.distinct(PerformedExercise.id)),
            func.count(WorkoutSet.id),
            func.sum(func.coalesce(WorkoutSet.weight_kg, 0) * WorkoutSet.reps),
        )
        .outerjoin(
            WorkoutSet,
            and_(WorkoutSet.performed_exercise_id == PerformedExercise.id, counted()),
        )
        .where(PerformedExercise.workout_id.in_(workout_ids))
        .group_by(PerformedExercise.workout_id)
    ).all()
    totals = {workout_id: Totals() for workout_id in workout_ids}
    for workout_id, exercises, sets, volume in rows:
        totals[workout_id] = Totals(sets, kg(volume or 0), exercises)
    return totals
