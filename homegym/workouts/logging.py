"""Live logging: start a workout, add and order exercises, log sets, finish.

Functions change the session and flush when they need ids; the caller commits.
"""

import logging

from flask_babel import pgettext
from sqlalchemy import insert, select
from sqlalchemy.orm import joinedload, selectinload

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import made_with, new_uuid, parse_uuid, row_id
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.history import unfinished_workout
from homegym.workouts.last_time import last_performances, prefilled, working_sets
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

logger = logging.getLogger(__name__)

DEFAULT_REST_SECONDS = 120
SUPERSET_GROUPS = ("A", "B", "C", "D", "E", "F")


def owned_plan_day(user_id: int, day_id) -> PlanDay | None:
    """Return a day of one of the user's plans with its planned exercises, or None."""
    day_id = row_id(day_id)
    if day_id is None:
        return None
    return db.session.scalar(
        select(PlanDay)
        .join(Plan, Plan.id == PlanDay.plan_id)
        .where(PlanDay.id == day_id, Plan.user_id == user_id)
        .options(selectinload(PlanDay.exercises))
    )


def planned_exercises(day: PlanDay) -> list[PlannedExercise]:
    """List a day's planned exercises with their exercises, in one query."""
    return list(
        db.session.scalars(
            select(PlannedExercise)
            .where(PlannedExercise.day_id == day.id)
            .options(joinedload(PlannedExercise.exercise))
            .order_by(PlannedExercise.position, PlannedExercise.id)
        )
    )


def kind_letters() -> dict[str, str]:
    """Give the letters that stand for the kinds other than normal, translated."""
    return {
        "warmup": pgettext("set kind", "W"),
        "drop": pgettext("set kind", "D"),
        "failure": pgettext("set kind", "F"),
    }


def set_labels(sets) -> dict[int, str]:
    """Label sets the way lifters write them: W, 1, 2, D, F (normal sets count)."""
    letters = kind_letters()
    labels = {}
    number = 0
    for workout_set in sets:
        if workout_set.kind in letters:
            labels[workout_set.id] = letters[workout_set.kind]
        else:
            number += 1
            labels[workout_set.id] = str(number)
    return labels


def _copy_day(workout: Workout, day: PlanDay) -> None:
    """Copy each planned exercise with its targets, sets pre-filled from last time.

    The rows go in as bulk inserts, so a long day costs the same few
    statements as a short one.
    """
    user_id = workout.user_id
    rows = day.exercises
    if not rows:
        return
    last = last_performances(user_id, [row.exercise_id for row in rows])

    performed = [
        {
            "uuid": new_uuid(),
            "workout_id": workout.id,
            "user_id": user_id,
            "exercise_id": row.exercise_id,
            "position": position,
            "superset_group": row.superset_group,
            "rest_seconds": row.rest_seconds,
            "target_reps_min": row.reps_min,
            "target_reps_max": row.reps_max,
            "target_rpe": row.target_rpe,
            "notes": row.notes or "",
        }
        for position, row in enumerate(rows)
    ]
    db.session.execute(insert(PerformedExercise), performed)
    ids = dict(
        db.session.execute(
            select(PerformedExercise.position, PerformedExercise.id).where(
                PerformedExercise.workout_id == workout.id
            )
        ).all()
    )

    sets = [
        {
            **values,
            "performed_exercise_id": ids[position],
            "user_id": user_id,
            "uuid": new_uuid(),
        }
        for position, row in enumerate(rows)
        for values in prefilled(row.sets, last.get(row.exercise_id, []), row.reps_max)
    ]
    if sets:
        db.session.execute(insert(WorkoutSet), sets)
    db.session.expire(workout, ["exercises"])


def start_workout(
    user_id: int, day: PlanDay | None = None, uuid: str | None = None
) -> tuple[Workout, bool]:
    """Start a workout, or hand back the open one; only one may be unfinished.

    Returns the workout and whether it was made now. A replayed uuid returns
    the workout it made the first time. When two starts race, the database
    refuses the second (IntegrityError on flush): roll back and call again.
    """
    uuid = parse_uuid(uuid)
    existing = made_with(Workout, user_id, uuid) or unfinished_workout(user_id)
    if existing is not None:
        return existing, False

    workout = Workout(
        user_id=user_id,
        uuid=uuid or new_uuid(),
        plan_day_id=day.id if day else None,
        name=day.name if day else "",
        started_at=clock.utcnow(),
    )
    db.session.add(workout)
    db.session.flush()
    if day is not None:
        _copy_day(workout, day)
    logger.info(
        "workout %s started by user %s from plan day %s",
        workout.id,
        user_id,
        workout.plan_day_id,
    )
    return workout, True


def add_exercise(
    workout: Workout, exercise: Exercise, uuid: str | None = None
) -> tuple[PerformedExercise, bool]:
    """Append an exercise with last time's working sets (or one empty set)."""
    uuid = parse_uuid(uuid)
    existing = made_with(PerformedExercise, workout.user_id, uuid)
    if existing is not None:
        return existing, False

    last = last_performances(workout.user_id, [exercise.id], before=workout)
    last_sets = last.get(exercise.id, [])
    performed = PerformedExercise(
        user_id=workout.user_id,
        uuid=uuid or new_uuid(),
        exercise=exercise,
        position=len(workout.exercises),
    )
    count = max(1, len(working_sets(last_sets)))
    performed.sets = [
        WorkoutSet(user_id=workout.user_id, **values)
        for values in prefilled(count, last_sets, None)
    ]
    workout.exercises.append(performed)
    db.session.flush()
    logger.info(
        "exercise %s added to workout %s as %s", exercise.id, workout.id, performed.id
    )
    return performed, True


def renumber(items: list) -> None:
    """Number items 0, 1, 2… in their list order, closing any gap."""
    for position, item in enumerate(items):
        item.position = position


def remove_exercise(performed: PerformedExercise) -> None:
    """Take an exercise and its sets out of the workout; the rest close up."""
    workout = performed.workout
    # Delete the sets explicitly: SQLite enforces no ON DELETE CASCADE here.
    for workout_set in list(performed.sets):
        db.session.delete(workout_set)
    workout.exercises.remove(performed)
    renumber(workout.exercises)
    db.session.flush()
    logger.info(
        "performed exercise %s removed from workout %s", performed.id, workout.id
    )


def move_exercise(performed: PerformedExercise, step: int) -> bool:
    """Move an exercise one place up (-1) or down (+1); False at either end."""
    ordered = list(performed.workout.exercises)
    index = ordered.index(performed)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(ordered)
    performed.workout.exercises.sort(key=lambda each: each.position)
    db.session.flush()
    return True


def add_set(
    performed: PerformedExercise, uuid: str | None = None
) -> tuple[WorkoutSet, bool]:
    """Append a normal set with the previous set's weight and reps as its target."""
    uuid = parse_uuid(uuid)
    existing = made_with(WorkoutSet, performed.user_id, uuid)
    if existing is not None:
        return existing, False

    previous = performed.sets[-1] if performed.sets else None
    weight = previous.weight_kg if previous else None
    reps = previous.reps if previous else performed.target_reps_max
    workout_set = WorkoutSet(
        user_id=performed.user_id,
        uuid=uuid or new_uuid(),
        position=len(performed.sets),
        kind="normal",
        weight_kg=weight,
        reps=reps,
        target_weight_kg=weight,
        target_reps=reps,
    )
    performed.sets.append(workout_set)
    db.session.flush()
    return workout_set, True


def remove_set(workout_set: WorkoutSet) -> None:
    """Delete a set; the sets after it move up one place."""
    performed = workout_set.performed_exercise
    performed.sets.remove(workout_set)
    renumber(performed.sets)
    db.session.flush()


def update_set(workout_set: WorkoutSet, changes: dict, done: bool | None) -> None:
    """Apply the changed values; ``done`` ticks (True) or unticks (False) the set."""
    for name, value in changes.items():
        setattr(workout_set, name, value)
    if done is True and workout_set.completed_at is None:
        workout_set.completed_at = clock.utcnow()
    elif done is False:
        workout_set.completed_at = None
    db.session.flush()


def rest_seconds(performed: PerformedExercise) -> int:
    """Return the rest to count down after a set of this exercise."""
    if performed.rest_seconds is None:
        return DEFAULT_REST_SECONDS
    return performed.rest_seconds
