"""Fifty lifters at once against gunicorn (the repo's config, two workers).

Each logs a few sets and reads their history, a fixed number of requests,
under one deadline for the whole run. No request may fail, and the database
must hold exactly the sets the clients saw confirmed: none lost, none twice,
nothing else.
"""

import threading
import time
from collections import Counter

from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import Workout, WorkoutSet
from tests.conftest import PASSWORD
from tests.faults.client import Lifter
from tests.faults.conftest import as_confirmed, stored_sets
from tests.faults.server import gunicorn

LIFTERS = 50
SETS = 2  # per lifter: 7 posts, 3 pages and a session read, 11 requests
RUN_SECONDS = 300  # the whole run, however slow the machine


def train(lifter: Lifter, email: str, exercise_id: int, number: int) -> None:
    lifter.log_in(email, PASSWORD)
    workout_id, _ = lifter.start_workout()
    performed_id, performed_uuid, first = lifter.add_exercise(workout_id, exercise_id)
    performed = (performed_id, performed_uuid)
    lifter.tick(workout_id, first, 60 + number, 5)
    for extra in range(1, SETS):
        set_uuid = lifter.add_set(workout_id, performed)
        lifter.tick(workout_id, set_uuid, 60 + number + extra, 5 + extra)
    lifter.expect(303, "POST", f"/workouts/{workout_id}/finish")
    history = lifter.expect(200, "GET", "/workouts").body
    assert f'href="/workouts/{workout_id}"' in history
    detail = lifter.expect(200, "GET", f"/workouts/{workout_id}").body
    assert "Back Squat" in detail


def test_fifty_lifters_at_once_lose_and_double_nothing(
    app, make_user, exercise, test_config, tmp_path
):
    users = [make_user(f"load{number}@example.com") for number in range(LIFTERS)]
    emails = {user.id: user.email for user in users}
    exercise_id = exercise.id
    db.session.commit()  # no read transaction held while the workers write

    with gunicorn(test_config["SQLALCHEMY_DATABASE_URI"], tmp_path) as server:
        lifters = {user_id: Lifter(server.port) for user_id in emails}
        crashed = []

        def run(user_id: int, number: int) -> None:
            try:
                train(lifters[user_id], emails[user_id], exercise_id, number)
            except BaseException as error:  # noqa: BLE001 - reported below
                crashed.append((emails[user_id], repr(error)))

        threads = [
            threading.Thread(target=run, args=(user_id, number), daemon=True)
            for number, user_id in enumerate(emails)
        ]
        deadline = time.monotonic() + RUN_SECONDS
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(max(0, deadline - time.monotonic()))
        stuck = sum(thread.is_alive() for thread in threads)
        assert not stuck, f"{stuck} lifters still running after {RUN_SECONDS} s"

    assert crashed == []
    assert {
        u: lifter.failures for u, lifter in lifters.items() if lifter.failures
    } == {}
    for user_id, lifter in lifters.items():
        assert sorted(stored_sets(user_id)) == sorted(as_confirmed(lifter.confirmed))
        assert len(lifter.confirmed) == SETS
    total = db.session.scalar(select(func.count()).select_from(WorkoutSet))
    assert total == LIFTERS * SETS
    finished = db.session.scalars(
        select(Workout.user_id).where(Workout.finished_at.is_not(None))
    )
    assert Counter(finished) == Counter(list(emails))
    assert "Traceback" not in server.log()
