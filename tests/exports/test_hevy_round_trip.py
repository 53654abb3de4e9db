"""HomeGym → Hevy CSV → HomeGym: the same workouts and sets, and no duplicates."""

import csv
import io
from datetime import datetime

import pytest
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.exports.hevy_csv import export_lines
from homegym.extensions import db
from homegym.imports.models import SetMeasure
from homegym.workouts.models import Workout, WorkoutSet
from tests.imports.conftest import count, import_file, plain, workouts_of

HEVY_HEADER = [
    "title", "start_time", "end_time", "description", "exercise_title",
    "superset_id", "exercise_notes", "set_index", "set_type", "weight_kg", "reps",
    "distance_km", "duration_seconds", "rpe",
]  # fmt: skip

# What the history's finished workouts hold of what was done, in UTC to the
# minute: (index, kind, weight, reps, RPE, distance in m, seconds) per set.
PUSH = (
    "Push 💪",
    datetime(2026, 3, 2, 6, 30),
    datetime(2026, 3, 2, 7, 41),
    "",
    [
        (
            "bench_press",
            "",
            None,
            [
                (0, "warmup", "40", 10, None, None, None),
                (1, "normal", "80", 6, "8", None, None),
                (2, "normal", "80", 6, "8.5", None, None),
            ],
        ),
        (
            "pull_up",
            "Strict, no kipping",
            0,
            [
                (0, "normal", None, 8, None, None, None),  # bodyweight: no weight
                (1, "normal", "10", 5, None, None, None),
            ],
        ),
        ("push_up", "", 0, [(0, "normal", None, 20, "9.5", None, None)]),
        ("plank", "", None, [(0, "normal", None, None, None, None, 60)]),
    ],
)
LEGS = (
    "Leg Day 🦵🔥",
    datetime(2026, 7, 9, 16, 5),
    datetime(2026, 7, 9, 17, 20),
    'Felt strong, "new" PR\non squats, finally',
    [
        (
            "back_squat",
            "Belt on, knees out",
            None,
            [
                (0, "warmup", "60", 5, None, None, None),
                (1, "normal", "102.5", 5, "8.5", None, None),
                (2, "failure", "102.0583", 3, "10", None, None),
            ],
        ),
        (
            "leg_extension",
            "",
            0,
            [
                (0, "normal", "45", 12, None, None, None),
                (1, "drop", "30", 10, None, None, None),
            ],
        ),
        (
            "lying_leg_curl",
            "",
            0,
            [
                (0, "normal", "40", 12, "9.5", None, None),
                (1, "drop", "27.5", 10, None, None, None),
            ],
        ),
        (
            "back_squat",
            "Back-off sets",
            None,
            [
                (0, "normal", "80", 8, None, None, None),
                (1, "normal", "80", 8, None, None, None),
            ],
        ),
        (
            "dumbbell_farmers_walk",
            "",
            None,
            [(0, "normal", "32.5", None, None, "40", 45)],
        ),
        (
            "Garage Rower",
            'Damper 5, "easy"\nthen sprint 🚣',
            None,
            [(0, "normal", None, None, None, "2500.5", None)],
        ),
    ],
)


def done_sets(sets: list[WorkoutSet]) -> list[tuple]:
    """(index, kind, weight, reps, RPE, distance, duration) of each done set."""
    measures = {
        measure.set_id: measure
        for measure in db.session.scalars(
            select(SetMeasure).where(SetMeasure.set_id.in_([s.id for s in sets]))
        )
    }
    rows = []
    for each in (s for s in sets if s.completed_at is not None):
        measure = measures.get(each.id)
        rows.append(
            (
                len(rows),
                each.kind,
                plain(each.weight_kg),
                each.reps,
                plain(each.rpe),
                None if measure is None else plain(measure.distance_m),
                None if measure is None else measure.duration_seconds,
            )
        )
    return rows


def logbook(user) -> list[tuple]:
    """The user's finished workouts as the Hevy format carries them, oldest first.

    Supersets are numbered per workout in the order they come, since their
    labels are the app's own; exercises are named by library key, or by name
    for one of the user's own.
    """
    found = []
    for workout in workouts_of(user):
        if workout.finished_at is None:
            continue
        groups: dict[str, int] = {}
        exercises = []
        for performed in workout.exercises:
            sets = done_sets(performed.sets)
            if not sets:
                continue
            group = performed.superset_group
            exercises.append(
                (
                    performed.exercise.key or performed.exercise.name_en,
                    performed.notes,
                    None if group is None else groups.setdefault(group, len(groups)),
                    sets,
                )
            )
        found.append(
            (
                workout.name,
                workout.started_at.replace(second=0),
                workout.finished_at.replace(second=0),
                workout.notes,
                exercises,
            )
        )
    return found


@pytest.fixture
def exported(history, tmp_path):
    """The history's Hevy CSV, saved as a file the way a browser saves it."""
    path = tmp_path / "homegym-hevy.csv"
    path.write_text("".join(export_lines(history)), encoding="utf-8")
    return path


@pytest.fixture
def fresh(make_user):
    """A new account in the same time zone, with nothing in it yet."""
    return make_user("fresh@example.com", timezone="Europe/Berlin")


def test_the_history_is_what_the_round_trip_is_checked_against(history):
    assert logbook(history) == [PUSH, LEGS]


def test_a_fresh_account_imports_the_same_workouts_and_sets(exported, fresh):
    batch = import_file(fresh, exported)

    assert (batch.workouts_created, batch.sets_created) == (2, 18)
    assert logbook(fresh) == [PUSH, LEGS]
    # Nothing more came in: no open workout, no set that was not done.
    assert count(Workout, user_id=fresh.id) == 2
    assert count(WorkoutSet, user_id=fresh.id) == 18
    own = db.session.scalars(
        select(Exercise.name_en).where(Exercise.user_id == fresh.id)
    )
    assert own.all() == ["Garage Rower"]


def test_importing_the_same_file_again_skips_everything(exported, fresh):
    import_file(fresh, exported)

    again = import_file(fresh, exported)

    assert (again.workouts_created, again.workouts_skipped) == (0, 2)
    assert (again.sets_created, again.exercises_created) == (0, 0)
    assert count(Workout, user_id=fresh.id) == 2
    assert count(WorkoutSet, user_id=fresh.id) == 18
    assert logbook(fresh) == [PUSH, LEGS]


def test_the_export_imported_into_its_own_account_adds_nothing(exported, history):
    """Workouts logged here are known by their minute and title when they return."""
    batch = import_file(history, exported)

    assert (batch.workouts_created, batch.workouts_skipped) == (0, 2)
    assert count(Workout, user_id=history.id) == 3  # two finished, one open
    assert logbook(history) == [PUSH, LEGS]


def test_the_file_is_written_as_hevy_writes_it(exported):
    text = exported.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))

    assert rows[0] == HEVY_HEADER
    assert text.splitlines()[0].startswith('"title","start_time"')  # all quoted
    assert all(len(row) == 14 for row in rows)
    # Newest workout first, in the lifter's local time (Berlin, summer and winter).
    assert rows[1][:3] == ["Leg Day 🦵🔥", "9 Jul 2026, 18:05", "9 Jul 2026, 19:20"]
    assert rows[-1][:3] == ["Push 💪", "2 Mar 2026, 07:30", "2 Mar 2026, 08:41"]
    # set_index counts each exercise's done sets from 0, warm-ups included.
    bench = [row[7] for row in rows if row[4] == "Bench Press (Barbell)"]
    assert bench == ["0", "1", "2"]
    pull_up = next(row for row in rows if row[4] == "Pull Up" and row[7] == "0")
    assert (pull_up[5], pull_up[8], pull_up[9], pull_up[10]) == ("0", "normal", "", "8")
    kinds = {row[8] for row in rows[1:]}
    assert kinds == {"warmup", "normal", "failure", "dropset"}
    walk = next(row for row in rows if row[4] == "Farmers Walk (Dumbbell)")
    assert (walk[9], walk[11], walk[12]) == ("32.5", "0.04", "45")
    assert "Still going" not in text  # the open workout
