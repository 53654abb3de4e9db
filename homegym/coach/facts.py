"""Read what the engine works from: a logged set and its exercise's recent best."""

from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import joinedload

from homegym.coach.guidance import SetFacts, e1rm
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from homegym.workouts.records import counted


def own_set(user_id: int, set_id: int) -> WorkoutSet | None:
    """Fetch a set of this user's with its exercise and siblings; else None."""
    return db.session.scalar(
        select(WorkoutSet)
        .where(WorkoutSet.id == set_id, WorkoutSet.user_id == user_id)
        .options(
            joinedload(WorkoutSet.performed_exercise).joinedload(
                PerformedExercise.exercise
            ),
            joinedload(WorkoutSet.performed_exercise).selectinload(
                PerformedExercise.sets
            ),
        )
    )


def recent_e1rm(user_id: int, exercise_id: int, before_workout_id: int):
    """The best e1RM of the last finished workout with this exercise, or None."""
    last = (
        select(Workout.id)
        .join(PerformedExercise, PerformedExercise.workout_id == Workout.id)
        .where(
            Workout.user_id == user_id,
            Workout.finished_at.is_not(None),
            Workout.id != before_workout_id,
            PerformedExercise.exercise_id == exercise_id,
        )
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(WorkoutSet.weight_kg, WorkoutSet.reps, WorkoutSet.rpe)
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .where(
            PerformedExercise.workout_id == last,
            PerformedExercise.exercise_id == exercise_id,
            WorkoutSet.weight_kg > 0,
            counted(),
        )
    ).all()
    estimates = [
        e1rm(Decimal(str(w)), r, Decimal(str(rpe)) if rpe is not None else Decimal(10))
        for w, r, rpe in rows
    ]
    return max(estimates) if estimates else None


def working_weights(user_id: int, exercise_ids) -> dict[int, Decimal]:
    """The heaviest working set of each exercise in its last finished workout,
    in one query; exercises never lifted with a load are left out."""
    if not exercise_ids:
        return {}
    last = (
        select(
            PerformedExercise.exercise_id,
            func.max(Workout.started_at).label("started_at"),
        )
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == user_id,
            PerformedExercise.exercise_id.in_(sorted(set(exercise_ids))),
            Workout.finished_at.is_not(None),
        )
        .group_by(PerformedExercise.exercise_id)
        .subquery()
    )
    rows = db.session.execute(
        select(PerformedExercise.exercise_id, func.max(WorkoutSet.weight_kg))
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .join(
            last,
            and_(
                last.c.exercise_id == PerformedExercise.exercise_id,
                last.c.started_at == Workout.started_at,
            ),
        )
        .where(
            PerformedExercise.user_id == user_id,
            Workout.finished_at.is_not(None),
            WorkoutSet.weight_kg > 0,
            counted(),
        )
        .group_by(PerformedExercise.exercise_id)
    )
    return {exercise_id: Decimal(str(weight)) for exercise_id, weight in rows}


def set_facts(workout_set: WorkoutSet) -> SetFacts:
    """Gather what guidance needs about a set, in three queries at most."""
    performed = workout_set.performed_exercise
    siblings = sorted(performed.sets, key=lambda each: (each.position, each.id))
    later = [s for s in siblings if s.position > workout_set.position]
    working = [s for s in siblings if s.kind != "warmup"]
    upcoming = [s for s in later if s.kind != "warmup" and not s.completed]
    done = [s for s in working if s.completed]
    next_target = upcoming[0].target_reps if upcoming else None
    pending = [s for s in working if not s.completed]
    planned = performed.target_reps_max is not None or len(working) > 1
    return SetFacts(
        exercise=performed.exercise,
        kind=workout_set.kind,
        weight_kg=workout_set.weight_kg,
        reps=workout_set.reps,
        rpe=workout_set.rpe,
        target_reps_min=performed.target_reps_min,
        target_reps_max=performed.target_reps_max,
        target_rpe=performed.target_rpe,
        rest_seconds=performed.rest_seconds,
        next_target_reps=next_target,
        sets_left=len(upcoming) if planned else None,
        working_sets_done=len(done),
        recent_e1rm_kg=recent_e1rm(
            workout_set.user_id, performed.exercise_id, performed.workout_id
        ),
        done=workout_set.completed,
        planned_kg=pending[0].weight_kg if pending else None,
    )


def open_workout_sets(user_id: int, limit: int = 3) -> list[WorkoutSet]:
    """The latest done working sets of the user's open workout, newest first."""
    return list(
        db.session.scalars(
            select(WorkoutSet)
            .join(PerformedExercise, WorkoutSet.performed_exercise)
            .join(Workout, PerformedExercise.workout)
            .where(
                Workout.open_user_id == user_id,
                WorkoutSet.user_id == user_id,
                WorkoutSet.completed_at.is_not(None),
                WorkoutSet.kind != "warmup",
            )
            .options(
                joinedload(WorkoutSet.performed_exercise).joinedload(
                    PerformedExercise.exercise
                )
            )
            .order_by(WorkoutSet.completed_at.desc(), WorkoutSet.id.desc())
            .limit(limit)
        )
    )
