"""The bundled library file: big enough, consistent, and named as lifters say."""

import json
import re

import pytest

from homegym.accounts.equipment import FLAGS
from homegym.exercises.library import fold
from homegym.exercises.loader import DEFAULT_PATH, validate_library
from homegym.exercises.models import LOADS, MECHANICS
from homegym.exercises.vocabulary import (
    EQUIPMENT,
    LOAD_LABELS,
    MECHANIC_LABELS,
    MUSCLES,
)


@pytest.fixture(scope="module")
def entries() -> list[dict]:
    return json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_key(entries) -> dict[str, dict]:
    return {entry["key"]: entry for entry in entries}


def test_vocabulary_matches_the_models_and_the_equipment_settings():
    assert tuple(MECHANIC_LABELS) == MECHANICS
    assert tuple(LOAD_LABELS) == LOADS
    assert set(EQUIPMENT) == set(FLAGS) - {"bodyweight"}
    assert len(MUSCLES) == 16


def test_the_file_passes_the_loaders_checks(entries):
    assert validate_library(entries) == entries


def test_there_are_enough_exercises_with_unique_keys_and_names(entries):
    assert len(entries) >= 120
    for field in ("key", "name_en", "name_de"):
        values = [fold(entry[field]) for entry in entries]
        assert len(set(values)) == len(values), field


def test_only_known_muscles_and_equipment(entries):
    for entry in entries:
        assert entry["primary"], entry["key"]
        assert set(entry["primary"]) <= set(MUSCLES), entry["key"]
        assert set(entry["secondary"]) <= set(MUSCLES), entry["key"]
        assert not set(entry["primary"]) & set(entry["secondary"]), entry["key"]
        assert set(entry["equipment"]) <= set(EQUIPMENT), entry["key"]
        assert "bodyweight" not in entry["equipment"]
        assert entry["mechanic"] in MECHANICS and entry["load"] in LOADS


def test_both_names_are_given_and_differ(entries):
    # No movement in the library is called the same in German and English.
    for entry in entries:
        assert entry["name_en"].strip() and entry["name_de"].strip(), entry["key"]
        assert entry["name_en"] != entry["name_de"], entry["key"]


def test_german_names_use_real_umlauts(entries):
    spelled_out = re.compile(r"(ue|ae|oe)(?!r\b)", re.IGNORECASE)
    for entry in entries:
        assert not spelled_out.search(entry["name_de"]), entry["name_de"]


@pytest.mark.parametrize(
    ("key", "name_de"),
    [
        ("bench_press", "Bankdrücken"),
        ("back_squat", "Kniebeuge"),
        ("deadlift", "Kreuzheben"),
        ("pull_up", "Klimmzug"),
        ("barbell_row", "Rudern vorgebeugt mit der Langhantel"),
        ("lat_pulldown", "Latziehen"),
        ("leg_extension", "Beinstrecker"),
    ],
)
def test_the_staples_carry_their_german_gym_names(by_key, key, name_de):
    assert by_key[key]["name_de"] == name_de


def test_equipment_fits_the_movement(by_key):
    assert set(by_key["back_squat"]["equipment"]) == {"barbell", "rack"}
    assert {"barbell", "bench", "rack"} <= set(by_key["bench_press"]["equipment"])
    assert by_key["push_up"]["equipment"] == []
    assert by_key["pull_up"]["equipment"] == ["pullup_bar"]
    assert by_key["kettlebell_swing"]["equipment"] == ["kettlebells"]
    assert by_key["cable_crossover"]["equipment"] == ["cable"]
    assert by_key["lying_leg_curl"]["equipment"] == ["machines"]


def test_load_and_mechanic_fit_the_movement(by_key):
    assert by_key["pull_up"]["load"] == "bodyweight"
    assert by_key["push_up"]["load"] == "bodyweight"
    assert by_key["deadlift"]["load"] == "external"
    assert by_key["deadlift"]["mechanic"] == "compound"
    assert by_key["dumbbell_lateral_raise"]["mechanic"] == "isolation"
    assert "hamstrings" in by_key["romanian_deadlift"]["primary"]
    assert "chest" in by_key["bench_press"]["primary"]


def test_every_kind_of_home_equipment_is_covered(entries):
    used = {flag for entry in entries for flag in entry["equipment"]}
    assert used == set(EQUIPMENT)
    assert sum(1 for entry in entries if not entry["equipment"]) >= 20


def test_every_muscle_is_trained_by_something(entries):
    primaries = {muscle for entry in entries for muscle in entry["primary"]}
    assert primaries == set(MUSCLES)
