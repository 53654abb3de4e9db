"""A gunicorn worker killed (SIGKILL) in the middle of a lifter's request.

The victim's "add set" is held inside its worker by a database lock the test
takes, so the kill lands mid-request every time, not by chance; the worker
holding that connection is found through /proc. The other lifters are in the
middle of their workouts: they log sets before the kill and after it.
"""

import os
import signal
import threading
import time

import pytest
from sqlalchemy import select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise
from tests.conftest import PASSWORD
from tests.faults.client import Lifter, NoAnswer, change, new_id
from tests.faults.conftest import as_confirmed, stored_sets
from tests.faults.server import gunicorn, wait_for

LIFTERS = 4
SETS_BEFORE = 2  # each lifter's sets before the kill, and as many after it
RUN_SECONDS = 120


class DatabaseLock:
    """Hold what adding a set to one exercise needs, so that request waits.

    SQLite has one writer at a time: take the write lock. MariaDB checks the
    exercise row when a set of it is inserted (foreign key): lock that row.
    """

    def __init__(self, performed_id: int):
        self.performed_id = performed_id

    def __enter__(self):
        self.connection = db.engine.connect()
        if self.connection.dialect.name == "sqlite":
            self.connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            row = PerformedExercise.id == self.performed_id
            self.connection.execute(
                select(PerformedExercise.id).where(row).with_for_update()
            )
        return self

    def __exit__(self, *_):
        self.connection.rollback()
        self.connection.close()


def statuses(reply) -> list[str]:
    assert reply.status == 200, reply.body[:500]
    return [result["status"] for result in reply.json()["results"]]


def test_a_worker_killed_mid_request_loses_no_confirmed_set(
    app, make_user, exercise, test_config, tmp_path
):
    emails = {
        make_user(f"kill{n}@example.com").id: f"kill{n}@example.com"
        for n in range(LIFTERS)
    }
    victim_user = make_user("victim@example.com")
    victim_id, exercise_id = victim_user.id, exercise.id
    db.session.commit()  # no read transaction held while the workers write

    with gunicorn(test_config["SQLALCHEMY_DATABASE_URI"], tmp_path) as server:
        lifters = {user_id: Lifter(server.port) for user_id in emails}
        paused = threading.Barrier(LIFTERS + 1, timeout=RUN_SECONDS)
        resume = threading.Event()
        crashed = []

        def train(user_id: int) -> None:
            lifter = lifters[user_id]
            try:
                lifter.log_in(emails[user_id], PASSWORD)
                workout_id, _ = lifter.start_workout()
                performed = lifter.add_exercise(workout_id, exercise_id)
                lifter.tick(workout_id, performed[2], 80, 5)
                for number in range(1, SETS_BEFORE * 2):
                    if number == SETS_BEFORE:
                        paused.wait()  # between two sets while the worker dies
                        resume.wait(RUN_SECONDS)
                    set_uuid = lifter.add_set(workout_id, performed[:2])
                    lifter.tick(workout_id, set_uuid, 80 + number, 5)
                lifter.expect(303, "POST", f"/workouts/{workout_id}/finish")
                lifter.expect(200, "GET", "/workouts")
            except BaseException as error:  # noqa: BLE001 - reported below
                crashed.append((emails[user_id], repr(error)))
                paused.abort()

        threads = [
            threading.Thread(target=train, args=(user_id,), daemon=True)
            for user_id in emails
        ]
        for thread in threads:
            thread.start()

        victim = Lifter(server.port)
        victim.log_in("victim@example.com", PASSWORD)
        workout_id, _ = victim.start_workout()
        performed_id, performed_uuid, first = victim.add_exercise(
            workout_id, exercise_id
        )
        victim.tick(workout_id, first, 100, 5)
        paused.wait()

        lost = new_id()
        with DatabaseLock(performed_id):
            connection = victim.connect()
            path = f"/workouts/{workout_id}/exercises/{performed_id}/sets"
            victim.send(connection, "POST", path, form={"uuid": lost}, htmx=True)
            client_port = connection.sock.getsockname()[1]
            worker = wait_for(
                lambda: server.worker_serving(client_port), 30, "a worker to take it"
            )
            os.kill(worker, signal.SIGKILL)
            with pytest.raises(NoAnswer):
                victim.answer(connection)

        wait_for(
            lambda: len(server.workers()) == 2 and worker not in server.workers(),
            60,
            "the master to replace the killed worker",
        )
        # The phone kept the unanswered tap and the tick after it in its
        # outbox: sent once, and once more as if that answer was lost too.
        outbox = [
            change("set.add", uuid=lost, exercise=performed_uuid),
            change(
                "set.update", uuid=lost, unit="kg", weight="102", reps="5", done="1"
            ),
        ]
        assert statuses(victim.sync(outbox)) == ["applied", "applied"]
        assert statuses(victim.sync(outbox)) == ["duplicate", "duplicate"]
        victim.confirmed[lost] = (102, 5)
        # And the logbook keeps working for the victim as for everyone.
        after = victim.add_set(workout_id, (performed_id, performed_uuid))
        victim.tick(workout_id, after, 105, 3)

        resume.set()
        deadline = time.monotonic() + RUN_SECONDS
        for thread in threads:
            thread.join(max(0, deadline - time.monotonic()))
        assert not any(thread.is_alive() for thread in threads), "lifters stuck"

    assert crashed == []
    everyone = {**lifters, victim_id: victim}
    assert {
        u: lifter.failures for u, lifter in everyone.items() if lifter.failures
    } == {}
    for user_id, lifter in everyone.items():
        assert sorted(stored_sets(user_id)) == sorted(as_confirmed(lifter.confirmed))
    assert len(victim.confirmed) == 3 and lost in victim.confirmed
    assert all(len(lifter.confirmed) == SETS_BEFORE * 2 for lifter in lifters.values())
    assert f"pid:{worker}" in server.log()  # gunicorn's own line about the kill
