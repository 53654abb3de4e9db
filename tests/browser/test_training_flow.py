"""A lifter plans a day and logs it on a phone, with htmx and without JavaScript.

UPDATE_SCREENSHOTS=1 also saves docs/screenshots/workout.png: the log screen
at 390×844 in the middle of a workout, with the rest timer running.
"""

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.browser.conftest import (
    assert_not_reloaded,
    log_in,
    mark_page,
    nav_to,
    server_rows,
)

pytestmark = pytest.mark.browser

SCREENSHOT = Path(__file__).parents[2] / "docs" / "screenshots" / "workout.png"


def seed_last_week(user, exercise: Exercise, weight: str, reps: int, sets: int):
    """Store a finished workout a week ago: ``sets`` done sets of weight × reps."""
    started = clock.utcnow() - timedelta(days=7)
    workout = Workout(
        user_id=user.id,
        name="Last week",
        started_at=started,
        finished_at=started + timedelta(hours=1),
    )
    performed = PerformedExercise(user_id=user.id, exercise_id=exercise.id)
    for position in range(sets):
        performed.sets.append(
            WorkoutSet(
                user_id=user.id,
                position=position,
                weight_kg=Decimal(weight),
                reps=reps,
                completed_at=started + timedelta(minutes=5 * position),
            )
        )
    workout.exercises.append(performed)
    db.session.add(workout)
    db.session.commit()
    return workout


def seconds_left(page) -> int:
    minutes, seconds = page.locator("#rest-timer-time").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_plan_a_day_and_log_it_on_a_phone(phone, live_server, make_user, bench):
    page = phone
    user = make_user("phone@example.com")
    seed_last_week(user, bench, "100", 5, sets=2)

    # 1. Log in.
    log_in(page, live_server, user.email)

    # 2. Plan a day with Bench Press, 2 × 5–8, 30 s rest.
    nav_to(page, "Plans")
    page.get_by_role("link", name="New plan").tap()
    page.get_by_label("Name").fill("Garage strength")
    page.get_by_role("button", name="Create plan").tap()
    expect(page.get_by_role("heading", name="Garage strength", level=1)).to_be_visible()
    page.wait_for_function("() => typeof htmx === 'object'")
    mark_page(page)

    page.get_by_label("New day").fill("Push day")
    page.get_by_role("button", name="Add day").tap()
    day = page.get_by_role("region", name="Push day")
    expect(day).to_be_visible()
    day.get_by_label("Exercise", exact=True).select_option(label="Bench Press")
    day.get_by_text("Sets, reps and rest").tap()
    day.get_by_label("Sets", exact=True).fill("2")
    day.get_by_label("Reps from").fill("5")
    day.get_by_label("Reps to").fill("8")
    day.get_by_label("Rest (seconds)").fill("30")
    day.get_by_role("button", name="Add exercise").tap()
    planned = day.locator("li.planned")
    expect(planned).to_have_count(1)
    expect(planned.get_by_role("heading", name="Bench Press")).to_be_visible()
    expect(planned.locator(".planned-targets")).to_have_text(
        "2 sets of 5–8 reps · 0:30 rest"
    )
    assert_not_reloaded(page)

    # 3. Start it from the dashboard; the sets are last week's.
    nav_to(page, "Home")
    page.get_by_role("button", name="Start Push day").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    expect(page.get_by_role("heading", name="Push day", level=1)).to_be_visible()
    card = page.get_by_role("region", name="Bench Press")
    expect(card.locator(".exercise-target")).to_contain_text("5–8 reps")
    expect(card.locator(".exercise-target")).to_contain_text("rest 0:30")
    expect(card.locator("form.set-row")).to_have_count(2)
    for label in ("1", "2"):
        expect(card.get_by_label(f"Set {label}: weight in kg")).to_have_value("100")
        expect(card.get_by_label(f"Set {label}: reps")).to_have_value("5")
    expect(card.locator(".last-time")).to_have_text(["last: 100 kg × 5"] * 2)
    page.wait_for_function("() => typeof htmx === 'object' && !!window.HomeGymRest")
    mark_page(page)

    # 4. Beat last week's best with set 1 and tick it: the rest timer runs.
    set_one = card.locator("form.set-row").nth(0)
    set_one.get_by_label("Set 1: weight in kg").fill("105")
    set_one.get_by_label("Set 1: reps").fill("5")
    set_one.get_by_role("button", name="Complete set 1").tap()
    done_one = card.get_by_role("button", name="Set 1 done: tap to undo")
    expect(done_one).to_have_attribute("aria-pressed", "true")
    expect(card.locator("form.set-row").nth(0)).to_have_class(re.compile(r"is-done"))
    timer = page.locator("#rest-timer")
    expect(timer).to_be_visible()
    expect(page.locator("#rest-timer-time")).to_have_text(re.compile(r"^0:[0-3]\d$"))
    first = seconds_left(page)
    page.wait_for_timeout(1_500)
    second = seconds_left(page)
    assert 0 < second < first <= 30

    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOT), animations="disabled")

    before = seconds_left(page)
    timer.get_by_role("button", name="15 seconds more").tap()
    expect(page.locator("#rest-timer-time")).not_to_have_text(
        re.compile(rf"^0:{before:02d}$|^0:{before - 1:02d}$")
    )
    assert seconds_left(page) >= before + 12
    timer.get_by_role("button", name="Skip").tap()
    expect(timer).to_be_hidden()

    card.get_by_role("button", name="Complete set 2").tap()
    expect(
        card.get_by_role("button", name="Set 2 done: tap to undo")
    ).to_have_attribute("aria-pressed", "true")
    expect(timer).to_be_visible()
    assert_not_reloaded(page)

    # 5. Finish: the summary lists the new records.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finish", exact=True).tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+$"))
    records = page.locator(".record-list")
    expect(records).to_contain_text("Bench Press")
    weight_record = records.get_by_role("listitem").filter(has_text="Heaviest weight")
    expect(weight_record).to_contain_text("105 kg × 5, before 100 kg")
    expect(page.locator(".workout-summary")).to_contain_text("New records")
    assert page.problems == []

    # 6. The sets are stored: 105 kg × 5 and 100 kg × 5, both done.
    sets = server_rows(
        select(WorkoutSet)
        .join(PerformedExercise)
        .join(Workout)
        .where(Workout.plan_day_id.is_not(None))
        .order_by(WorkoutSet.position)
    )
    assert [(s.weight_kg, s.reps, s.completed) for s in sets] == [
        (Decimal("105"), 5, True),
        (Decimal("100"), 5, True),
    ]
    finished = server_rows(
        select(Workout.finished_at).where(Workout.name == "Push day")
    )
    assert len(finished) == 1 and finished[0] is not None


def test_log_a_set_without_javascript(phone_without_js, live_server, make_user, bench):
    page = phone_without_js
    user = make_user("nojs@example.com")
    log_in(page, live_server, user.email)

    page.get_by_role("button", name="Start an empty workout").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))

    page.get_by_label("Add an exercise").select_option(label="Bench Press")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Add exercise").tap()
    assert posted.value.status == 303
    card = page.get_by_role("region", name="Bench Press")
    expect(card.locator("form.set-row")).to_have_count(1)

    card.get_by_label("Set 1: weight in kg").fill("60")
    card.get_by_label("Set 1: reps").fill("8")
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        card.get_by_role("button", name="Complete set 1").tap()
    assert posted.value.status == 303
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log#exercise-\d+$"))
    expect(
        card.get_by_role("button", name="Set 1 done: tap to undo")
    ).to_have_attribute("aria-pressed", "true")
    expect(card.get_by_label("Set 1: weight in kg")).to_have_value("60")

    sets = server_rows(select(WorkoutSet))
    assert [(s.weight_kg, s.reps, s.completed) for s in sets] == [
        (Decimal("60"), 8, True)
    ]
