"""Two starts at once open one workout: the second waits and resumes the first."""

import threading

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.logging import start_workout
from homegym.workouts.models import Workout

pytestmark = pytest.mark.mariadb


def test_a_second_start_waits_for_the_first_and_gets_its_workout(
    app, user, test_config
):
    if not test_config["SQLALCHEMY_DATABASE_URI"].startswith("mysql"):
        pytest.skip("needs the suite pointed at MariaDB (SQLite has no row locks)")
    user_id = user.id
    db.session.commit()

    first, created = start_workout(user_id)  # holds the user's row lock
    assert created
    result = {}

    def second_tap():
        with app.app_context():
            workout, made = start_workout(user_id)
            result.update(id=workout.id, made=made)
            db.session.commit()

    tap = threading.Thread(target=second_tap)
    tap.start()
    tap.join(timeout=1)
    assert tap.is_alive(), "the second start must wait for the first to commit"

    db.session.commit()
    tap.join(timeout=10)

    assert result == {"id": first.id, "made": False}
    assert db.session.scalar(select(func.count(Workout.id))) == 1
