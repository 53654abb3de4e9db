"""Loading the bundled library: idempotent upsert, and a bad file changes nothing."""

import json

import pytest
from sqlalchemy import select

from homegym.exercises.loader import (
    DEFAULT_PATH,
    LibraryError,
    bundled_uuid,
    load_library,
)
from homegym.exercises.models import Exercise
from homegym.extensions import db
from tests.exercises.conftest import exercise_count

BUNDLED = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))


def entry(**overrides) -> dict:
    values = {
        "key": "zercher_carry",
        "name_en": "Zercher Carry",
        "name_de": "Zercher-Tragen",
        "primary": ["upper_back", "abs"],
        "secondary": ["biceps"],
        "equipment": ["barbell", "rack"],
        "mechanic": "compound",
        "load": "external",
    }
    return {**values, **overrides}


@pytest.fixture
def write_library(tmp_path):
    """Write entries (or raw text) to a library file and return its path."""

    def write(entries, name="library.json"):
        path = tmp_path / name
        text = entries if isinstance(entries, str) else json.dumps(entries)
        path.write_text(text, encoding="utf-8")
        return path

    return write


def bundled_by_key(key: str) -> Exercise:
    return db.session.scalar(select(Exercise).where(Exercise.key == key))


def test_first_load_creates_every_bundled_exercise(app):
    result = load_library()

    assert (result.created, result.updated, result.unchanged) == (len(BUNDLED), 0, 0)
    assert exercise_count() == len(BUNDLED)
    bench = bundled_by_key("bench_press")
    assert bench.bundled and bench.name_de == "Bankdrücken"
    assert bench.uuid == bundled_uuid("bench_press")


def test_second_load_changes_nothing(app):
    load_library()
    before = {e.key: (e.id, e.updated_at) for e in db.session.scalars(select(Exercise))}

    result = load_library()

    assert (result.created, result.updated, result.unchanged) == (0, 0, len(BUNDLED))
    after = {e.key: (e.id, e.updated_at) for e in db.session.scalars(select(Exercise))}
    assert after == before


def test_changed_entries_are_updated_and_missing_ones_kept(app, write_library):
    load_library(
        write_library([entry(), entry(key="old_one", name_en="Old", name_de="Alt")])
    )
    first_id = bundled_by_key("zercher_carry").id

    renamed = entry(name_de="Zercher-Gehen", secondary=["biceps", "glutes"])
    result = load_library(
        write_library([renamed, entry(key="new_one", name_en="New", name_de="Neu")])
    )

    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    carry = bundled_by_key("zercher_carry")
    assert carry.id == first_id
    assert carry.name_de == "Zercher-Gehen"
    assert carry.secondary_muscles == ["biceps", "glutes"]
    assert bundled_by_key("old_one") is not None  # never deleted


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (entry(primary=["pecs"]), "unknown keys pecs"),
        (entry(equipment=["bodyweight"]), "unknown keys bodyweight"),
        (entry(primary=[]), "at least one muscle"),
        (entry(mechanic="complex"), "mechanic must be one of"),
        (entry(load="heavy"), "load must be one of"),
        (entry(key="Zercher Carry"), "snake_case"),
        (entry(name_de=""), "name_de must be text"),
        (entry(secondary=["abs"]), "abs both primary and secondary"),
        ({k: v for k, v in entry().items() if k != "load"}, "missing fields load"),
        (entry(colour="red"), "unknown fields colour"),
    ],
)
def test_a_bad_entry_is_named_and_nothing_changes(app, write_library, bad, message):
    load_library(write_library([entry(key="kept", name_en="Kept", name_de="Behalten")]))
    good = entry(key="good_one", name_en="Good", name_de="Gut")

    with pytest.raises(LibraryError) as error:
        load_library(write_library([good, bad], "bad.json"))

    assert "entry 2" in str(error.value) and message in str(error.value)
    assert exercise_count() == 1
    assert bundled_by_key("good_one") is None


def test_repeated_keys_and_names_are_refused(app, write_library):
    twice = [entry(), entry(name_en="Another", name_de="Noch eine")]

    with pytest.raises(LibraryError, match="key 'zercher_carry' repeats entry 1"):
        load_library(write_library(twice))

    same_name = [entry(), entry(key="other", name_de="Anders")]
    with pytest.raises(LibraryError, match="name_en 'Zercher Carry' repeats"):
        load_library(write_library(same_name))
    assert exercise_count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"key": "x",}]', "not valid JSON"),
        ('{"key": "x"}', "must be a JSON list"),
        ('["bench"]', "entry 1: must be an object"),
    ],
)
def test_a_file_that_is_not_a_library_is_refused(app, write_library, text, message):
    with pytest.raises(LibraryError, match=message):
        load_library(write_library(text))
    assert exercise_count() == 0


def test_a_missing_file_is_refused(app, tmp_path):
    with pytest.raises(LibraryError, match="Cannot read"):
        load_library(tmp_path / "nope.json")


def test_cli_loads_and_a_second_run_creates_nothing(runner):
    first = runner.invoke(args=["exercises", "load"])
    second = runner.invoke(args=["exercises", "load"])

    assert first.exit_code == 0, first.output
    assert f"{len(BUNDLED)} created, 0 updated, 0 unchanged" in first.output
    assert second.exit_code == 0
    assert f"0 created, 0 updated, {len(BUNDLED)} unchanged" in second.output
    assert exercise_count() == len(BUNDLED)


def test_cli_with_a_malformed_file_fails_and_changes_nothing(runner, write_library):
    runner.invoke(args=["exercises", "load", "--file", str(write_library([entry()]))])
    bad = write_library([entry(name_de="Geändert"), entry(key="x2", primary=["wings"])])

    result = runner.invoke(args=["exercises", "load", "--file", str(bad)])

    assert result.exit_code != 0
    assert "entry 2 (x2): primary has unknown keys wings" in result.output
    assert "Nothing was changed." in result.output
    assert bundled_by_key("zercher_carry").name_de == "Zercher-Tragen"
    assert exercise_count() == 1
