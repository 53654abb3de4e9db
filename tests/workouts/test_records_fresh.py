"""Records are kept between views, yet every write that changes one shows.

Each test views a page first, so its records are kept, then changes the
training the way a lifter would and views the page again.
"""

import pytest

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX
from tests.imports.conftest import FILES, import_file, library, preview  # noqa: F401
from tests.workouts.history_factories import done, make_exercise, make_workout


@pytest.fixture
def bench(app):
    return make_exercise(name_en="Bench Press", name_de="Bankdrücken")


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(True)


def first_set(workout) -> WorkoutSet:
    return db.session.scalars(
        db.select(WorkoutSet)
        .join(PerformedExercise)
        .where(PerformedExercise.workout_id == workout.id)
        .order_by(WorkoutSet.position)
    ).first()


def test_editing_an_earlier_set_changes_the_records_shown(logged_in, user, bench):
    earlier = make_workout(user, [(bench, [done("100", 5)])], days=0)
    today = make_workout(user, [(bench, [done("110", 5)])], days=2)
    assert "110 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")
    assert "110 kg × 5" in page(logged_in, f"/exercises/{bench.id}")
    edited = first_set(earlier)

    response = logged_in.post(
        f"/workouts/{earlier.id}/sets/{edited.id}",
        data={"weight": "120", "reps": "5", "done": "1"},
        headers=HX,
    )

    assert response.status_code == 200
    assert "Heaviest weight" not in page(logged_in, f"/workouts/{today.id}")
    records = page(logged_in, f"/exercises/{bench.id}")
    assert "120 kg × 5" in records and "110 kg × 5" not in records


def test_deleting_a_workout_changes_the_records_shown(logged_in, user, bench):
    make_workout(user, [(bench, [done("100", 5)])], days=0)
    heaviest = make_workout(user, [(bench, [done("110", 5)])], days=1)
    today = make_workout(user, [(bench, [done("105", 5)])], days=2)
    assert "Heaviest weight" not in page(logged_in, f"/workouts/{today.id}")
    assert "110 kg × 5" in page(logged_in, f"/exercises/{bench.id}")

    response = logged_in.post(f"/workouts/{heaviest.id}/delete")

    assert response.status_code in (302, 303)
    assert "105 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")
    records = page(logged_in, f"/exercises/{bench.id}")
    assert "105 kg × 5" in records and "110 kg" not in records


def test_a_set_removed_by_offline_sync_changes_the_records_shown(
    logged_in, user, bench
):
    make_workout(user, [(bench, [done("100", 5)])], days=0)
    heaviest = make_workout(user, [(bench, [done("110", 5)])], days=1)
    today = make_workout(user, [(bench, [done("105", 5)])], days=2)
    assert "Heaviest weight" not in page(logged_in, f"/workouts/{today.id}")
    removed = {"uuid": first_set(heaviest).uuid}
    change = {"id": new_uuid(), "op": "set.remove", "data": removed}

    response = logged_in.post(
        "/sync", json={"changes": [change]}, headers={"Accept": "application/json"}
    )

    assert response.get_json()["results"][0]["status"] == "applied"
    assert "105 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")


def test_finishing_a_workout_makes_its_sets_count(logged_in, user, bench):
    open_one = make_workout(user, [(bench, [done("120", 5)])], days=1, finished=False)
    today = make_workout(user, [(bench, [done("110", 5)])], days=2)
    make_workout(user, [(bench, [done("100", 5)])], days=0)
    assert "110 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")

    workout = db.session.get(Workout, open_one.id)
    workout.finished_at = workout.started_at
    db.session.commit()

    assert "Heaviest weight" not in page(logged_in, f"/workouts/{today.id}")
    assert "120 kg × 5" in page(logged_in, f"/exercises/{bench.id}")


@pytest.mark.usefixtures("library")
def test_an_imported_earlier_workout_changes_the_records_shown(logged_in, user):
    """Imports write sets with bulk statements, not one object at a time."""
    _, summary = preview(user, FILES / "strong.csv")
    match = {item["name"]: item["match"] for item in summary["names"]}
    exercise = db.session.get(Exercise, match["Bench Press (Barbell)"])
    # The file's bench press is 60 kg × 8 on 25 July 2025.
    make_workout(user, [(exercise, [done("50", 8)])], days=-225)  # 20 July 2025
    today = make_workout(user, [(exercise, [done("55", 8)])], days=-213)  # 1 Aug
    assert "55 kg × 8, before 50 kg" in page(logged_in, f"/workouts/{today.id}")
    assert "55 kg × 8" in page(logged_in, f"/exercises/{exercise.id}")

    import_file(user, "strong.csv")

    assert "Heaviest weight" not in page(logged_in, f"/workouts/{today.id}")
    assert "60 kg × 8" in page(logged_in, f"/exercises/{exercise.id}")


def test_another_lifters_records_are_their_own(logged_in, user, make_user, bench):
    """Kept records are kept per lifter: another's heavier set changes nothing."""
    make_workout(user, [(bench, [done("100", 5)])], days=0)
    today = make_workout(user, [(bench, [done("110", 5)])], days=2)
    assert "110 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")

    make_workout(make_user("other@example.com"), [(bench, [done("150", 5)])], days=1)

    assert "110 kg × 5, before 100 kg" in page(logged_in, f"/workouts/{today.id}")


def test_records_worked_out_inside_a_write_are_not_kept(user, bench):
    """A transaction that wrote training and is rolled back leaves no records
    drawn from its writes under the stamp that stays in use."""
    from homegym.workouts.records import exercise_records

    make_workout(user, [(bench, [done("100", 5)])], days=0)
    written = first_set(make_workout(user, [(bench, [done("110", 5)])], days=1))

    written.weight_kg = 150
    db.session.flush()
    assert exercise_records(user.id, bench.id).heaviest.weight_kg == 150
    db.session.rollback()

    assert exercise_records(user.id, bench.id).heaviest.weight_kg == 110


def test_a_page_that_keeps_several_things_reads_the_stamp_once(logged_in, user, bench):
    """The progress page keeps session counts, a series and its table."""
    from tests.conftest import count_queries

    make_workout(user, [(bench, [done("100", 5)])], days=0)
    make_workout(user, [(bench, [done("110", 5)])], days=2)
    page(logged_in, "/progress")  # kept now

    with count_queries() as statements:
        assert "110 kg × 5" in page(logged_in, "/progress")

    assert sum("training_stamps" in statement for statement in statements) == 1
