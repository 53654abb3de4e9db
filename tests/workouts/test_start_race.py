"""Two starts at once open one workout: the second gets the first one's."""

import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from homegym.extensions import db
from homegym.workouts.finishing import finish_workout
from homegym.workouts.logging import start_workout
from homegym.workouts.models import Workout


def test_the_database_refuses_a_second_open_workout(user, make_user):
    db.session.add(Workout(user_id=user.id))
    db.session.add(Workout(user_id=make_user().id))  # others may have theirs
    db.session.commit()

    db.session.add(Workout(user_id=user.id))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_however_a_workout_gets_finished_its_place_is_freed(user):
    workout = Workout(user_id=user.id)
    db.session.add(workout)
    db.session.commit()
    assert workout.open_user_id == user.id

    workout.finished_at = workout.started_at  # as an import or an edit might
    db.session.commit()

    assert workout.open_user_id is None


def test_a_finished_workout_frees_the_place_for_the_next(user):
    first, _ = start_workout(user.id)
    db.session.commit()
    first.notes = "kept"
    finish_workout(first)
    db.session.commit()

    second, created = start_workout(user.id)
    db.session.commit()

    assert created and second.id != first.id
    assert (first.open_user_id, second.open_user_id) == (None, user.id)


@pytest.mark.mariadb
def test_a_second_tap_waits_for_the_first_and_lands_in_its_workout(
    app, logged_in, user, test_config
):
    if not test_config["SQLALCHEMY_DATABASE_URI"].startswith("mysql"):
        pytest.skip("needs the suite pointed at MariaDB (row locks, many writers)")
    first, created = start_workout(user.id)  # made, not yet committed
    assert created
    result = {}

    def second_tap():
        with app.app_context():
            response = logged_in.post("/workouts", data={})
            result["location"] = response.headers.get("Location")

    tap = threading.Thread(target=second_tap)
    tap.start()
    tap.join(timeout=1)
    assert tap.is_alive(), "the second start must wait for the first to commit"

    db.session.commit()
    tap.join(timeout=10)

    assert result == {"location": f"/workouts/{first.id}/log"}
    assert db.session.scalar(select(func.count(Workout.id))) == 1
