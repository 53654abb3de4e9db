"""Importing the same file again, or a newer export, makes no duplicates."""

import csv

from homegym.extensions import db
from homegym.imports import writer
from homegym.workouts.models import Workout, WorkoutSet
from tests.imports.conftest import (
    FILES,
    confirm,
    count,
    finished,
    import_file,
    preview,
    uploaded,
    workouts_of,
)


def test_reimporting_the_same_file_skips_every_workout(library, user):
    import_file(user, "hevy_kg.csv")

    _, summary = preview(user, FILES / "hevy_kg.csv")
    assert (summary["workouts"], summary["skipped"], summary["sets"]) == (0, 2, 0)

    again = import_file(user, "hevy_kg.csv")

    assert (again.workouts_created, again.workouts_skipped) == (0, 2)
    assert (again.sets_created, again.exercises_created) == (0, 0)
    assert count(Workout, user_id=user.id) == 2
    assert count(WorkoutSet, user_id=user.id) == 19


def test_a_newer_export_adds_only_the_new_workout(library, user):
    import_file(user, "hevy_kg.csv")

    newer = import_file(user, "hevy_kg_newer.csv")

    assert (newer.workouts_created, newer.workouts_skipped, newer.sets_created) == (
        1,
        2,
        3,
    )
    assert [w.name for w in workouts_of(user)] == ["Push", "Leg Day 🦵🔥", "Upper 💪"]


def test_another_users_workouts_do_not_count_as_duplicates(library, user, make_user):
    import_file(user, "hevy_kg.csv")
    other = make_user()

    batch = import_file(other, "hevy_kg.csv")

    assert (batch.workouts_created, batch.workouts_skipped) == (2, 0)


def test_the_same_workout_twice_in_one_file_is_imported_once(library, user, tmp_path):
    """Two exports pasted into one file: the second copy of a workout is skipped."""
    with open(FILES / "hevy_kg.csv", encoding="utf-8", newline="") as source:
        header, *rows = list(csv.reader(source))
    legs = [row for row in rows if row[0].startswith("Leg Day")]
    doubled = tmp_path / "doubled.csv"
    with open(doubled, "w", encoding="utf-8", newline="") as target:
        csv.writer(target).writerows([header, *rows, *legs])

    batch = import_file(user, doubled)

    assert (batch.workouts_created, batch.workouts_skipped) == (2, 1)
    assert count(WorkoutSet, user_id=user.id) == 19


def test_a_new_time_zone_does_not_make_the_same_history_new(library, user):
    """Hevy writes local times: the key is the file's, not the converted one."""
    import_file(user, "hevy_kg.csv")
    user.timezone = "America/New_York"
    db.session.commit()

    again = import_file(user, "hevy_kg.csv")

    assert (again.workouts_created, again.workouts_skipped) == (0, 2)
    assert count(Workout, user_id=user.id) == 2


def test_two_imports_that_race_leave_one_copy(library, user, logged_in, monkeypatch):
    """The second import read before the first committed; the database refuses it."""
    import_file(user, "hevy_kg.csv")
    monkeypatch.setattr(writer, "existing_workouts", lambda user, source: set())
    batch = uploaded(logged_in, "hevy_kg.csv")

    confirm(logged_in, batch)

    failed = finished(batch)
    assert (failed.status, failed.error) == ("failed", "overlap")
    assert count(Workout, user_id=user.id) == 2
    assert count(WorkoutSet, user_id=user.id) == 19
    page = logged_in.get(f"/imports/{batch.token}").get_data(as_text=True)
    assert "Another import added some of these workouts" in page


def test_reimporting_a_strong_file_skips_every_workout(library, user, tmp_path):
    """Strong has no end time: its workouts are known by start and title too."""
    import_file(user, "strong.csv", unit="kg")
    lines = (FILES / "strong.csv").read_text(encoding="utf-8").splitlines()
    newer = tmp_path / "strong_newer.csv"
    newer.write_text(
        "\n".join(
            [
                lines[0],
                "2025-07-28 18:30:00,Pull 🧗,45m,Deadlift (Barbell),1,120.0,5.0,0,0,,,",
                *lines[1:],
            ]
        )
        + "\n",
        encoding="utf-8",
    )

    again = import_file(user, "strong.csv", unit="lb")  # another unit: still known
    newest = import_file(user, newer, unit="kg")

    assert (again.workouts_created, again.workouts_skipped) == (0, 2)
    assert (newest.workouts_created, newest.workouts_skipped) == (1, 2)
    assert count(Workout, user_id=user.id) == 3
    assert count(WorkoutSet, user_id=user.id) == 11
