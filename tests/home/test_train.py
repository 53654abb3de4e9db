"""The dashboard's training card: resume, start the next day, or start empty."""

from sqlalchemy import select

from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay
from homegym.workouts.models import Workout


def make_plan(user) -> Plan:
    plan = Plan(user_id=user.id, name="Upper / lower", active=True)
    plan.days = [
        PlanDay(user_id=user.id, name="Upper A", position=0),
        PlanDay(user_id=user.id, name="Lower A", position=1),
    ]
    db.session.add(plan)
    db.session.commit()
    return plan


def test_without_a_plan_the_dashboard_offers_an_empty_workout(logged_in):
    page = logged_in.get("/").get_data(True)

    assert "Start an empty workout" in page
    assert 'action="/workouts"' in page
    assert 'href="/workouts/start"' in page and 'href="/plans"' in page


def test_the_next_day_of_the_active_plan_starts_in_one_tap(logged_in, user):
    plan = make_plan(user)
    upper = plan.days[0]

    page = logged_in.get("/").get_data(True)
    response = logged_in.post(
        "/workouts",
        data={"plan_day_id": upper.id, "uuid": "c0ffee00-0000-4000-8000-000000000001"},
    )

    assert "Next in Upper / lower" in page and "Start Upper A" in page
    assert f'name="plan_day_id" value="{upper.id}"' in page
    assert "Start another day or an empty workout" in page
    workout = db.session.scalar(select(Workout))
    assert response.headers["Location"] == f"/workouts/{workout.id}/log"
    assert workout.plan_day_id == upper.id


def test_an_unfinished_workout_is_resumed_from_the_dashboard(logged_in, user):
    make_plan(user)
    logged_in.post("/workouts", data={})
    workout = db.session.scalar(select(Workout))

    page = logged_in.get("/").get_data(True)

    assert "Workout in progress" in page and "Resume workout" in page
    assert f'href="/workouts/{workout.id}/log"' in page
    assert "Start Upper A" not in page


def test_after_a_day_is_trained_the_next_one_is_offered(logged_in, user):
    plan = make_plan(user)
    logged_in.post("/workouts", data={"plan_day_id": plan.days[0].id})
    workout = db.session.scalar(select(Workout))
    workout.finished_at = workout.started_at
    db.session.commit()

    page = logged_in.get("/").get_data(True)

    assert "Start Lower A" in page
