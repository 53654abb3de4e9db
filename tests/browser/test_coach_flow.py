"""A lifter asks the coach for a plan, adopts it, trains its first day and asks
for guidance after a set; what is left of each quota goes down on screen."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym.accounts.models import DEFAULT_EQUIPMENT
from homegym.coach.models import CoachRequest
from homegym.extensions import db
from homegym.sources.loader import load_catalogue
from tests.browser.conftest import log_in, nav_to, server_rows

pytestmark = pytest.mark.browser

BARBELL_GYM = {
    **DEFAULT_EQUIPMENT,
    "barbell": True,
    "rack": True,
    "bench": True,
    "dumbbells": True,
    "pullup_bar": True,
}


def test_generate_adopt_train_and_ask(phone, live_server, live_app, make_user, bench):
    page = phone
    load_catalogue()
    db.session.commit()
    user = make_user("coached@example.com", equipment=BARBELL_GYM)
    log_in(page, live_server, user.email)

    # 1. The coach shows the full quotas.
    nav_to(page, "Coach")
    expect(page.get_by_role("heading", name="Coach", level=1)).to_be_visible()
    quotas = page.locator("#coach-quotas")
    expect(quotas.locator(".quota-plan .quota-left")).to_have_text("3 of 3")
    expect(quotas.locator(".quota-guidance .quota-left")).to_have_text("50 of 50")
    page.wait_for_function("() => typeof htmx === 'object'")

    # 2. Generate a plan: 3 days of 45 minutes for strength.
    page.get_by_label("Goal").select_option("strength")
    page.get_by_label("Experience").select_option("beginner")
    page.get_by_label("Days per week").fill("3")
    page.get_by_label("Minutes per session").fill("45")
    page.get_by_role("button", name="Generate plan").tap()
    result = page.locator("#coach-plan-result")
    expect(result.get_by_role("heading", name="Why this plan")).to_be_visible()
    expect(result).to_contain_text("Full body A")
    expect(quotas.locator(".quota-plan .quota-left")).to_have_text("2 of 3")

    # Every cited claim links to its entry on the sources page.
    cite = result.locator("a.cite").first
    key = cite.inner_text()
    expect(cite).to_have_attribute("href", f"/sources#{key}")

    # 3. Adopt it: the plan editor opens on it, and it is the active plan.
    result.get_by_role("button", name="Adopt this plan").tap()
    expect(page).to_have_url(re.compile(r"/plans/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coach: Strength")

    # 4. Start its first day from the dashboard; before the first set the
    # coach gives the warm-up; then log the first set.
    nav_to(page, "Home")
    page.get_by_role("button", name="Start Full body A").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    page.wait_for_function("() => typeof htmx === 'object'")
    page.get_by_role("button", name="Coach: warm-up").first.tap()
    warmup = page.locator(".coach-guidance").first
    # No history and no weight entered yet: a ramp the lifter can follow,
    # from the empty bar, and how to get exact loads.
    expect(warmup.locator(".guidance-warmup li").first).to_have_text("20 kg × 10")
    expect(warmup).to_contain_text("then about 40% × 5, 60% × 3, 80% × 2")
    expect(warmup).to_contain_text("Enter that weight on the set and ask again")
    expect(warmup.locator(".guidance-quota")).to_have_text(
        "Guidance left today: 49 of 50"
    )
    first = page.locator("form.set-row").first
    first.get_by_label("Set 1: weight in kg").fill("60")
    first.get_by_label("Set 1: reps").fill("6")
    first.get_by_label("Set 1: RPE (optional)").select_option("6")
    first.get_by_role("button", name="Complete set 1").tap()
    expect(
        page.get_by_role("button", name="Set 1 done: tap to undo").first
    ).to_have_attribute("aria-pressed", "true")

    # 5. Ask the coach what next: a heavier set, and one guidance fewer today.
    nav_to(page, "Coach")
    page.wait_for_function("() => typeof htmx === 'object'")
    page.get_by_role("button", name="Coach: what next?").tap()
    panel = page.locator(".coach-guidance")
    expect(panel.locator(".guidance-next")).to_contain_text("kg ×")
    expect(panel.locator(".guidance-quota")).to_have_text(
        "Guidance left today: 48 of 50"
    )
    expect(panel.locator("a.cite").first).to_have_attribute(
        "href", re.compile(r"^/sources#")
    )
    page.reload()
    expect(quotas.locator(".quota-guidance .quota-left")).to_have_text("48 of 50")

    # 6. Over quota, the page says so in place of an answer.
    live_app.config["COACH_PLAN_LIMIT"] = 1
    page.reload(wait_until="load")
    page.get_by_label("Days per week").fill("3")
    page.get_by_label("Minutes per session").fill("45")
    page.get_by_role("button", name="Generate plan").tap()
    expect(page.locator("#coach-plan-result")).to_contain_text(
        "You have used today’s plan generation quota."
    )
    expect(quotas.locator(".quota-plan .quota-left")).to_have_text("0 of 1")
    # The browser logs the refusal's 422 as a failed load; nothing else failed.
    assert [p for p in page.problems if "status of 422" not in p] == []

    features = server_rows(select(CoachRequest.feature).order_by(CoachRequest.id))
    outcomes = server_rows(select(CoachRequest.outcome).order_by(CoachRequest.id))
    assert features == ["plan", "guidance", "guidance", "plan"]
    assert outcomes == ["ok", "ok", "ok", "over_quota"]
