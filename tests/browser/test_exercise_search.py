"""On a phone, typing a few letters and tapping a row adds an exercise."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import PerformedExercise
from tests.browser.conftest import (
    assert_not_reloaded,
    log_in,
    mark_page,
    open_phone,
    server_rows,
)

pytestmark = pytest.mark.browser


def test_search_and_tap_adds_an_exercise_to_the_workout(
    phone, live_server, make_user, bench
):
    page = phone
    user = make_user("search@example.com")
    log_in(page, live_server, user.email)
    page.get_by_role("button", name="Start an empty workout").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    page.wait_for_function("() => typeof htmx === 'object'")
    mark_page(page)

    search = page.get_by_role("searchbox", name="Search exercises")
    expect(search).to_be_visible()
    search.tap()
    search.press_sequentially("bench")
    row = page.get_by_role("button", name="Add Bench Press", exact=True)
    expect(row).to_be_visible()
    expect(row).to_contain_text("Chest")
    box = row.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 300
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    row.tap()

    card = page.get_by_role("region", name="Bench Press")
    expect(card).to_be_visible()
    expect(card.locator("form.set-row")).to_have_count(1)
    # The add box came back fresh: empty search, no rows left to tap twice.
    expect(search).to_have_value("")
    expect(page.locator("#add-exercise-choices form")).to_have_count(0)
    expect(search).to_be_visible()
    assert_not_reloaded(page)
    assert page.problems == []
    added = server_rows(select(PerformedExercise))
    assert [performed.exercise_id for performed in added] == [bench.id]


def test_a_plan_day_result_takes_the_targets_set_above_it(
    phone, live_server, make_user, bench
):
    page = phone
    user = make_user("planner@example.com")
    plan = Plan(user_id=user.id, name="Garage strength")
    plan.days.append(PlanDay(user_id=user.id, name="Push day", position=0))
    db.session.add(plan)
    db.session.commit()
    log_in(page, live_server, user.email)
    page.goto(f"{live_server}/plans/{plan.id}")
    page.wait_for_function("() => typeof htmx === 'object'")
    mark_page(page)

    day = page.get_by_role("region", name="Push day")
    day.get_by_text("Sets, reps and rest").tap()
    day.get_by_label("Sets", exact=True).fill("2")
    day.get_by_label("Rest (seconds)").fill("30")
    day.get_by_role("searchbox", name="Search exercises").press_sequentially("bankdr")
    day.get_by_role("button", name="Add Bench Press", exact=True).tap()

    planned = day.locator("li.planned")
    expect(planned).to_have_count(1)
    expect(planned.locator(".planned-targets")).to_have_text(
        "2 sets of 8–12 reps · 0:30 rest"
    )
    assert_not_reloaded(page)
    assert page.problems == []
    rows = server_rows(select(PlannedExercise))
    assert [(row.exercise_id, row.sets, row.rest_seconds) for row in rows] == [
        (bench.id, 2, 30)
    ]


def test_without_javascript_only_the_select_shows(browser, live_server, make_user):
    context, page = open_phone(browser, java_script_enabled=False)
    user = make_user("plain@example.com")
    log_in(page, live_server, user.email)
    page.get_by_role("button", name="Start an empty workout").tap()

    expect(page.get_by_label("Add an exercise")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Search exercises")).to_have_count(0)
    context.close()
