"""The pages the phone keeps for offline use, and whose they are."""

import json
import re
from html import unescape

from sqlalchemy import func, select

from homegym.extensions import db
from homegym.pwa.owner import owner_key
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX
from tests.workouts.conftest import done


def starts_of(page: str) -> dict:
    found = re.search(r'id="offline-starts" data-starts="([^"]*)"', page)
    assert found, "the offline page must carry the days it can start"
    return json.loads(unescape(found.group(1)))


def rows() -> int:
    return sum(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Workout, PerformedExercise, WorkoutSet)
    )


def test_the_offline_page_holds_each_day_prefilled_from_last_time(
    logged_in, user, exercises, make_day, make_workout
):
    make_workout(user, [(exercises["squat"], [done("100", 8), done("102.5", 6)])])
    day = make_day(user, [(exercises["squat"], {"sets": 3, "reps_max": 8})])
    before = rows()

    page = logged_in.get("/workouts/offline").get_data(True)

    starts = starts_of(page)
    sets = starts[str(day.id)]["exercises"][0]["sets"]
    assert [(s["weight_kg"], s["reps"]) for s in sets] == [
        ("100", 8),
        ("102.5", 6),
        ("102.5", 6),
    ]
    assert starts["empty"]["exercises"] == []
    template = page.split(f'<template id="offline-day-{day.id}">')[1]
    template = template.split("</template>")[0]
    assert "Back Squat" in template
    assert template.count('class="set-row') == 3
    assert "last: 100 kg × 8" in template
    assert rows() == before, "showing the page must not store the would-be workout"


def test_the_would_be_workout_matches_an_online_start(
    logged_in, user, exercises, make_day, make_workout
):
    make_workout(user, [(exercises["squat"], [done("100", 8), done("102.5", 6)])])
    day = make_day(user, [(exercises["squat"], {"sets": 3, "reps_max": 8})])
    offline = starts_of(logged_in.get("/workouts/offline").get_data(True))

    logged_in.post("/workouts", data={"plan_day_id": day.id})

    workout = db.session.scalars(select(Workout).where(Workout.finished_at.is_(None)))
    sets = workout.one().exercises[0].sets
    planned = offline[str(day.id)]["exercises"][0]["sets"]
    assert [(f"{s.weight_kg.normalize():f}", s.reps) for s in sets] == [
        (s["weight_kg"], s["reps"]) for s in planned
    ]


def test_the_log_page_names_its_workout_and_carries_the_offline_card(
    logged_in, user, exercises, make_workout
):
    workout = make_workout(user, [(exercises["squat"], [done("100", 8)])], days_ago=0)

    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)

    assert f'data-workout-uuid="{workout.uuid}"' in page
    assert f'data-uuid="{workout.exercises[0].sets[0].uuid}"' in page
    assert '<template id="offline-card">' in page
    assert "__EXERCISE_NAME__" in page


def test_pages_name_their_owner_and_vary_on_htmx(logged_in, user):
    page = logged_in.get("/")

    assert page.headers["X-HomeGym-User"] == owner_key(user.id)
    assert "HX-Request" in page.headers["Vary"]
    assert f'name="homegym-user" content="{owner_key(user.id)}"' in page.get_data(True)
    assert "HX-Request" in logged_in.get("/workouts", headers=HX).headers["Vary"]


def test_a_signed_out_page_belongs_to_nobody(client):
    assert client.get("/login").headers["X-HomeGym-User"] == "anonymous"


def test_owner_keys_differ_per_user(make_user):
    first, second = make_user(), make_user()

    assert owner_key(first.id) != owner_key(second.id)
    assert len(owner_key(first.id)) == 24


def test_the_offline_page_needs_a_login(client):
    response = client.get("/workouts/offline")
    assert response.status_code in (302, 303)
