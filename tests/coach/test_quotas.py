"""Quotas: per user, per feature, per calendar day in the user's zone; only
answers that passed count; concurrent requests never get more than the limit."""

import threading
from datetime import datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from homegym import clock
from homegym.coach import quotas
from homegym.coach.models import CoachRequest
from homegym.coach.providers import BuiltinProvider, ProviderFailed
from homegym.coach.quotas import Quota, QuotaStoreDown, local_day, renews_at
from homegym.coach.schema import SchemaError
from homegym.extensions import db
from homegym.plans.models import Plan
from tests.conftest import HX, log_in

PLAN_FORM = {
    "goal": "hypertrophy",
    "experience": "beginner",
    "days": "3",
    "minutes": "60",
}


def plans_of(user) -> int:
    return db.session.scalar(select(func.count(Plan.id)).where(Plan.user_id == user.id))


def outcomes(user) -> list[str]:
    return list(
        db.session.scalars(
            select(CoachRequest.outcome)
            .where(CoachRequest.user_id == user.id)
            .order_by(CoachRequest.id)
        )
    )


def test_the_fourth_plan_of_the_day_is_refused(library, logged_in, user):
    for _ in range(3):
        assert (
            logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX).status_code
            == 200
        )

    refused = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert refused.status_code == 422
    page = refused.get_data(True)
    assert "You have used today’s plan generation quota." in page
    assert 'id="coach-quotas"' in page and "0 of 3" in page
    assert plans_of(user) == 3
    assert outcomes(user) == ["ok", "ok", "ok", "over_quota"]


def test_without_javascript_over_quota_is_a_429_page_with_the_message(
    library, logged_in, user, app
):
    app.config["COACH_PLAN_LIMIT"] = 1
    assert logged_in.post("/coach/plans", data=PLAN_FORM).status_code == 303

    response = logged_in.post("/coach/plans", data=PLAN_FORM)

    assert response.status_code == 429
    assert "quota" in response.get_data(True)


def test_a_failed_call_uses_no_quota(library, logged_in, user, monkeypatch):
    def broken(self, inputs):
        raise ProviderFailed("The model server answered with status 500.")

    monkeypatch.setattr(BuiltinProvider, "plan", broken)
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 422
    assert "status 500" in response.get_data(True)
    assert "did not use up any of your quota" in response.get_data(True)
    assert Quota.of(user, "plan").remaining() == 3
    assert plans_of(user) == 0 and outcomes(user) == ["failed"]


def test_a_rejected_answer_uses_no_quota(library, logged_in, user, monkeypatch):
    def invalid(self, inputs):
        raise SchemaError("day 1 exercise 1: exercise 999 is unknown")

    monkeypatch.setattr(BuiltinProvider, "plan", invalid)
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert "exercise 999 is unknown" in response.get_data(True)
    assert Quota.of(user, "plan").remaining() == 3
    assert outcomes(user) == ["rejected"]


def test_quotas_are_per_user_and_per_feature(app, make_user):
    ada, bob = make_user(), make_user()
    for _ in range(3):
        assert Quota.of(ada, "plan").take()
    assert not Quota.of(ada, "plan").take()
    assert Quota.of(bob, "plan").take()
    assert Quota.of(ada, "analysis").remaining() == 10


def test_changing_the_limit_during_the_day_keeps_what_was_used(app, make_user):
    lifter = make_user()
    for _ in range(3):
        assert Quota.of(lifter, "plan").take()

    app.config["COACH_PLAN_LIMIT"] = 1
    assert Quota.of(lifter, "plan").remaining() == 0
    assert not Quota.of(lifter, "plan").take()
    app.config["COACH_PLAN_LIMIT"] = 5
    assert Quota.of(lifter, "plan").remaining() == 2


def test_the_count_renews_on_the_users_next_calendar_day(app, make_user):
    # Auckland is UTC+13 in December: 10:30 UTC is 23:30 there, 11:30 is 00:30.
    kiwi = make_user(timezone="Pacific/Auckland")
    evening, after_midnight = (
        datetime(2026, 12, 3, 10, 30),
        datetime(2026, 12, 3, 11, 30),
    )
    for _ in range(3):
        assert Quota.of(kiwi, "plan", evening).take()
    assert not Quota.of(kiwi, "plan", evening).take()

    assert (
        local_day(kiwi, evening).day == 3 and local_day(kiwi, after_midnight).day == 4
    )
    assert renews_at(kiwi, evening) == datetime(2026, 12, 3, 11, 0)
    assert Quota.of(kiwi, "plan", after_midnight).remaining() == 3
    # A lifter in UTC is still on the 3rd at that moment.
    utc = make_user(timezone="UTC")
    assert local_day(utc, after_midnight).day == 3


def test_the_page_renews_at_the_users_midnight(library, logged_in, user, monkeypatch):
    for _ in range(3):
        logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)
    assert "0 of 3" in logged_in.get("/coach").get_data(True)

    later = renews_at(user) + timedelta(minutes=5)
    # Only the quotas' clock moves on; the login session keeps the real one.
    moved = SimpleNamespace(utcnow=lambda: later, zone=clock.zone)
    monkeypatch.setattr(quotas, "clock", moved)
    assert "3 of 3" in logged_in.get("/coach").get_data(True)


def test_concurrent_takes_never_exceed_the_limit(app, make_user):
    made = make_user()
    # Plain values: the threads must not share the test's database session.
    lifter = SimpleNamespace(id=made.id, timezone=made.timezone)
    granted = []
    start = threading.Barrier(8)

    def ask():
        start.wait()
        with app.app_context():
            granted.append(Quota.of(lifter, "plan").take())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert granted.count(True) == 3
    assert Quota.of(lifter, "plan").used() == 3


@pytest.mark.parametrize("feature", ["plan", "analysis"])
def test_a_switched_off_feature_hides_its_form_and_its_url_says_so(
    library, logged_in, app, feature
):
    app.config[f"COACH_{feature.upper()}_ENABLED"] = False
    page = logged_in.get("/coach").get_data(True)
    url = {"plan": "/coach/plans", "analysis": "/coach/analysis"}[feature]

    assert f'action="{url}"' not in page
    response = logged_in.post(url, data=PLAN_FORM)
    assert response.status_code == 404
    assert "switched off" in response.get_data(True)


def test_an_unreachable_quota_store_refuses_cleanly(
    library, logged_in, user, monkeypatch
):
    def down(self):
        raise QuotaStoreDown("redis is down")

    monkeypatch.setattr(Quota, "take", down)
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 503
    assert "not available right now" in response.get_data(True)
    assert plans_of(user) == 0 and outcomes(user) == ["failed"]


def test_the_page_says_when_the_quota_renews_in_the_users_time(
    library, client, make_user, monkeypatch
):
    """23:30 in Auckland: the quotas come back half an hour later, local midnight."""
    kiwi = make_user("kiwi@example.com", timezone="Pacific/Auckland", language="en")
    log_in(client, kiwi.email)
    evening = datetime(2026, 12, 3, 10, 30)  # 23:30 NZDT
    moved = SimpleNamespace(utcnow=lambda: evening, zone=clock.zone)
    monkeypatch.setattr(quotas, "clock", moved)

    page = client.get("/coach").get_data(True)

    assert "Renews in 30 minutes, at midnight your time." in page


def test_quotas_hold_with_rate_limiting_switched_off(
    app, library, logged_in, user, monkeypatch
):
    """RATELIMIT_ENABLED=false leaves Flask-Limiter without a storage; the
    coach's quotas are counted all the same, not a 500 and not unlimited."""
    from homegym.extensions import limiter

    monkeypatch.setitem(app.config, "RATELIMIT_ENABLED", False)
    monkeypatch.setattr(limiter, "_storage", None)  # as a disabled limiter has
    monkeypatch.setitem(app.config, "COACH_ANALYSIS_LIMIT", 1)
    try:
        first = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)
        second = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)
    finally:
        app.extensions.pop("coach_quotas", None)

    assert first.status_code == 200
    assert second.status_code == 422
    assert "You have used today’s" in second.get_data(True)
    assert outcomes(user) == ["ok", "over_quota"]
