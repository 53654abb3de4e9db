"""Match exercise names from Hevy and Strong to HomeGym's exercises.

Names are compared folded (case, accents, spaces and punctuation ignored).
In order: the user's own exercise of that name (an earlier import made it),
the mapping file of common Hevy and Strong names, a bundled exercise of that
name, and "Squat (Barbell)" read as "Barbell Squat". Anything else becomes
a new exercise of the user's, unless they choose otherwise in the preview.
"""

import json
import re
from functools import cache
from pathlib import Path

from homegym.exercises.library import fold, visible_exercises
from homegym.exercises.models import Exercise

NAMES_FILE = Path(__file__).with_name("exercise_names.json")
BRACKET = re.compile(r"(.+?)\s*\(([^)]+)\)\s*")
# What the bracket of a Hevy or Strong name says about the equipment.
EQUIPMENT_WORDS = {
    "barbell": ["barbell"],
    "ez bar": ["barbell"],
    "dumbbell": ["dumbbells"],
    "kettlebell": ["kettlebells"],
    "cable": ["cable"],
    "machine": ["machines"],
    "smith machine": ["machines"],
    "plate loaded": ["machines"],
    "band": ["bands"],
}
BODYWEIGHT_WORDS = {"bodyweight", "assisted"}


@cache
def aliases() -> dict[str, str]:
    """Map each folded name in the mapping file to its bundled exercise key."""
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    return {
        fold(name): key
        for key, names in data.items()
        if not key.startswith("_")
        for name in names
    }


def reordered(name: str) -> str | None:
    """Read "Squat (Barbell)" as "Barbell Squat", the library's way round."""
    match = BRACKET.fullmatch(name)
    if match is None:
        return None
    return f"{match.group(2)} {match.group(1)}"


class Matcher:
    """Suggest an exercise for each name, from what the user can see."""

    def __init__(self, user_id: int):
        self.exercises = visible_exercises(user_id)
        self.by_id = {exercise.id: exercise for exercise in self.exercises}
        self.by_key = {e.key: e for e in self.exercises if e.key}
        self.own: dict[str, Exercise] = {}
        self.bundled: dict[str, Exercise] = {}
        for exercise in self.exercises:
            target = self.bundled if exercise.bundled else self.own
            for name in (exercise.name_en, exercise.name_de):
                target.setdefault(fold(name), exercise)

    def suggest(self, name: str) -> Exercise | None:
        folded = fold(name)
        if folded in self.own:
            return self.own[folded]
        key = aliases().get(folded)
        if key in self.by_key:
            return self.by_key[key]
        if folded in self.bundled:
            return self.bundled[folded]
        turned = reordered(name)
        if turned is not None:
            return self.bundled.get(fold(turned))
        return None

    def by_name(self, text: str) -> Exercise | None:
        """Find the exercise the user typed in the preview, by either name."""
        folded = fold(text)
        return self.own.get(folded) or self.bundled.get(folded)


def new_exercise_values(name: str) -> dict:
    """Columns of a new exercise made from an unknown name.

    The name serves both languages; the bracket, if any, tells the equipment.
    Muscles are left for the user to fill in: a name alone does not say them.
    """
    match = BRACKET.fullmatch(name)
    word = match.group(2).strip().casefold() if match else ""
    return {
        "name_en": name,
        "name_de": name,
        "primary_muscles": [],
        "secondary_muscles": [],
        "equipment": list(EQUIPMENT_WORDS.get(word, [])),
        "mechanic": "compound",
        "load": "bodyweight" if word in BODYWEIGHT_WORDS else "external",
    }
