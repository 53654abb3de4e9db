"""Strong exports: the unit is asked, rest timers are not sets, zeros mean empty."""

from datetime import datetime

from tests.imports.conftest import (
    FILES,
    import_file,
    preview,
    sets_as_rows,
    workouts_of,
)


def test_strong_file_in_kilograms(library, user):
    import_file(user, "strong.csv", unit="kg")

    evening, morning = workouts_of(user)
    assert (evening.name, evening.started_at, evening.finished_at) == (
        "Evening Workout",
        datetime(2025, 7, 23, 19, 16, 49),
        datetime(2025, 7, 23, 20, 21, 49),  # Duration "1h 5m"
    )
    assert evening.notes == 'Knees hurt a bit, "mild"'
    assert evening.source == "strong"
    squat, pull_up, back_off = evening.exercises
    assert [p.exercise.key for p in evening.exercises] == [
        "back_squat",
        "pull_up",
        "back_squat",
    ]
    # The rest timer row is no set; its seconds are the exercise's rest.
    assert squat.rest_seconds == 90
    assert squat.notes == "Felt heavy"
    assert sets_as_rows(squat) == [
        (0, "warmup", "40", 10, None, None, None),
        (1, "normal", "80", 5, "8", None, None),
        (2, "normal", "80", 5, "8.5", None, None),
    ]
    # Strong writes 0 for "no weight"; both that and an empty cell are bodyweight.
    assert sets_as_rows(pull_up) == [
        (0, "normal", None, 8, None, None, None),
        (1, "normal", None, 6, None, None, None),
    ]
    assert back_off.notes == "Back-off,\nlight"
    assert sets_as_rows(back_off) == [(0, "normal", "60", 12, None, None, None)]

    assert morning.name == "Morning 🌅"
    assert morning.finished_at == datetime(2025, 7, 25, 7, 31, 10)  # "29m"
    cycling, bench = morning.exercises
    assert cycling.exercise.user_id == user.id
    assert sets_as_rows(cycling) == [(0, "normal", None, None, None, "10500", 1500)]
    assert sets_as_rows(bench) == [
        (0, "warmup", "20", 15, None, None, None),
        (1, "normal", "60", 8, "9", None, None),
        (2, "failure", "60", 4, "10", None, None),
    ]


def test_strong_file_in_pounds_converts_weights_and_distance(library, user):
    import_file(user, "strong.csv", unit="lb")

    evening, morning = workouts_of(user)
    assert sets_as_rows(evening.exercises[0])[1] == (
        1,
        "normal",
        "36.2874",
        5,
        "8",
        None,
        None,
    )
    # With pounds, Strong's distances are miles.
    assert sets_as_rows(morning.exercises[0])[0][5] == "16898.112"


def test_preview_of_a_strong_file_asks_for_the_unit(library, user):
    parse, summary = preview(user, FILES / "strong.csv")

    assert parse.format.source == "strong"
    assert summary["unit_in_file"] is None
    assert (summary["workouts"], summary["sets"]) == (2, 10)


def test_strong_without_notes_columns(library, user):
    import_file(user, "strong_no_notes.csv", unit="kg")

    evening, morning = workouts_of(user)
    assert evening.notes == "" and morning.notes == ""
    assert [len(p.sets) for p in evening.exercises] == [3, 2, 1]
    assert evening.exercises[0].rest_seconds == 90
    assert sets_as_rows(morning.exercises[1])[2] == (
        2,
        "failure",
        "60",
        4,
        "10",
        None,
        None,
    )


def test_semicolon_variant_names_its_unit(library, user):
    parse, summary = preview(user, FILES / "strong_semicolon.csv")
    assert (parse.format.delimiter, summary["unit_in_file"]) == (";", "kg")

    import_file(user, "strong_semicolon.csv")

    (workout,) = workouts_of(user)
    assert workout.notes == "Gut; schwer"
    deadlift, running = workout.exercises
    assert deadlift.exercise.key == "deadlift"
    assert sets_as_rows(deadlift) == [
        (0, "normal", "102.5", 5, "8.5", None, None),
        (1, "normal", "102.5", 5, None, None, None),
    ]
    assert sets_as_rows(running) == [(0, "normal", None, None, None, "2500", 900)]


HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,"
    "Seconds,Notes,Workout Notes,RPE\n"
)


def strong_file(tmp_path, rows: list[str], header: str = HEADER, bom=b"") -> str:
    path = tmp_path / "strong_export.csv"
    path.write_bytes(bom + (header + "\n".join(rows) + "\n").encode())
    return path


def test_the_same_exercise_again_with_its_own_warm_up_is_its_own_block(
    library, user, tmp_path
):
    day = "2025-08-01 18:00:00,Pull Day,50m,Deadlift (Barbell)"
    path = strong_file(
        tmp_path,
        [
            f"{day},W,60.0,5.0,0,0,,,",
            f"{day},1,140.0,5.0,0,0,,,8",
            f"{day},2,140.0,5.0,0,0,,,9",
            f"{day},W,50.0,5.0,0,0,Deficit,,",
            f"{day},1,100.0,8.0,0,0,Deficit,,",
        ],
    )

    import_file(user, path, unit="kg")

    (workout,) = workouts_of(user)
    first, second = workout.exercises
    assert [row[:3] for row in sets_as_rows(first)] == [
        (0, "warmup", "60"),
        (1, "normal", "140"),
        (2, "normal", "140"),
    ]
    assert [row[:3] for row in sets_as_rows(second)] == [
        (0, "warmup", "50"),
        (1, "normal", "100"),
    ]
    assert second.notes == "Deficit"


def test_a_file_with_a_bom_and_two_weight_columns_reads_the_first_in_its_unit(
    library, user, tmp_path
):
    header = (
        "Date;Workout Name;Duration;Exercise Name;Set Order;Weight (kg);"
        "Weight (lbs);Reps;Distance (km);Seconds;Notes;Workout Notes;RPE\n"
    )
    path = strong_file(
        tmp_path,
        ["2025-08-02 07:00:00;Früh;30m;Bench Press (Barbell);1;100;220.5;5;0;0;;;"],
        header=header,
        bom=b"\xef\xbb\xbf",
    )
    parse, summary = preview(user, path)
    assert summary["unit_in_file"] == "kg"

    import_file(user, path)

    (workout,) = workouts_of(user)
    assert workout.name == "Früh"
    assert sets_as_rows(workout.exercises[0]) == [
        (0, "normal", "100", 5, None, None, None)
    ]
