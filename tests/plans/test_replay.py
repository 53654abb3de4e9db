"""A phone may send the same add twice: a plan day or planned exercise is made once.

Each add form carries a client uuid, new every time the form is drawn; a post
that comes again with a uuid already used adds nothing and answers as the
first did. The uuid is unique per user: someone else's makes a row of your own.
"""

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.ids import new_uuid, parse_uuid
from homegym.plans import logic
from homegym.plans.models import PlanDay, PlannedExercise
from tests.conftest import log_in
from tests.exercises.choice_forms import choice_forms, choice_named
from tests.plans.conftest import HTMX, snapshot

HEADERS = pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
HX = {"headers": HTMX}


def count(model, **where) -> int:
    query = select(func.count(model.id))
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return db.session.scalar(query)


def form_uuid(html: str, action: str) -> str:
    """Return the uuid the form posting to ``action`` carries."""
    found = [form for form in choice_forms(html) if form["attrs"]["action"] == action]
    assert len(found) == 1, [form["attrs"]["action"] for form in choice_forms(html)]
    uuid = found[0]["fields"]["uuid"]
    assert parse_uuid(uuid) == uuid
    return uuid


def answer(response) -> tuple:
    """What the browser gets: where a plain post leads, or the fragment's status."""
    html = response.get_data(True)
    if response.status_code == 303:
        return 303, response.headers["Location"]
    assert response.status_code == 200, html
    assert "<html" not in html
    return 200, html.count('class="card plan-day"'), html.count('class="planned')


# ---------- Replays add nothing ----------


@HEADERS
def test_a_replayed_add_day_adds_one_day(logged_in, user, make_plan, headers):
    plan = make_plan(user, days=[("Push", 0)])
    uuid = new_uuid()
    data = {"name": "Legs", "uuid": uuid}

    first = logged_in.post(f"/plans/{plan.id}/days", data=data, headers=headers)
    again = logged_in.post(f"/plans/{plan.id}/days", data=data, headers=headers)

    assert answer(again) == answer(first)
    days = db.session.scalars(select(PlanDay).where(PlanDay.name == "Legs")).all()
    assert [(day.uuid, day.user_id, day.position) for day in days] == [
        (uuid, user.id, 1)
    ]
    assert count(PlanDay) == 2


@HEADERS
def test_a_replayed_add_exercise_adds_one_row(
    logged_in, user, make_plan, make_exercise, headers
):
    day = make_plan(user, days=[("Push", 1)]).days[0]
    press = make_exercise(name_en="Overhead Press")
    uuid = new_uuid()
    data = {"exercise_id": press.id, "sets": "5", "uuid": uuid}
    url = f"/plans/days/{day.id}/exercises"

    first = logged_in.post(url, data=data, headers=headers)
    again = logged_in.post(url, data=data, headers=headers)

    assert answer(again) == answer(first)
    rows = db.session.scalars(
        select(PlannedExercise).where(PlannedExercise.exercise_id == press.id)
    ).all()
    assert [(row.uuid, row.user_id, row.day_id, row.sets) for row in rows] == [
        (uuid, user.id, day.id, 5)
    ]
    assert count(PlannedExercise, day_id=day.id) == 2


def test_a_replayed_tap_on_a_search_result_plans_it_once(
    logged_in, user, make_plan, make_exercise
):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    make_exercise(name_en="Bench Press")
    search = logged_in.get(
        f"/plans/days/{day.id}/exercise-choices", query_string={"q": "bench"}, **HX
    )
    form = choice_named(search.get_data(True), "Bench Press")

    for _ in range(2):
        response = logged_in.post(
            form["attrs"]["hx-post"], data=form["fields"], headers=HTMX
        )
        assert response.status_code == 200

    assert count(PlannedExercise, day_id=day.id) == 1
    row = db.session.scalar(select(PlannedExercise))
    assert row.uuid == form["fields"]["uuid"]


def test_each_search_result_carries_its_own_uuid(
    logged_in, user, make_plan, make_exercise
):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    make_exercise(name_en="Bench Press")
    make_exercise(name_en="Bench Dip")
    url = f"/plans/days/{day.id}/exercise-choices"

    uuids = [
        form["fields"]["uuid"]
        for _ in range(2)
        for form in choice_forms(
            logged_in.get(url, query_string={"q": "bench"}, **HX).get_data(True)
        )
    ]

    assert len(uuids) == 4 and len(set(uuids)) == 4


# ---------- The form comes back with a new uuid ----------


def test_after_adding_a_day_the_form_carries_a_new_uuid(logged_in, user, make_plan):
    plan = make_plan(user)
    action = f"/plans/{plan.id}/days"
    page = logged_in.get(f"/plans/{plan.id}").get_data(True)
    first = form_uuid(page, action)

    response = logged_in.post(action, data={"name": "A", "uuid": first}, **HX)
    second = form_uuid(response.get_data(True), action)
    logged_in.post(action, data={"name": "B", "uuid": second}, **HX)

    assert second != first
    db.session.expire_all()
    assert [(day.name, day.uuid) for day in plan.days] == [("A", first), ("B", second)]


def test_after_adding_a_day_without_javascript_the_page_has_a_new_uuid(
    logged_in, user, make_plan
):
    plan = make_plan(user)
    action = f"/plans/{plan.id}/days"
    first = form_uuid(logged_in.get(f"/plans/{plan.id}").get_data(True), action)

    response = logged_in.post(action, data={"name": "A", "uuid": first})
    page = logged_in.get(response.headers["Location"]).get_data(True)

    assert form_uuid(page, action) != first
    assert first in {day.uuid for day in plan.days}


def test_after_adding_an_exercise_the_form_carries_a_new_uuid(
    logged_in, user, make_plan, make_exercise
):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    squat, bench = make_exercise(), make_exercise()
    action = f"/plans/days/{day.id}/exercises"
    first = form_uuid(logged_in.get(f"/plans/{day.plan_id}").get_data(True), action)

    response = logged_in.post(
        action, data={"exercise_id": squat.id, "uuid": first}, **HX
    )
    second = form_uuid(response.get_data(True), action)
    logged_in.post(action, data={"exercise_id": bench.id, "uuid": second}, **HX)

    assert second != first
    db.session.expire_all()
    assert [(row.exercise_id, row.uuid) for row in day.exercises] == [
        (squat.id, first),
        (bench.id, second),
    ]


# ---------- Bad and foreign uuids ----------


@HEADERS
@pytest.mark.parametrize("uuid", ["not-a-uuid", "1234"])
def test_an_invalid_uuid_is_refused_and_changes_nothing(
    logged_in, user, make_plan, make_exercise, headers, uuid
):
    day = make_plan(user, days=[("Push", 1)]).days[0]
    exercise = make_exercise()
    before = snapshot()

    added_day = logged_in.post(
        f"/plans/{day.plan_id}/days",
        data={"name": "Legs", "uuid": uuid},
        headers=headers,
    )
    added_row = logged_in.post(
        f"/plans/days/{day.id}/exercises",
        data={"exercise_id": exercise.id, "uuid": uuid},
        headers=headers,
    )

    assert added_day.status_code == added_row.status_code == 422
    for response in (added_day, added_row):
        said = response.get_data(True) + response.headers.get("HX-Trigger", "")
        assert "This form is damaged" in said
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["day", "exercise"])
def test_another_users_uuid_makes_a_row_of_your_own(
    client, make_user, make_plan, make_exercise, kind
):
    exercise = make_exercise()
    victim, attacker = make_user(), make_user()
    victims_day = make_plan(victim, days=[("Secret day", [exercise])]).days[0]
    taken = victims_day.uuid if kind == "day" else victims_day.exercises[0].uuid
    own_day = make_plan(attacker, days=[("Mine", 0)]).days[0]
    before = snapshot()[0]
    log_in(client, attacker.email)

    if kind == "day":
        url, data = f"/plans/{own_day.plan_id}/days", {"name": "Mine too"}
    else:
        url, data = f"/plans/days/{own_day.id}/exercises", {"exercise_id": exercise.id}
    response = client.post(url, data={**data, "uuid": taken}, headers=HTMX)

    assert response.status_code == 200
    assert "Secret day" not in response.get_data(True)
    model = PlanDay if kind == "day" else PlannedExercise
    owners = db.session.scalars(select(model.user_id).where(model.uuid == taken))
    assert sorted(owners) == sorted([victim.id, attacker.id])
    assert snapshot()[0] == before


# ---------- The functions behind them ----------


def test_add_day_returns_the_day_a_uuid_made(user, make_plan):
    plan = make_plan(user)
    uuid = new_uuid()

    day = logic.add_day(plan, "Legs", uuid=uuid)
    again = logic.add_day(plan, "Legs again", uuid=uuid.upper())

    assert again is day
    assert [(each.name, each.uuid, each.user_id) for each in plan.days] == [
        ("Legs", uuid, user.id)
    ]


def test_add_planned_exercise_returns_the_row_a_uuid_made(
    user, make_plan, make_exercise
):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    exercise, uuid = make_exercise(), new_uuid()

    row = logic.add_planned_exercise(day, exercise, uuid, sets=4)
    again = logic.add_planned_exercise(day, exercise, uuid, sets=5)

    assert again is row
    assert [(each.sets, each.uuid, each.user_id) for each in day.exercises] == [
        (4, uuid, user.id)
    ]


def test_without_a_uuid_every_add_makes_a_row_with_a_new_one(
    user, make_plan, make_exercise
):
    plan = make_plan(user)
    exercise = make_exercise()

    days = [logic.add_day(plan), logic.add_day(plan)]
    rows = [logic.add_planned_exercise(days[0], exercise) for _ in range(2)]

    uuids = {each.uuid for each in days + rows}
    assert len(uuids) == 4 and all(parse_uuid(uuid) == uuid for uuid in uuids)
    assert {each.user_id for each in days + rows} == {user.id}


def test_a_copy_gets_new_uuids_of_the_same_owner(user, make_plan, make_exercise):
    plan = make_plan(user, days=[("A", 2), ("B", 1)])
    originals = {day.uuid for day in plan.days} | {
        row.uuid for day in plan.days for row in day.exercises
    }

    copy = logic.copy_plan(plan)
    db.session.commit()

    copies = list(copy.days) + [row for day in copy.days for row in day.exercises]
    assert len(copies) == 5
    assert len({each.uuid for each in copies}) == 5
    assert not {each.uuid for each in copies} & originals
    assert {each.user_id for each in copies} == {user.id}


def test_an_add_racing_its_replay_answers_with_the_day_made_first(
    logged_in, user, make_plan, monkeypatch
):
    plan = make_plan(user, days=[("Push", 0)])
    first = plan.days[0]
    real, calls = logic.made_with, []

    def racing(*args):
        calls.append(args)  # the first look misses: the other request's row is new
        return real(*args) if len(calls) > 1 else None

    monkeypatch.setattr(logic, "made_with", racing)

    response = logged_in.post(
        f"/plans/{plan.id}/days", data={"name": "Push", "uuid": first.uuid}
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan.id}#day-{first.id}")
    assert count(PlanDay) == 1
    assert len(calls) == 2
