"""The plans list and a plan's own actions, through HTTP, with and without htmx."""

import re

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.plans import logic
from homegym.plans.models import Plan
from homegym.workouts.models import Workout
from tests.plans.conftest import HTMX, snapshot

UUID = "6f1c2b9e-3d4a-4f5b-8c7d-1e2f3a4b5c6d"


def count_plans() -> int:
    return db.session.scalar(select(func.count(Plan.id)))


def test_the_list_shows_each_plan_its_days_and_the_active_one(
    logged_in, user, make_plan
):
    make_plan(user, name="Full body", days=[("Monday", 2), ("Friday", 1)], active=True)
    make_plan(user, name="Old split", days=[])

    page = logged_in.get("/plans")
    fragment = logged_in.get("/plans", headers=HTMX).get_data(True)

    html = page.get_data(True)
    assert page.status_code == 200 and "<html" in html
    assert html.index("Full body") < html.index("Old split")
    assert "Monday" in html and "2 exercises" in html and "1 exercise" in html
    assert "Active plan" in html and "Next up" in html
    assert "<html" not in fragment and "Full body" in fragment


def test_an_empty_list_invites_to_make_a_plan(logged_in):
    html = logged_in.get("/plans").get_data(True)

    assert "No plans yet." in html and "/plans/new" in html


def test_creating_a_plan_opens_it_and_makes_the_first_one_active(logged_in, user):
    form = logged_in.get("/plans/new").get_data(True)
    assert 'name="uuid"' in form

    response = logged_in.post(
        "/plans/new", data={"name": " Push pull legs ", "notes": "Three days"}
    )

    plan = db.session.scalar(select(Plan))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan.id}")
    assert (plan.user_id, plan.name, plan.notes, plan.active) == (
        user.id,
        "Push pull legs",
        "Three days",
        True,
    )


def test_a_replayed_create_returns_the_existing_plan(logged_in):
    first = logged_in.post("/plans/new", data={"name": "Push", "uuid": UUID})
    again = logged_in.post("/plans/new", data={"name": "Push", "uuid": UUID})

    assert count_plans() == 1
    assert first.headers["Location"] == again.headers["Location"]
    assert db.session.scalar(select(Plan.uuid)) == UUID


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "  "}, "This field is required."),
        ({"name": "x" * 121}, "Field cannot be longer than 120 characters."),
        ({"name": "Push", "uuid": "not-a-uuid"}, "This form is damaged."),
    ],
)
def test_an_invalid_new_plan_is_refused(logged_in, data, message):
    response = logged_in.post("/plans/new", data=data)

    assert response.status_code == 422
    assert message in response.get_data(True)
    assert count_plans() == 0


def test_the_plan_page_shows_days_rows_and_the_exercise_picker(
    logged_in, user, make_plan, make_exercise
):
    squat = make_exercise(name_en="Back squat")
    make_exercise(name_en="Goblet squat")
    plan = make_plan(user, name="Legs", days=[("Heavy", [squat])])

    html = logged_in.get(f"/plans/{plan.id}").get_data(True)

    assert "Legs" in html and "Heavy" in html and "Back squat" in html
    assert '<option value="' in html and "Goblet squat" in html
    assert "3 sets of 8–12 reps" in html and "2:00 rest" in html


def test_rename_in_place_with_htmx(logged_in, user, make_plan):
    plan = make_plan(user, name="Old")

    response = logged_in.post(
        f"/plans/{plan.id}", data={"name": "New", "notes": "Deload"}, headers=HTMX
    )

    html = response.get_data(True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="plan-head"' in html and "New" in html and "Deload" in html
    db.session.refresh(plan)
    assert (plan.name, plan.notes) == ("New", "Deload")


def test_rename_without_javascript_goes_back_to_the_plan(logged_in, user, make_plan):
    plan = make_plan(user, name="Old")

    response = logged_in.post(f"/plans/{plan.id}", data={"name": "New", "notes": ""})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan.id}#plan-head")
    db.session.refresh(plan)
    assert plan.name == "New"


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_a_blank_name_is_refused_and_changes_nothing(
    logged_in, user, make_plan, headers
):
    plan = make_plan(user, name="Keep me")
    before = snapshot()

    response = logged_in.post(
        f"/plans/{plan.id}", data={"name": "", "notes": "x"}, headers=headers
    )

    assert response.status_code == 422
    assert "This field is required." in response.get_data(True)
    assert snapshot() == before
    if headers:
        assert "This field is required." in response.headers["HX-Trigger"]


def test_copy_from_the_list_answers_with_the_list(
    logged_in, user, make_plan, make_workout
):
    plan = make_plan(user, name="5/3/1", days=[("A", 2)], active=True)

    response = logged_in.post(
        f"/plans/{plan.id}/copy", data={"return_to": "index"}, headers=HTMX
    )

    html = response.get_data(True)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="plan-list"' in html and "5/3/1 (copy)" in html
    copy = db.session.scalar(select(Plan).where(Plan.id != plan.id))
    assert copy.name == "5/3/1 (copy)" and not copy.active
    assert len(copy.days[0].exercises) == 2


def test_copy_on_the_plan_page_opens_the_copy(logged_in, user, make_plan):
    plan = make_plan(user, name="GZCLP")

    plain = logged_in.post(f"/plans/{plan.id}/copy")
    htmx = logged_in.post(f"/plans/{plan.id}/copy", headers=HTMX)

    copies = db.session.scalars(
        select(Plan.id).where(Plan.id != plan.id).order_by(Plan.id)
    ).all()
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/plans/{copies[0]}")
    assert htmx.headers["HX-Redirect"].endswith(f"/plans/{copies[1]}")


def test_activate_on_the_plan_page_swaps_its_head_and_days(logged_in, user, make_plan):
    make_plan(user, name="Current", active=True)
    plan = make_plan(user, name="Next block", days=[("A", 1)])

    response = logged_in.post(f"/plans/{plan.id}/activate", headers=HTMX)

    html = response.get_data(True)
    assert response.status_code == 200 and "<html" not in html
    assert "Active plan" in html and 'hx-swap-oob="true"' in html
    assert "Next up" in html
    active = db.session.scalars(select(Plan.name).where(Plan.active.is_(True))).all()
    assert active == ["Next block"]


def test_activate_from_the_list_without_javascript(logged_in, user, make_plan):
    old = make_plan(user, name="Current", active=True)
    plan = make_plan(user, name="Next block")

    response = logged_in.post(f"/plans/{plan.id}/activate", data={"return_to": "index"})

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/plans")
    db.session.refresh(old)
    db.session.refresh(plan)
    assert plan.active and not old.active


def test_delete_from_the_list_keeps_the_workouts(
    logged_in, user, make_plan, make_workout
):
    plan = make_plan(user, name="Gone", days=[("A", 2), ("B", 1)])
    keep = make_plan(user, name="Kept")
    workout = make_workout(user, plan.days[1], name="Thursday")

    response = logged_in.post(
        f"/plans/{plan.id}/delete", data={"return_to": "index"}, headers=HTMX
    )

    html = response.get_data(True)
    assert response.status_code == 200 and "<html" not in html
    assert "Kept" in html and "Gone" not in html
    assert db.session.scalars(select(Plan.id)).all() == [keep.id]
    workout = db.session.get(Workout, workout.id)
    assert workout.name == "Thursday" and workout.plan_day_id is None


def test_delete_on_the_plan_page_goes_to_the_list(logged_in, user, make_plan):
    plan = make_plan(user, name="Gone")
    other = make_plan(user, name="Other")

    plain = logged_in.post(f"/plans/{plan.id}/delete")
    htmx = logged_in.post(f"/plans/{other.id}/delete", headers=HTMX)

    assert plain.status_code == 303 and plain.headers["Location"].endswith("/plans")
    assert htmx.headers["HX-Redirect"].endswith("/plans")
    assert count_plans() == 0
    assert "is deleted" in logged_in.get("/plans").get_data(True)


def test_the_delete_buttons_ask_first(logged_in, user, make_plan):
    plan = make_plan(user, name="Sure?", days=[("A", 1)])

    for url in ("/plans", f"/plans/{plan.id}"):
        html = logged_in.get(url).get_data(True)
        form = re.search(rf'<form[^>]*action="/plans/{plan.id}/delete"[^>]*>', html)
        assert form and "hx-confirm=" in form.group(0)


def test_a_create_racing_its_replay_returns_the_plan_made_first(
    logged_in, user, make_plan, monkeypatch
):
    first = make_plan(user, name="Push", uuid=UUID)
    real, calls = logic.plan_by_uuid, []

    def racing(*args):
        calls.append(args)  # the first look misses: the other request's row is new
        return real(*args) if len(calls) > 1 else None

    monkeypatch.setattr(logic, "plan_by_uuid", racing)

    response = logged_in.post("/plans/new", data={"name": "Push", "uuid": UUID})

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{first.id}")
    assert count_plans() == 1
    assert len(calls) == 2
