"""Finishing a workout: keep what the lifter did or entered, drop the rest."""

import logging

from homegym import clock
from homegym.extensions import db
from homegym.workouts.logging import renumber
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

logger = logging.getLogger(__name__)


def _untouched(workout_set: WorkoutSet) -> bool:
    """Tell whether a set holds nothing the user entered (empty or as pre-filled)."""
    return (
        workout_set.rpe is None
        and workout_set.weight_kg in (None, workout_set.target_weight_kg)
        and workout_set.reps in (None, workout_set.target_reps)
    )


def _kept_sets(performed: PerformedExercise) -> list[WorkoutSet]:
    return [s for s in performed.sets if s.completed or not _untouched(s)]


def can_finish(workout: Workout) -> bool:
    """Tell whether finishing would keep anything: a set, or some notes."""
    if workout.notes.strip():
        return True
    return any(
        _kept_sets(performed) or performed.notes.strip()
        for performed in workout.exercises
    )


def finish_workout(workout: Workout) -> int:
    """Finish the workout and return how many completed sets it holds.

    Sets not ticked and never changed from their pre-fill are dropped, as
    are exercises left with no set and no notes. Sets the user changed but
    did not tick stay, not completed, so nothing entered is lost.
    """
    for performed in list(workout.exercises):
        kept = _kept_sets(performed)
        for workout_set in [s for s in performed.sets if s not in kept]:
            performed.sets.remove(workout_set)
        renumber(performed.sets)
        if not performed.sets and not performed.notes.strip():
            workout.exercises.remove(performed)
    renumber(workout.exercises)

    workout.finished_at = clock.utcnow()
    db.session.flush()
    completed = sum(
        1 for performed in workout.exercises for s in performed.sets if s.completed
    )
    logger.info(
        "workout %s finished by user %s with %d completed sets",
        workout.id,
        workout.user_id,
        completed,
    )
    return completed
