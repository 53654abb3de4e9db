"""A client id is unique per user: someone else's id makes a row of your own.

An attacker who learns another lifter's UUIDs (from a shared export, say) and
replays them must neither see that lifter's rows nor stop their own from
being made.
"""

from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.plans.models import Plan
from homegym.workouts.models import Workout
from tests.conftest import log_in


def rows(model, uuid):
    return db.session.execute(select(model.user_id).where(model.uuid == uuid)).all()


def test_someone_elses_uuids_make_new_rows_of_your_own(client, make_user):
    victim, attacker = make_user(), make_user()
    taken = {Workout: new_uuid(), Plan: new_uuid(), Exercise: new_uuid()}
    log_in(client, victim.email)
    client.post("/workouts", data={"uuid": taken[Workout]})
    client.post("/plans/new", data={"name": "Mine", "uuid": taken[Plan]})
    client.post(
        "/exercises/new",
        data={
            "name_en": "Sandbag Carry",
            "primary_muscles": "traps",
            "mechanic": "compound",
            "load": "external",
            "uuid": taken[Exercise],
        },
    )
    client.post("/logout")

    log_in(client, attacker.email)
    started = client.post("/workouts", data={"uuid": taken[Workout]})
    plan = client.post("/plans/new", data={"name": "Copy", "uuid": taken[Plan]})
    exercise = client.post(
        "/exercises/new",
        data={
            "name_en": "Sandbag Carry",
            "primary_muscles": "traps",
            "mechanic": "compound",
            "load": "external",
            "uuid": taken[Exercise],
        },
    )

    for model, uuid in taken.items():
        assert sorted(rows(model, uuid)) == sorted([(victim.id,), (attacker.id,)]), (
            model.__name__
        )
    victims_workout = db.session.scalar(
        select(Workout.id).where(Workout.user_id == victim.id)
    )
    assert f"/workouts/{victims_workout}/" not in started.headers["Location"]
    assert plan.status_code == exercise.status_code == 303
