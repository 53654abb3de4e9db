"""Last time: what the user lifted in each exercise's latest session before.

It pre-fills a new workout's sets and puts a "last: 80 kg × 8" hint beside
each set row; warm-ups pair with warm-ups and working sets with working sets.
"""

import functools
from collections import defaultdict
from decimal import Decimal

from sqlalchemy import and_, bindparam, exists, func, or_, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet


def _earlier_sessions(user_id, exercises, before) -> list:
    """What "an earlier session" means: one of the user's performed exercises
    (of ``exercises``, a condition) with a set done, in a workout started
    before ``before`` (its start and id, or None for any)."""
    done = exists().where(
        WorkoutSet.performed_exercise_id == PerformedExercise.id,
        WorkoutSet.completed_at.is_not(None),
    )
    conditions = [PerformedExercise.user_id == user_id, exercises, done]
    if before is not None:
        started_at, workout_id = before
        conditions.append(
            or_(
                Workout.started_at < started_at,
                and_(Workout.started_at == started_at, Workout.id < workout_id),
            )
        )
    return conditions


# The latest session first: the latest workout, then the later place in it.
LATEST_FIRST = (
    Workout.started_at.desc(),
    Workout.id.desc(),
    PerformedExercise.position.desc(),
)


def last_performances(
    user_id: int, exercise_ids, before: Workout | None = None
) -> dict[int, list[WorkoutSet]]:
    """Fetch each exercise's completed sets of its latest earlier session.

    Two queries, however many exercises: the latest sessions, then their sets.

    ``before`` limits the search to workouts started before that one, so a
    past workout opened for editing compares with what came before it.
    """
    exercise_ids = set(exercise_ids)
    if not exercise_ids:
        return {}
    rank = func.row_number().over(
        partition_by=PerformedExercise.exercise_id, order_by=LATEST_FIRST
    )
    latest = (
        select(PerformedExercise.id, PerformedExercise.exercise_id, rank.label("rank"))
        .join(Workout, Workout.id == PerformedExercise.workout_id)
        .where(
            *_earlier_sessions(
                user_id,
                PerformedExercise.exercise_id.in_(exercise_ids),
                None if before is None else (before.started_at, before.id),
            )
        )
        .subquery()
    )

    # Two steps: MariaDB would otherwise scan every set to join the ranking.
    sessions = dict(
        db.session.execute(
            select(latest.c.id, latest.c.exercise_id).where(latest.c.rank == 1)
        ).all()
    )
    if not sessions:
        return {}
    rows = db.session.scalars(
        select(WorkoutSet)
        .where(
            WorkoutSet.performed_exercise_id.in_(sessions),
            WorkoutSet.completed_at.is_not(None),
        )
        .order_by(WorkoutSet.position, WorkoutSet.id)
    )
    found: dict[int, list[WorkoutSet]] = defaultdict(list)
    for workout_set in rows:
        found[sessions[workout_set.performed_exercise_id]].append(workout_set)
    return dict(found)


def last_performance(
    user_id: int, exercise_id: int, before: Workout | None = None
) -> list[WorkoutSet]:
    """The same for one exercise (a set row or a card at the rack), in one
    query: its latest session is a scalar subquery (ORDER BY … LIMIT 1) that
    the sets are looked up by."""
    values = {"user_id": user_id, "exercise_id": exercise_id}
    if before is not None:
        values.update(before_started=before.started_at, before_id=before.id)
    statement = _last_performance_statement(before is not None)
    return list(db.session.scalars(statement, values))


@functools.cache
def _last_performance_statement(before: bool):
    """Built once for each shape: making the statement costs more than running it."""
    latest = (
        select(PerformedExercise.id)
        .join(Workout, Workout.id == PerformedExercise.workout_id)
        .where(
            *_earlier_sessions(
                bindparam("user_id"),
                PerformedExercise.exercise_id == bindparam("exercise_id"),
                (bindparam("before_started"), bindparam("before_id"))
                if before
                else None,
            )
        )
        .order_by(*LATEST_FIRST)
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(WorkoutSet)
        .where(
            WorkoutSet.performed_exercise_id == latest,
            WorkoutSet.completed_at.is_not(None),
        )
        .order_by(WorkoutSet.position, WorkoutSet.id)
    )


def _pick(candidates: list, index: int):
    """Take the candidate in the same place, else the last one (or None)."""
    if not candidates:
        return None
    return candidates[min(index, len(candidates) - 1)]


def working_sets(sets) -> list:
    """Keep the sets that count as work: all but the warm-ups."""
    return [each for each in sets if each.kind != "warmup"]


def last_time_hints(sets, last_sets) -> dict[int, WorkoutSet | None]:
    """Pair each set with last time's set in the same place.

    Warm-ups pair with last time's warm-ups and working sets with working
    sets, so three warm-ups last time do not push the work sets out of line.
    """
    hints = {}
    counts = {True: 0, False: 0}
    for workout_set in sets:
        warmup = workout_set.kind == "warmup"
        same = [each for each in last_sets if (each.kind == "warmup") == warmup]
        hints[workout_set.id] = _pick(same, counts[warmup])
        counts[warmup] += 1
    return hints


def prefilled(count: int, last_sets, default_reps) -> list[dict]:
    """Describe ``count`` normal sets whose targets and values are last time's."""
    working = working_sets(last_sets)
    made = []
    for index in range(count):
        before = _pick(working, index)
        weight = before.weight_kg if before else None
        reps = before.reps if before and before.reps is not None else default_reps
        made.append(
            {
                "position": index,
                "kind": "normal",
                "weight_kg": weight,
                "reps": reps,
                "target_weight_kg": weight,
                "target_reps": reps,
            }
        )
    return made


def first_working_weight(performed: PerformedExercise) -> Decimal | None:
    """Return the first working set's weight, for the plate and warm-up tools."""
    for workout_set in working_sets(performed.sets):
        if workout_set.weight_kg is not None:
            return workout_set.weight_kg
    return None
