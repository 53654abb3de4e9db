"""Every coach request leaves a row; ``flask coach usage`` sums the last days."""

from datetime import timedelta

from sqlalchemy import select

from homegym import clock
from homegym.coach.models import CoachRequest
from homegym.extensions import db
from tests.conftest import HX

PLAN_FORM = {"goal": "general", "experience": "beginner", "days": "2", "minutes": "40"}


def add(user, days_ago=0, **fields):
    values = {
        "feature": "plan",
        "provider": "openai",
        "model": "local-coach",
        "outcome": "ok",
        "duration_ms": 1200,
        "prompt_tokens": 1000,
        "completion_tokens": 200,
        **fields,
    }
    db.session.add(
        CoachRequest(
            user_id=user.id,
            started_at=clock.utcnow() - timedelta(days=days_ago),
            **values,
        )
    )
    db.session.commit()


def test_usage_sums_the_last_days(runner, make_user):
    ada, bob = make_user(), make_user()
    add(ada)
    add(bob, duration_ms=800)
    add(ada, outcome="rejected", prompt_tokens=900, completion_tokens=100)
    add(ada, days_ago=30)  # too old for the default week

    result = runner.invoke(args=["coach", "usage"])

    assert result.exit_code == 0
    lines = result.output.splitlines()
    ok = next(line for line in lines if " ok " in line).split()
    assert ok == [
        "plan",
        "openai",
        "local-coach",
        "ok",
        "2",
        "2",
        "1000",
        "2000",
        "400",
    ]
    assert any(" rejected " in line for line in lines)
    month = runner.invoke(args=["coach", "usage", "--days", "31"]).output
    assert next(line for line in month.splitlines() if " ok " in line).split()[4] == "3"


def test_usage_with_nothing_to_show(runner):
    result = runner.invoke(args=["coach", "usage", "--days", "2"])
    assert "No coach requests in the last 2 days." in result.output


def test_a_misconfigured_model_provider_fails_without_cost(
    library, logged_in, app, user
):
    app.config.update(AI_PROVIDER="openai", AI_BASE_URL="", AI_MODEL="")

    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert "AI_BASE_URL and AI_MODEL must be set." in response.get_data(True)
    row = db.session.scalar(select(CoachRequest))
    assert row.outcome == "failed" and row.provider == ""
    assert "3 of 3" in response.get_data(True)


def test_over_quota_and_switched_off_requests_are_recorded(library, logged_in, app):
    app.config["COACH_ANALYSIS_ENABLED"] = False
    logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)
    app.config["COACH_PLAN_LIMIT"] = 0
    logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    outcomes = db.session.scalars(
        select(CoachRequest.outcome).order_by(CoachRequest.id)
    )
    assert list(outcomes) == ["disabled", "over_quota"]
