"""MariaDB restarted while a phone's outbox is syncing, on a server of our own.

The test starts its own throwaway mariadbd (never the shared one on 3306),
migrates it, serves the app on it under gunicorn, and restarts it: once with
a sync batch in flight (held on a row lock, so the restart lands mid-batch
every time), once between batches, and once quietly. The outbox is driven the way the
phone's outbox.js sends it: the same JSON to ``POST /sync``, resent whole
with the same change ids after a 503.
"""

import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress

import pytest
from flask_migrate import upgrade
from sqlalchemy import select

from homegym import create_app
from homegym.accounts.models import User
from homegym.accounts.passwords import hash_password
from homegym.config import engine_options
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import SyncChange, WorkoutSet
from tests.conftest import PASSWORD
from tests.faults.client import Lifter, change, new_id
from tests.faults.mariadb import OwnMariaDB, available
from tests.faults.server import gunicorn, wait_for

EMAIL = "restart@example.com"
UNAVAILABLE = "The database is not answering right now. Please try again in a minute."


@pytest.fixture
def own_mariadb(tmp_path_factory):
    if not available():
        pytest.skip("mariadbd and mariadb-install-db are needed for an own server")
    server = OwnMariaDB(tmp_path_factory.mktemp("mariadb"))
    server.install()
    server.start()
    try:
        with server.connect() as connection, connection.cursor() as cursor:
            cursor.execute(
                "CREATE DATABASE homegym CHARACTER SET utf8mb4 "
                "COLLATE utf8mb4_unicode_ci"
            )
        yield server
    finally:
        server.stop()
        shutil.rmtree(server.data, ignore_errors=True)


def migrated_app(url: str, test_config: dict):
    """The schema on the own server, made as an operator does: migrations."""
    own = create_app(
        {
            **test_config,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        }
    )
    with own.app_context():
        upgrade()
    return own


def add(set_uuid: str, exercise_uuid: str) -> dict:
    return change("set.add", uuid=set_uuid, exercise=exercise_uuid, weight_kg="100")


def statuses(reply) -> list[str]:
    assert reply.status == 200, reply.body[:500]
    return [result["status"] for result in reply.json()["results"]]


def assert_unavailable(reply) -> None:
    """A clear, retryable answer: 503 with a message and Retry-After."""
    assert reply.status == 503, reply.body[:500]
    assert reply.json()["message"] == UNAVAILABLE
    assert int(reply.headers["Retry-After"]) > 0
    assert "Traceback" not in reply.body


def update_waiting(mariadb: OwnMariaDB) -> bool:
    """Whether a worker's UPDATE of a set waits for the test's row lock."""
    with mariadb.connect() as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
            "WHERE INFO LIKE 'UPDATE sets%%'"
        )
        return cursor.fetchone()[0] > 0


def test_a_restart_during_an_offline_sync_loses_and_doubles_nothing(
    own_mariadb, test_config, tmp_path
):
    url = own_mariadb.url("homegym")
    own = migrated_app(url, test_config)
    with own.app_context():
        user = User(email=EMAIL, password_hash=hash_password(PASSWORD))
        squat = Exercise(key="restart_squat", name_en="Back Squat", name_de="Kniebeuge")
        db.session.add_all([user, squat])
        db.session.commit()
        user_id, exercise_id = user.id, squat.id
        db.engine.dispose()  # this process keeps no connection to the own server

    workout, exercise_uuid = new_id(), new_id()
    sets = [new_id() for _ in range(7)]
    start = change(
        "workout.start",
        uuid=workout,
        name="Garage day",
        exercises=[
            {
                "uuid": exercise_uuid,
                "exercise_id": exercise_id,
                "sets": [{"uuid": sets[0], "weight_kg": "100", "reps": 5}],
            }
        ],
    )
    first = [start, add(sets[1], exercise_uuid), add(sets[2], exercise_uuid)]
    tick = change(
        "set.update", uuid=sets[0], unit="kg", weight="105", reps="4", done="1"
    )
    second = [add(sets[3], exercise_uuid), add(sets[4], exercise_uuid), tick]
    second.append(add(sets[5], exercise_uuid))
    third = [add(sets[6], exercise_uuid)]

    with gunicorn(url, tmp_path) as server:
        phone = Lifter(server.port)
        phone.log_in(EMAIL, PASSWORD)
        assert statuses(phone.sync(first)) == ["applied"] * 3

        # Restart with a batch in flight: its tick waits on a row lock of ours
        # after the two adds before it were committed.
        # By primary key, so only that row is locked, not the gaps around it.
        lock = own_mariadb.connect("homegym")
        with lock.cursor() as cursor:
            cursor.execute("SELECT id FROM sets WHERE uuid = %s", (sets[0],))
            [(row_id,)] = cursor.fetchall()
            cursor.execute("SELECT id FROM sets WHERE id = %s FOR UPDATE", (row_id,))
        with ThreadPoolExecutor(1) as pool:
            in_flight = pool.submit(phone.sync, second)
            wait_for(lambda: update_waiting(own_mariadb), 30, "the tick to wait")
            own_mariadb.stop()
            assert_unavailable(in_flight.result(timeout=60))
        with suppress(Exception):
            lock.close()

        # Between batches, with the server down: every worker says 503.
        for _ in range(4):
            assert_unavailable(phone.sync(third))
        page = phone.request("GET", "/workouts")
        assert page.status == 503 and UNAVAILABLE in page.body
        assert "X-HomeGym-User" not in page.headers  # the offline pages stay kept

        own_mariadb.start()
        # The outbox sends what it still holds, oldest first, same change ids.
        phone.refresh_token()
        assert statuses(phone.sync(second)) == [
            "duplicate",
            "duplicate",
            "applied",
            "applied",
        ]
        # A quiet restart: nobody asks meanwhile, so the connections pooled in
        # each worker died unnoticed. They must poison no later request.
        own_mariadb.stop()
        own_mariadb.start()
        assert statuses(phone.sync(third)) == ["applied"]
        for _ in range(6):
            phone.expect(200, "GET", "/workouts")
            phone.expect(200, "GET", "/sync/session")

    with own.app_context():
        stored = db.session.execute(
            select(WorkoutSet.uuid, WorkoutSet.weight_kg, WorkoutSet.reps).where(
                WorkoutSet.user_id == user_id
            )
        ).all()
        assert sorted(row.uuid for row in stored) == sorted(sets)
        ticked = {row.uuid: (int(row.weight_kg), row.reps) for row in stored}
        assert ticked[sets[0]] == (105, 4)
        applied = db.session.scalars(select(SyncChange.change_id)).all()
        assert sorted(applied) == sorted(c["id"] for c in first + second + third)
        db.engine.dispose()

    log = server.app_log()
    assert f"database unavailable for user {user_id}: POST /sync answered 503" in log
    assert "database unavailable for user unknown: POST /sync answered 503" in log
    assert "Traceback" not in server.log() + server.app_log("errors.log")
