"""The search-as-you-type picker of the "add exercise" forms of plans and workouts.

Plans and workouts each have an endpoint that answers with the shared partial
``exercises/_choices.html``; this module finds what it lists.
"""

from sqlalchemy import func, select

from homegym.exercises import vocabulary
from homegym.exercises.library import search_exercises, visible_to
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.workouts.models import PerformedExercise, Workout

# A phone screen shows about ten rows; more than twenty is scrolling again.
LIMIT = 20
QUERY_LENGTH = 100


def recent_exercises(user_id: int, limit: int = LIMIT) -> list[Exercise]:
    """List the exercises the user logged most recently, newest first."""
    last_done = func.max(Workout.started_at)
    ids = db.session.scalars(
        select(PerformedExercise.exercise_id)
        .join(Workout, PerformedExercise.workout_id == Workout.id)
        .where(Workout.user_id == user_id)
        .group_by(PerformedExercise.exercise_id)
        .order_by(last_done.desc(), PerformedExercise.exercise_id.desc())
        .limit(limit)
    ).all()
    if not ids:
        return []

    found = db.session.scalars(
        select(Exercise).where(Exercise.id.in_(ids), visible_to(user_id))
    ).all()
    by_id = {exercise.id: exercise for exercise in found}
    return [by_id[exercise_id] for exercise_id in ids if exercise_id in by_id]


def suggestions(user, locale: str, exclude_ids=()) -> list[tuple[str, list]]:
    """Offer exercises before anything is typed: recent ones, then usable ones.

    Exercises in ``exclude_ids`` (already in the workout or plan day) are left
    out. Returns ``[(group_key, exercises), ...]`` with keys ``"recent"`` and
    ``"usable"``; at most LIMIT exercises in all.
    """
    skip = set(exclude_ids)
    recent = [
        exercise
        for exercise in recent_exercises(user.id, LIMIT + len(skip))
        if exercise.id not in skip
    ][:LIMIT]
    skip.update(exercise.id for exercise in recent)
    usable = [
        exercise
        for exercise in search_exercises(user, usable_only=True, locale=locale)
        if exercise.id not in skip
    ]
    return [("recent", recent), ("usable", usable[: LIMIT - len(recent)])]


def matches(user, query: str, locale: str) -> tuple[list[Exercise], int]:
    """Find exercises by name in either language, usable ones first.

    Returns at most LIMIT exercises and how many more matched.
    """
    found = search_exercises(user, query=query, usable_only=False, locale=locale)
    gear = user.equipment_settings()
    # A stable sort keeps search_exercises' order (names starting with the
    # query first) within each of the two groups.
    found.sort(key=lambda exercise: not exercise.usable_with(gear))
    return found[:LIMIT], max(0, len(found) - LIMIT)


def missing_equipment(exercise: Exercise, gear: dict) -> list:
    """Name the equipment the exercise needs that the user's home gym lacks."""
    return vocabulary.equipment_labels(
        [flag for flag in exercise.equipment if not gear.get(flag)]
    )


def choices_context(user, query: str | None, locale: str, exclude_ids=()) -> dict:
    """Gather what the choices partial shows for this query, or before typing."""
    query = (query or "").strip()[:QUERY_LENGTH]
    if query:
        found, more = matches(user, query, locale)
        groups = [("found", found)]
    else:
        groups, more = suggestions(user, locale, exclude_ids), 0
    # Prefixed names: the log page's context already has "groups" (supersets).
    return {
        "choice_groups": [(key, items) for key, items in groups if items],
        "choice_more": more,
        "choice_query": query,
        "choice_gear": user.equipment_settings(),
        "missing_equipment": missing_equipment,
        "muscle_labels": vocabulary.muscle_labels,
        "new_uuid": new_uuid,
        "locale": locale,
    }
