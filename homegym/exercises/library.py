"""Which exercises a user may see and pick: the bundled ones and their own."""

import re
import unicodedata

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import made_with, new_uuid, parse_uuid, row_id
from homegym.plans.models import PlannedExercise
from homegym.workouts.models import PerformedExercise


def visible_to(user_id: int):
    """Build the condition 'bundled, or made by this user'."""
    return or_(Exercise.user_id.is_(None), Exercise.user_id == user_id)


def visible_exercise(user_id: int, exercise_id) -> Exercise | None:
    """Return the exercise if this user may use it, else None (treat as 404)."""
    exercise_id = row_id(exercise_id)
    if exercise_id is None:
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


# ---------- Search ----------

UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
NOT_WORD = re.compile(r"[\W_]+")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Fold text for matching: case, accents and punctuation don't count."""
    return NOT_WORD.sub("", _strip_accents(text.casefold()))


def name_forms(exercise: Exercise) -> tuple[str, ...]:
    """Return the folded names a query may match, in both languages.

    German umlauts match both ways of typing them: "bankdrucken" and
    "bankdruecken" both find Bankdrücken.
    """
    forms = []
    for name in (exercise.name_en, exercise.name_de):
        lowered = name.casefold()
        forms.append(fold(lowered))
        forms.append(fold(lowered.translate(UMLAUTS)))
    return tuple(forms)


def matches(exercise: Exercise, words: list[str]) -> bool:
    """Tell whether every word of a query is in one of the exercise's names."""
    return any(all(word in form for word in words) for form in name_forms(exercise))


def search_exercises(
    user,
    query: str = "",
    muscle: str | None = None,
    equipment: str | None = None,
    usable_only: bool = False,
    locale: str = "en",
) -> list[Exercise]:
    """Find the user's exercises by name in either language, muscle and equipment.

    ``muscle`` matches primary or secondary muscles; ``usable_only`` keeps
    what the user's equipment allows. Names that start with the query come
    first, then the rest by name.
    """
    words = [fold(word) for word in (query or "").split()]
    words = [word for word in words if word]
    gear = user.equipment_settings()
    found = []
    for exercise in visible_exercises(user.id, locale):
        if words and not matches(exercise, words):
            continue
        muscles = [*exercise.primary_muscles, *exercise.secondary_muscles]
        if muscle and muscle not in muscles:
            continue
        if equipment and equipment not in exercise.equipment:
            continue
        if usable_only and not exercise.usable_with(gear):
            continue
        found.append(exercise)
    if words:
        found.sort(key=lambda exercise: not starts_with(exercise, words[0]))
    return found


def starts_with(exercise: Exercise, word: str) -> bool:
    """Tell whether one of the exercise's names begins with the word."""
    return any(form.startswith(word) for form in name_forms(exercise))


# ---------- The user's own exercises ----------


class NameTaken(ValueError):
    """Another exercise the user can see already has this name."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def own_by_uuid(user_id: int, client_uuid: str | None) -> Exercise | None:
    """Find the user's exercise made with this client uuid, if any."""
    return made_with(Exercise, user_id, client_uuid)


def check_names(user_id: int, values: dict, exclude_id: int | None = None) -> None:
    """Raise NameTaken when a visible exercise already has one of these names."""
    others = [e for e in visible_exercises(user_id) if e.id != exclude_id]
    for field in ("name_en", "name_de"):
        wanted = values[field].casefold()
        if any(getattr(other, field).casefold() == wanted for other in others):
            raise NameTaken(field)


def create_exercise(
    user_id: int, values: dict, client_uuid: str | None = None
) -> tuple[Exercise, bool]:
    """Add an exercise of the user's; a replayed uuid returns the one made before.

    Returns the exercise and whether it is new. Raises NameTaken.
    """
    existing = own_by_uuid(user_id, client_uuid)
    if existing is not None:
        return existing, False
    check_names(user_id, values)
    exercise = Exercise(
        user_id=user_id, uuid=parse_uuid(client_uuid) or new_uuid(), **values
    )
    db.session.add(exercise)
    try:
        db.session.commit()
    except IntegrityError:
        # The same uuid arrived twice at once; the other request made it.
        db.session.rollback()
        existing = own_by_uuid(user_id, client_uuid)
        if existing is None:
            raise
        return existing, False
    return exercise, True


def update_exercise(exercise: Exercise, values: dict) -> None:
    """Change the user's own exercise. Raises NameTaken."""
    check_names(exercise.user_id, values, exclude_id=exercise.id)
    for name, value in values.items():
        setattr(exercise, name, value)
    db.session.commit()


def exercise_in_use(exercise_id: int) -> bool:
    """Tell whether a plan or a workout uses the exercise."""
    planned = select(PlannedExercise.id).where(
        PlannedExercise.exercise_id == exercise_id
    )
    performed = select(PerformedExercise.id).where(
        PerformedExercise.exercise_id == exercise_id
    )
    return bool(
        db.session.scalar(select(planned.exists()))
        or db.session.scalar(select(performed.exists()))
    )


def delete_exercise(exercise: Exercise) -> bool:
    """Delete the user's exercise unless something uses it; tell whether it went."""
    if exercise.bundled or exercise_in_use(exercise.id):
        return False
    db.session.delete(exercise)
    try:
        db.session.commit()
    except IntegrityError:
        # A plan or workout took it up meanwhile; the foreign key kept it.
        db.session.rollback()
        return False
    return True
