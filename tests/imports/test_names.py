"""Exercise names from Hevy and Strong find the library's exercises."""

import json

import pytest
from sqlalchemy import select

from homegym.exercises.library import fold
from homegym.exercises.loader import DEFAULT_PATH
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.imports.names import NAMES_FILE, Matcher, new_exercise_values


def key_of(matcher: Matcher, name: str) -> str | None:
    found = matcher.suggest(name)
    return None if found is None else found.key or f"own:{found.name_en}"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bench Press (Barbell)", "bench_press"),
        ("bench press (barbell)", "bench_press"),  # case does not count
        ("BENCH-PRESS  barbell", "bench_press"),  # nor punctuation or spaces
        ("Squat (Barbell)", "back_squat"),
        ("Triceps Pushdown (Cable - Straight Bar)", "cable_triceps_pushdown"),
        ("Seated Cable Row - V Grip (Cable)", "seated_cable_row"),
        ("Pull Up", "pull_up"),
        ("Chin Up", "chin_up"),
        ("Lat Pulldown (Cable)", "lat_pulldown"),
        ("Romanian Deadlift (Dumbbell)", "dumbbell_romanian_deadlift"),
        ("Kniebeuge", "back_squat"),  # the German library name
        ("Pendlay Row", "pendlay_row"),  # the library's own English name
        ("Shrug (Barbell)", "barbell_shrug"),
        ("Curl (Cable)", "cable_curl"),
        ("Farmer's Walk", "dumbbell_farmers_walk"),
        ("Hip Thrust (Dumbbell)", "dumbbell_hip_thrust"),
        ("Rowing Machine", None),
        ("Bench Press (Smith Machine)", "smith_machine_bench_press"),
    ],
)
def test_common_names_are_matched(library, user, name, key):
    assert key_of(Matcher(user.id), name) == key


def test_bracketed_equipment_is_read_as_the_librarys_word_order(library, user):
    # Neither name is in the mapping file; turned round, each is a library name.
    assert key_of(Matcher(user.id), "Press (Landmine)") == "landmine_press"
    assert key_of(Matcher(user.id), "Clamshell (Banded)") == "banded_clamshell"


def test_the_users_own_exercise_of_that_name_comes_first(library, user, make_user):
    own = Exercise(user_id=user.id, name_en="Bench Press (Barbell)", name_de="Bank")
    stranger = make_user()
    theirs = Exercise(user_id=stranger.id, name_en="Rowing Machine", name_de="Rudern")
    db.session.add_all([own, theirs])
    db.session.commit()

    matcher = Matcher(user.id)

    assert matcher.suggest("bench press (barbell)") is own
    assert matcher.suggest("Rowing Machine") is None  # nobody else's exercises


def test_unknown_names_become_exercises_with_the_equipment_in_brackets():
    assert new_exercise_values("Reverse Hyper (Machine)") == {
        "name_en": "Reverse Hyper (Machine)",
        "name_de": "Reverse Hyper (Machine)",
        "primary_muscles": [],
        "secondary_muscles": [],
        "equipment": ["machines"],
        "mechanic": "compound",
        "load": "external",
    }
    assert new_exercise_values("Ring Dip (Bodyweight)")["load"] == "bodyweight"
    assert new_exercise_values("Rowing Machine")["equipment"] == []


def test_the_mapping_file_names_only_library_exercises_once_each():
    mapping = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    library_keys = {entry["key"] for entry in json.loads(DEFAULT_PATH.read_text())}
    owners: dict[str, str] = {}
    for key, names in mapping.items():
        if key.startswith("_"):
            continue
        assert key in library_keys, key
        for name in names:
            assert owners.setdefault(fold(name), key) == key, name


def test_new_exercises_of_an_import_belong_to_the_importer(library, user):
    from tests.imports.conftest import import_file

    import_file(user, "hevy_kg.csv")

    own = db.session.scalars(select(Exercise).where(Exercise.user_id == user.id))
    assert sorted(e.name_en for e in own) == [
        "Rowing Machine",
        "Zottman Curl Variation X",
    ]
