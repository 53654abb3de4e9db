"""Read a user's workouts for an export, a batch of workouts at a time.

Five years of training are about 75,000 sets: as ORM objects, loaded one
relationship at a time, that is too much memory and too many queries. Here
each batch of workouts costs three queries (workouts, performed exercises,
sets with their measures) and holds plain rows only until it is written.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import Row, select

from homegym.extensions import db
from homegym.imports.models import SetMeasure
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

BATCH_WORKOUTS = 100

WORKOUT_COLUMNS = (
    Workout.id,
    Workout.uuid,
    Workout.name,
    Workout.notes,
    Workout.source,
    Workout.import_key,
    Workout.plan_day_id,
    Workout.started_at,
    Workout.finished_at,
    Workout.created_at,
    Workout.updated_at,
)
PERFORMED_COLUMNS = (
    PerformedExercise.id,
    PerformedExercise.workout_id,
    PerformedExercise.uuid,
    PerformedExercise.exercise_id,
    PerformedExercise.position,
    PerformedExercise.superset_group,
    PerformedExercise.rest_seconds,
    PerformedExercise.target_reps_min,
    PerformedExercise.target_reps_max,
    PerformedExercise.target_rpe,
    PerformedExercise.notes,
)
SET_COLUMNS = (
    WorkoutSet.id,
    WorkoutSet.performed_exercise_id,
    WorkoutSet.uuid,
    WorkoutSet.position,
    WorkoutSet.kind,
    WorkoutSet.weight_kg,
    WorkoutSet.reps,
    WorkoutSet.rpe,
    WorkoutSet.target_weight_kg,
    WorkoutSet.target_reps,
    WorkoutSet.completed_at,
    WorkoutSet.created_at,
    WorkoutSet.updated_at,
    # Outer-joined: empty on a set without a measure row.
    SetMeasure.set_id.label("measure_set_id"),
    SetMeasure.distance_m,
    SetMeasure.duration_seconds,
)


@dataclass(slots=True)
class PerformedRows:
    """A performed exercise and its sets, in order."""

    row: Row
    sets: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class WorkoutRows:
    """A workout and its performed exercises, in order."""

    row: Row
    exercises: list[PerformedRows] = field(default_factory=list)


def read_workouts(
    user_id: int,
    *,
    finished_only: bool = False,
    done_sets_only: bool = False,
    newest_first: bool = False,
    batch: int = BATCH_WORKOUTS,
) -> Iterator[WorkoutRows]:
    """Yield the user's workouts with exercises and sets, a batch read at a time."""
    ids = select(Workout.id).where(Workout.user_id == user_id)
    if finished_only:
        ids = ids.where(Workout.finished_at.is_not(None))
    if newest_first:
        ids = ids.order_by(Workout.started_at.desc(), Workout.id.desc())
    else:
        ids = ids.order_by(Workout.started_at, Workout.id)
    workout_ids = db.session.scalars(ids).all()

    for start in range(0, len(workout_ids), batch):
        chunk = workout_ids[start : start + batch]
        yield from _read_batch(user_id, chunk, done_sets_only)


def _read_batch(
    user_id: int, workout_ids: list[int], done_sets_only: bool
) -> list[WorkoutRows]:
    workouts = {
        row.id: WorkoutRows(row)
        for row in db.session.execute(
            select(*WORKOUT_COLUMNS).where(
                Workout.id.in_(workout_ids), Workout.user_id == user_id
            )
        )
    }

    performed: dict[int, PerformedRows] = {}
    for row in db.session.execute(
        select(*PERFORMED_COLUMNS)
        .where(
            PerformedExercise.workout_id.in_(workout_ids),
            PerformedExercise.user_id == user_id,
        )
        .order_by(
            PerformedExercise.workout_id,
            PerformedExercise.position,
            PerformedExercise.id,
        )
    ):
        workout = workouts.get(row.workout_id)
        if workout is not None:  # None: deleted while the export ran
            performed[row.id] = PerformedRows(row)
            workout.exercises.append(performed[row.id])

    sets = (
        select(*SET_COLUMNS)
        .join(
            PerformedExercise,
            PerformedExercise.id == WorkoutSet.performed_exercise_id,
        )
        .outerjoin(SetMeasure, SetMeasure.set_id == WorkoutSet.id)
        .where(
            PerformedExercise.workout_id.in_(workout_ids),
            WorkoutSet.user_id == user_id,
        )
        .order_by(WorkoutSet.performed_exercise_id, WorkoutSet.position, WorkoutSet.id)
    )
    if done_sets_only:
        sets = sets.where(WorkoutSet.completed_at.is_not(None))
    for row in db.session.execute(sets):
        owner = performed.get(row.performed_exercise_id)
        if owner is not None:
            owner.sets.append(row)

    return [workouts[each] for each in workout_ids if each in workouts]
