"""Hevy exports come across exactly, checked row by row in the database."""

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from homegym import clock
from homegym.extensions import db
from homegym.imports.models import ImportBatch
from tests.imports.conftest import FILES, import_file, sets_as_rows, workouts_of


def test_kg_file_arrives_workout_by_workout_and_set_by_set(library, berliner):
    batch = import_file(berliner, "hevy_kg.csv")

    push, legs = workouts_of(berliner)
    # Local Berlin time (winter, UTC+1) is stored as UTC.
    assert (push.name, push.started_at, push.finished_at) == (
        "Push",
        datetime(2026, 3, 2, 6, 30),
        datetime(2026, 3, 2, 7, 41),
    )
    assert (legs.name, legs.started_at, legs.finished_at) == (
        "Leg Day 🦵🔥",
        datetime(2026, 3, 9, 17, 5),
        datetime(2026, 3, 9, 18, 20),
    )
    assert legs.notes == 'Felt strong, "new" PR\non squats, finally'
    assert push.notes == ""
    assert {push.source, legs.source} == {"hevy"}
    assert push.finished and legs.finished

    names = [(p.exercise.key, p.superset_group, p.notes) for p in legs.exercises]
    assert names == [
        ("back_squat", None, "Belt on, knees out"),
        ("leg_extension", "A", ""),
        ("lying_leg_curl", "A", ""),
        ("back_squat", None, "Back-off sets"),  # the same exercise again
        (None, None, ""),  # "Rowing Machine": not in the library, made new
    ]
    squat, extension, curl, back_off, rowing = legs.exercises
    assert [p.position for p in legs.exercises] == [0, 1, 2, 3, 4]
    assert sets_as_rows(squat) == [
        (0, "warmup", "60", 5, None, None, None),
        (1, "normal", "100", 5, "8", None, None),
        (2, "normal", "102.5", 5, "8.5", None, None),
        (3, "failure", "102.5", 3, "10", None, None),
    ]
    assert sets_as_rows(extension) == [
        (0, "normal", "45", 12, None, None, None),
        (1, "drop", "30", 10, None, None, None),
    ]
    assert sets_as_rows(curl) == [
        (0, "normal", "40", 12, "9.5", None, None),
        (1, "drop", "27.5", 10, None, None, None),
    ]
    assert sets_as_rows(back_off) == [
        (0, "normal", "80", 8, None, None, None),
        (1, "normal", "80", 8, None, None, None),
    ]
    assert rowing.exercise.name_en == "Rowing Machine"
    assert rowing.exercise.user_id == berliner.id
    assert sets_as_rows(rowing) == [(0, "normal", None, None, None, "2500", 600)]

    bench, pull_up, push_up, plank, zottman = push.exercises
    assert (bench.exercise.key, pull_up.exercise.key, push_up.exercise.key) == (
        "bench_press",
        "pull_up",
        "push_up",
    )
    assert (pull_up.superset_group, push_up.superset_group) == ("A", "A")
    assert pull_up.notes == "Strict, no kipping"
    assert sets_as_rows(bench) == [
        (0, "warmup", "40", 10, None, None, None),
        (1, "normal", "80", 6, "7.5", None, None),
        (2, "normal", "80", 6, "8", None, None),
    ]
    # Empty weight is bodyweight: NULL, never 0.
    assert sets_as_rows(pull_up) == [
        (0, "normal", None, 8, None, None, None),
        (1, "normal", "10", 5, None, None, None),
    ]
    assert sets_as_rows(push_up) == [(0, "normal", None, 20, None, None, None)]
    assert sets_as_rows(plank) == [(0, "normal", None, None, None, None, 60)]
    assert plank.exercise.key == "plank"
    assert zottman.exercise.user_id == berliner.id
    # Imported sets are done, at the end of their workout; made at import time.
    assert {s.completed_at for p in push.exercises for s in p.sets} == {
        push.finished_at
    }
    (made,) = {s.created_at for p in push.exercises for s in p.sets}
    assert abs(made - clock.utcnow()) < timedelta(minutes=1)

    stored = db.session.scalar(select(ImportBatch).where(ImportBatch.id == batch.id))
    assert (stored.status, stored.workouts_created, stored.sets_created) == (
        "done",
        2,
        19,
    )
    assert (stored.workouts_skipped, stored.exercises_created) == (0, 2)


def test_pound_file_with_us_dates_and_a_byte_order_mark(library, make_user):
    lifter = make_user(timezone="America/New_York", units="lb")

    import_file(lifter, "hevy_lbs_us_dates.csv")

    midnight, morning, evening = workouts_of(lifter)
    # 12:05 AM is just after midnight; New York is UTC-4 in May.
    assert midnight.started_at == datetime(2026, 5, 4, 4, 5)
    assert morning.started_at == datetime(2026, 5, 5, 10, 13)
    assert (evening.started_at, evening.finished_at) == (
        datetime(2026, 5, 7, 22, 13),
        datetime(2026, 5, 7, 23, 2),
    )
    deadlift, running = evening.exercises
    assert deadlift.exercise.key == "deadlift"
    # Pounds to kilograms exactly: 135 lb and 315 lb, miles to metres.
    assert sets_as_rows(deadlift) == [
        (0, "warmup", "61.235", 5, None, None, None),
        (1, "normal", "142.8816", 3, "9", None, None),
    ]
    assert sets_as_rows(running) == [(0, "normal", None, None, None, "4988.966", 1500)]
    assert sets_as_rows(morning.exercises[0]) == [
        (0, "normal", None, 10, None, None, None)
    ]
    assert midnight.exercises[0].sets[0].weight_kg == Decimal("11.3398")


def test_both_weight_columns_and_dates_with_seconds(library, user):
    import_file(user, "hevy_both_weights.csv")

    (workout,) = workouts_of(user)
    assert workout.started_at == datetime(2026, 3, 3, 19, 59, 30)
    # The kilogram column wins where it is filled; pounds fill the gap.
    assert sets_as_rows(workout.exercises[0]) == [
        (0, "normal", "100", 5, None, None, None),
        (1, "normal", "102.0583", 5, None, None, None),
    ]


def test_decimal_commas_of_a_spreadsheet(library, user):
    import_file(user, "hevy_decimal_comma.csv")

    (workout,) = workouts_of(user)
    bench, running = workout.exercises
    assert sets_as_rows(bench) == [(0, "normal", "82.5", 5, "8.5", None, None)]
    assert sets_as_rows(running) == [(0, "normal", None, None, None, "1250", 400)]


def test_the_same_exercise_twice_in_a_row_stays_two_blocks(library, user, tmp_path):
    """Two blocks of one exercise back to back: the set index starts again."""
    head = '"Arms","4 Mar 2026, 18:00","4 Mar 2026, 18:40","",'
    rows = [
        f'{head}"Bicep Curl (Dumbbell)","","heavy","{i}","normal","16","8","","",""'
        for i in range(3)
    ] + [
        f'{head}"Bicep Curl (Dumbbell)","","light","{i}","normal","10","15","","",""'
        for i in range(2)
    ]
    header = (FILES / "hevy_kg.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "arms.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")

    import_file(user, path)

    (workout,) = workouts_of(user)
    heavy, light = workout.exercises
    assert (heavy.exercise.key, light.exercise.key) == (
        "dumbbell_curl",
        "dumbbell_curl",
    )
    assert (heavy.notes, light.notes) == ("heavy", "light")
    assert [len(heavy.sets), len(light.sets)] == [3, 2]


def test_two_supersets_in_one_workout_and_german_month_names(library, user, tmp_path):
    """A phone set to German writes "2. Mär. 2026"; superset ids 0 and 1 stay apart."""
    head = '"Oberkörper","2. Mär. 2026, 18:00","2. Mär. 2026, 19:05","",'
    blocks = [
        ("Bench Press (Barbell)", "0"),
        ("Bent Over Row (Barbell)", "0"),
        ("Bicep Curl (Dumbbell)", "1"),
        ("Triceps Pushdown", "1"),
        ("Plank", ""),
    ]
    rows = [
        f'{head}"{name}","{superset}","","0","normal","20","10","","",""'
        for name, superset in blocks
    ]
    header = (FILES / "hevy_kg.csv").read_text(encoding="utf-8").splitlines()[0]
    path = tmp_path / "oberkoerper.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")

    import_file(user, path)

    (workout,) = workouts_of(user)
    assert workout.started_at == datetime(2026, 3, 2, 18, 0)  # the user is in UTC
    assert workout.finished_at == datetime(2026, 3, 2, 19, 5)
    assert [p.superset_group for p in workout.exercises] == ["A", "A", "B", "B", None]
