"""The coach's pages as a lifter meets them: forms, answers, citations, ownership."""

from decimal import Decimal

from sqlalchemy import select

from homegym.coach.models import CoachRequest
from homegym.extensions import db
from homegym.plans.models import Plan
from tests.conftest import HX, log_in

PLAN_FORM = {
    "goal": "strength",
    "experience": "intermediate",
    "days": "4",
    "minutes": "60",
}


def test_the_coach_page_shows_what_is_left_today(library, logged_in):
    page = logged_in.get("/coach").get_data(True)

    assert "3 of 3" in page and "50 of 50" in page and "10 of 10" in page
    assert ", at midnight your time." in page and "Renews in " in page
    assert 'action="/coach/plans"' in page and 'action="/coach/analysis"' in page


def test_the_nav_links_to_the_coach(library, logged_in):
    assert 'href="/coach"' in logged_in.get("/coach").get_data(True)


def test_a_generated_plan_is_saved_explained_and_cited(library, logged_in, user):
    response = logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 200
    fragment = response.get_data(True)
    assert "<html" not in fragment
    assert "Why this plan" in fragment and "Upper A" in fragment
    assert 'href="/sources#schoenfeld2016frequency"' in fragment
    assert 'hx-swap-oob="true"' in fragment and "2 of 3" in fragment
    plan = db.session.scalar(select(Plan).where(Plan.user_id == user.id))
    assert len(plan.days) == 4 and all(day.exercises for day in plan.days)
    record = db.session.scalar(select(CoachRequest))
    assert (record.feature, record.provider, record.outcome) == (
        "plan",
        "builtin",
        "ok",
    )
    assert record.plan_id == plan.id and record.duration_ms >= 0


def test_without_javascript_the_plan_lands_on_its_page(library, logged_in):
    response = logged_in.post("/coach/plans", data=PLAN_FORM)

    assert response.status_code == 303
    page = logged_in.get(response.headers["Location"]).get_data(True)
    assert "Why this plan" in page and "Adopt this plan" in page


def test_a_bad_request_shows_the_form_again_and_costs_nothing(library, logged_in, user):
    response = logged_in.post(
        "/coach/plans", data={**PLAN_FORM, "days": "9"}, headers=HX
    )

    assert response.status_code == 422
    assert "Days per week go from 2 to 6." in response.get_data(True)
    assert db.session.scalar(select(CoachRequest)) is None


def test_adopting_makes_the_plan_active(library, logged_in, user, make_plan_for):
    first = make_plan_for(user, active=True)
    logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)
    generated = db.session.scalar(select(Plan).where(Plan.id != first.id))
    assert not generated.active

    response = logged_in.post(f"/coach/plans/{generated.id}/adopt", headers=HX)

    assert response.headers["HX-Redirect"] == f"/plans/{generated.id}"
    db.session.refresh(generated)
    db.session.refresh(first)
    assert generated.active and not first.active


def test_an_adopted_plan_sets_the_targets_of_analysis_and_charts(
    library, logged_in, user, log_workout
):
    logged_in.post("/coach/plans", data=PLAN_FORM, headers=HX)
    record = db.session.scalar(select(CoachRequest))
    assert (record.result["goal"], record.result["experience"]) == (
        "strength",
        "intermediate",
    )
    logged_in.post(f"/coach/plans/{record.plan_id}/adopt", headers=HX)
    log_workout(user, "bench_press", [(80, 8, 8)], when=_recent())

    chart = logged_in.get("/progress").get_data(True)
    analysis = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)

    assert "target 10–16" in chart  # intermediate, whatever the goal
    assert "target 10–16" in analysis.get_data(True)


def test_nobody_adopts_or_reads_anothers_answers(
    library, client, make_user, make_plan_for
):
    owner, other = make_user(), make_user()
    log_in(client, owner.email)
    client.post("/coach/plans", data=PLAN_FORM)
    record = db.session.scalar(select(CoachRequest))
    client.post("/logout")
    log_in(client, other.email)

    assert client.get(f"/coach/results/{record.id}").status_code == 404
    assert client.post(f"/coach/plans/{record.plan_id}/adopt").status_code == 404


def test_analysis_answers_in_the_page(library, logged_in, user, log_workout):
    log_workout(user, "bench_press", [(80, 8, 8), (80, 8, 8.5)], when=_recent())
    response = logged_in.post("/coach/analysis", data={"weeks": "4"}, headers=HX)

    assert response.status_code == 200
    fragment = response.get_data(True)
    assert "What to change" in fragment and "Bench Press" in fragment
    assert "1 workout" in fragment
    assert 'href="/sources#schoenfeld2017volume"' in fragment
    assert "9 of 10" in fragment


def test_guidance_for_own_set(library, logged_in, user, log_workout):
    workout = log_workout(
        user,
        "bench_press",
        [(100, 5, 7), (None, None, None)],
        finished=False,
        target_reps_min=5,
        target_reps_max=5,
        target_rpe=Decimal(8),
    )
    set_id = workout.exercises[0].sets[0].id

    response = logged_in.post(f"/coach/sets/{set_id}/guidance", headers=HX)

    assert response.status_code == 200
    fragment = response.get_data(True)
    assert f'id="guidance-{set_id}"' in fragment
    assert "102.5 kg" in fragment and "Guidance left today: 49 of 50" in fragment
    assert 'href="/sources#helms2016rir"' in fragment


def test_guidance_for_anothers_set_is_not_found(
    library, client, make_user, log_workout
):
    owner, other = make_user(), make_user()
    workout = log_workout(owner, "bench_press", [(100, 5, 7)], finished=False)
    log_in(client, other.email)

    response = client.post(f"/coach/sets/{workout.exercises[0].sets[0].id}/guidance")

    assert response.status_code == 404
    assert db.session.scalar(select(CoachRequest)) is None


def test_guidance_switched_off_hides_the_button(
    library, logged_in, app, user, log_workout
):
    from flask import render_template

    app.config["COACH_GUIDANCE_ENABLED"] = False
    workout = log_workout(user, "bench_press", [(100, 5, 7)], finished=False)
    set_id = workout.exercises[0].sets[0].id

    assert logged_in.post(f"/coach/sets/{set_id}/guidance").status_code == 404
    with app.test_request_context():
        assert (
            render_template("coach/_guidance_button.html", set_id=set_id).strip() == ""
        )
    app.config["COACH_GUIDANCE_ENABLED"] = True
    with app.test_request_context():
        button = render_template("coach/_guidance_button.html", set_id=set_id)
    assert f'hx-post="/coach/sets/{set_id}/guidance"' in button


def _recent():
    from homegym import clock

    return clock.utcnow().replace(microsecond=0)


def test_a_post_without_the_csrf_token_is_refused(library, logged_in, user):
    response = logged_in.post("/coach/plans", data=PLAN_FORM, csrf=False)

    assert response.status_code == 400
    assert db.session.scalar(select(CoachRequest)) is None


def test_without_javascript_guidance_over_quota_is_a_page(
    library, logged_in, app, user, log_workout
):
    app.config["COACH_GUIDANCE_LIMIT"] = 0
    workout = log_workout(user, "bench_press", [(100, 5, 7)], finished=False)
    set_id = workout.exercises[0].sets[0].id

    response = logged_in.post(f"/coach/sets/{set_id}/guidance")

    assert response.status_code == 429
    assert "live guidance quota" in response.get_data(True)


def test_without_javascript_guidance_is_its_own_page(
    library, logged_in, user, log_workout
):
    workout = log_workout(user, "bench_press", [(100, 5, 7)], finished=False)
    set_id = workout.exercises[0].sets[0].id

    page = logged_in.post(f"/coach/sets/{set_id}/guidance").get_data(True)

    assert "<html" in page and f'id="guidance-{set_id}"' in page
    assert f'href="/workouts/{workout.id}/log"' in page


def test_a_german_lifter_gets_the_plan_too(library, client, gym_user):
    german = gym_user("barbell", language="de", units="lb", timezone="Europe/Berlin")
    log_in(client, german.email)

    response = client.post("/coach/plans", data=PLAN_FORM, headers=HX)

    assert response.status_code == 200
    plan = db.session.scalar(select(Plan).where(Plan.user_id == german.id))
    # Load steps are written in the lifter's unit: two 1.25 kg plates in lb.
    assert any("5,51 lb" in row.notes for day in plan.days for row in day.exercises)


def test_feature_names_keep_their_own_capitals(library, client, gym_user):
    german = gym_user("barbell", language="de")
    log_in(client, german.email)

    page = client.get("/coach").get_data(True)

    assert "Live-Tipps" in page and "Live-tipps" not in page


def test_an_analysis_of_five_years_sends_few_queries(
    library, logged_in, user, log_workout
):
    """The whole request, from the session check to the drawn answer: the
    saved record and what the answer draws are not read back after saving
    (ten before), and a longer history adds none."""
    from datetime import timedelta

    from tests.conftest import count_queries

    token = {"X-CSRFToken": logged_in.csrf_token(), **HX}
    log_workout(user, "bench_press", [(80, 8, 8)], when=_recent())
    with count_queries() as short:
        first = logged_in.post("/coach/analysis", data={"weeks": "260"}, headers=token)
    for week in range(1, 60):
        when = _recent() - timedelta(days=7 * week)
        log_workout(user, "bench_press", [(80, 8, 8), (82.5, 6, 9)], when=when)
        log_workout(user, "deadlift", [(140, 5, 8)], when=when)
    with count_queries() as long:
        second = logged_in.post("/coach/analysis", data={"weeks": "260"}, headers=token)

    assert first.status_code == second.status_code == 200
    assert "Deadlift" in second.get_data(True)
    assert len(long) == len(short) <= 7  # one pass over the sets, efforts too
