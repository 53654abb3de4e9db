"""Which exercises a user may see and pick: the bundled ones and their own."""

from sqlalchemy import or_, select

from homegym.exercises.models import Exercise
from homegym.extensions import db


def visible_to(user_id: int):
    """Build the condition 'bundled, or made by this user'."""
    return or_(Exercise.user_id.is_(None), Exercise.user_id == user_id)


def visible_exercise(user_id: int, exercise_id) -> Exercise | None:
    """Return the exercise if this user may use it, else None (treat as 404)."""
    try:
        exercise_id = int(exercise_id)
    except (TypeError, ValueError):
        return None
    return db.session.scalar(
        select(Exercise).where(Exercise.id == exercise_id, visible_to(user_id))
    )


def visible_exercises(user_id: int, locale: str = "en") -> list[Exercise]:
    """List every exercise the user may pick, sorted by name in their language."""
    found = db.session.scalars(select(Exercise).where(visible_to(user_id))).all()
    return sorted(found, key=lambda exercise: exercise.name(locale).casefold())


def grouped_choices(user, locale: str) -> list[tuple[str, list[tuple[int, str]]]]:
    """Group the user's exercises for a picker: usable with their equipment first.

    Returns ``[(group_key, [(id, name), ...]), ...]`` with group keys
    ``"usable"`` and ``"other"``; templates translate the keys.
    """
    equipment = user.equipment_settings()
    usable, other = [], []
    for exercise in visible_exercises(user.id, locale):
        target = usable if exercise.usable_with(equipment) else other
        target.append((exercise.id, exercise.name(locale)))
    return [(key, items) for key, items in (("usable", usable), ("other", other))]
