"""The coach's screens: the Coach page, plan generation, analysis, live guidance.

Each feature answers htmx with a small partial (and the quota panel out of
band, so what is left goes down on screen), and a plain form with a 303 to
the stored answer. A refusal is a message in the page, never a raw error.
"""

from datetime import timedelta

from flask import abort, make_response, redirect, render_template, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from homegym.coach import bp
from homegym.coach.analysis import PERIODS, Period
from homegym.coach.catalogue import usable_exercises
from homegym.coach.facts import open_workout_sets, own_set, set_facts
from homegym.coach.forms import AnalysisForm, PlanRequestForm
from homegym.coach.models import FEATURES, CoachRequest
from homegym.coach.planner import PlanRequest
from homegym.coach.providers import AnalysisInputs, GuidanceInputs, PlanInputs
from homegym.coach.quotas import (
    Quota,
    QuotaStoreDown,
    enabled,
    local_day,
    renews_in,
)
from homegym.coach.saving import save_plan
from homegym.coach.service import CoachRefused, feature_name, run, switched_off
from homegym.coach.text import group_label
from homegym.exercises.library import visible_exercises
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans import logic
from homegym.plans.models import Plan
from homegym.web import is_htmx, leave_for, notify, owned_or_404

RECENT = 5
# A response header asking the page script to swap an error status in place.
SWAP_HEADER = "X-HomeGym-Swap"


@bp.app_template_global("muscle_label")
def muscle_label(key: str) -> str:
    return group_label(key)


@bp.app_template_global("feature_label")
def feature_label(feature: str) -> str:
    return feature_name(feature)


@bp.app_template_global("coach_enabled")
def coach_enabled(feature: str) -> bool:
    return enabled(feature)


def quota_rows() -> list[dict] | None:
    """What is left today of each switched-on feature, and when it renews;
    None when the quota storage is down (the panel says the coach is away)."""
    wait = renews_in(current_user)
    rows = []
    for feature in FEATURES:
        if not enabled(feature):
            continue
        quota = Quota.of(current_user, feature)
        try:
            left = quota.remaining()
        except QuotaStoreDown:
            return None
        rows.append(
            {
                "feature": feature,
                "name": feature_name(feature),
                "left": left,
                "limit": quota.limit,
                "renews_in": wait,
            }
        )
    return rows


def refusal_status(refusal: CoachRefused) -> int:
    """htmx swaps a refusal in place: 422 as usual, or 503 when the coach is
    away for now (the page script swaps a 503 marked so, see app.js)."""
    return 503 if refusal.status == 503 else 422


def swap_headers(refusal: CoachRefused) -> dict:
    return {SWAP_HEADER: "true"} if refusal.status == 503 else {}


def plan_form() -> PlanRequestForm:
    form = PlanRequestForm()
    locale = str(get_locale())
    form.excluded_exercises.choices = [
        SelectChoice(exercise.id, exercise.name(locale))
        for exercise in visible_exercises(current_user.id, locale)
    ]
    return form


def analysis_form() -> AnalysisForm:
    form = AnalysisForm()
    form.weeks.choices = [
        SelectChoice(weeks, ngettext("%(num)d week", "%(num)d weeks", weeks))
        for weeks in PERIODS
    ]
    return form


def names_for(ids) -> dict[int, str]:
    """Exercise names in the user's language for the ids an answer mentions."""
    if not ids:
        return {}
    locale = str(get_locale())
    found = db.session.scalars(select(Exercise).where(Exercise.id.in_(set(ids))))
    return {exercise.id: exercise.name(locale) for exercise in found}


def result_context(record: CoachRequest) -> dict:
    """What a stored answer's partial needs: the answer and its exercise names."""
    result = record.result or {}
    ids = [i["exercise_id"] for d in result.get("days", []) for i in d["items"]]
    ids += [t["exercise_id"] for t in result.get("trends", [])]
    ids += [r["exercise_id"] for r in result.get("records", [])]
    return {"record": record, "result": result, "names": names_for(ids)}


def page_context(**extra) -> dict:
    recent = db.session.scalars(
        select(CoachRequest)
        .where(
            CoachRequest.user_id == current_user.id,
            CoachRequest.outcome == "ok",
            CoachRequest.feature.in_(("plan", "analysis")),
        )
        .order_by(CoachRequest.started_at.desc(), CoachRequest.id.desc())
        .limit(RECENT)
    ).all()
    return {
        "quotas": quota_rows(),
        "plan_enabled": enabled("plan"),
        "analysis_enabled": enabled("analysis"),
        "guidance_enabled": enabled("guidance"),
        "open_sets": open_workout_sets(current_user.id) if enabled("guidance") else [],
        "recent": recent,
        **extra,
    }


def refused(refusal: CoachRefused, page_extra: dict | None = None):
    """Show a refusal: a message partial for htmx, else the page with it."""
    if is_htmx():
        html = render_template(
            "coach/_refusal.html", refusal=refusal, quotas=quota_rows(), oob=True
        )
        return make_response(html, refusal_status(refusal), swap_headers(refusal))
    forms = {"plan_form": plan_form(), "analysis_form": analysis_form()}
    context = page_context(refusal=refusal, **{**forms, **(page_extra or {})})
    if refusal.outcome == "disabled":
        return render_template("coach/disabled.html", refusal=refusal), 404
    return render_template("coach/index.html", **context), refusal.status


def answered(record: CoachRequest, partial: str, **extra):
    """Show a new answer: its partial and the quota panel, or its own page."""
    if not is_htmx():
        return redirect(url_for("coach.result", record_id=record.id), 303)
    html = render_template(
        partial, quotas=quota_rows(), oob=True, **result_context(record), **extra
    )
    return make_response(html)


@bp.get("/coach")
@login_required
def index():
    """Show the coach: quotas, the plan and analysis forms, recent answers."""
    return render_template(
        "coach/index.html",
        plan_form=plan_form(),
        analysis_form=analysis_form(),
        **page_context(),
    )


@bp.post("/coach/plans")
@login_required
def generate_plan():
    """Generate a plan, save it (inactive unless it is the first) and show why."""
    if not enabled("plan"):
        return refused(switched_off(current_user, "plan"))
    form = plan_form()
    if not form.validate_on_submit():
        context = {"plan_form": form, "analysis_form": analysis_form()}
        if is_htmx():
            return render_template("coach/_plan_form.html", **context), 422
        return render_template("coach/index.html", **page_context(**context)), 422

    request = PlanRequest(
        goal=form.goal.data,
        experience=form.experience.data,
        days=form.days.data,
        minutes=form.minutes.data,
        excluded_ids=tuple(form.excluded_exercises.data or ()),
        excluded_muscles=tuple(form.excluded_muscles.data or ()),
    )
    locale = str(get_locale())
    usable = usable_exercises(
        current_user, request.excluded_ids, request.excluded_muscles, locale
    )
    inputs = PlanInputs(current_user, request, frozenset(e.id for e in usable), locale)

    def keep(result) -> int:
        plan = save_plan(current_user, result)
        db.session.commit()
        return plan.id

    try:
        answer = run(current_user, "plan", lambda p: p.plan(inputs), keep)
    except CoachRefused as refusal:
        return refused(refusal, {"plan_form": form, "analysis_form": analysis_form()})
    return answered(answer.record, "coach/_plan_result.html")


@bp.post("/coach/plans/<int:plan_id>/adopt")
@login_required
def adopt(plan_id: int):
    """Make a generated plan the active one and open it for editing."""
    plan = owned_or_404(Plan, plan_id)
    logic.set_active(plan)
    db.session.commit()
    notify(_("“%(name)s” is now your active plan.", name=plan.name))
    return leave_for(url_for("plans.detail", plan_id=plan.id))


@bp.post("/coach/analysis")
@login_required
def analyse():
    """Analyse the chosen period of the user's training."""
    if not enabled("analysis"):
        return refused(switched_off(current_user, "analysis"))
    form = analysis_form()
    if not form.validate_on_submit():
        abort(400)
    end = local_day(current_user)
    period = Period(end - timedelta(days=7 * form.weeks.data - 1), end)
    inputs = AnalysisInputs(current_user, period)
    try:
        answer = run(current_user, "analysis", lambda p: p.analysis(inputs))
    except CoachRefused as refusal:
        return refused(refusal, {"plan_form": plan_form(), "analysis_form": form})
    return answered(answer.record, "coach/_analysis_result.html")


@bp.get("/coach/results/<int:record_id>")
@login_required
def result(record_id: int):
    """Show a stored answer again (the page a plain form lands on)."""
    record = owned_or_404(CoachRequest, record_id)
    if record.outcome != "ok" or record.feature == "guidance":
        abort(404)
    return render_template("coach/result.html", **result_context(record))


@bp.post("/coach/sets/<int:set_id>/guidance")
@login_required
def guidance(set_id: int):
    """Say what to do after a set of the user's: next load and reps, rest, or stop."""
    workout_set = own_set(current_user.id, set_id)
    if workout_set is None:
        abort(404)
    if not enabled("guidance"):
        return refused(switched_off(current_user, "guidance"))
    inputs = GuidanceInputs(
        set_facts(workout_set), current_user.equipment_settings(), current_user.units
    )
    context = {
        "set_id": set_id,
        "workout_id": workout_set.performed_exercise.workout_id,
    }
    try:
        answer = run(current_user, "guidance", lambda p: p.guidance(inputs))
    except CoachRefused as refusal:
        if is_htmx():
            page = render_template(
                "coach/_guidance.html",
                refusal=refusal,
                quota=_guidance_quota(),
                **context,
            )
            return page, refusal_status(refusal), swap_headers(refusal)
        return refused(refusal)
    page = "coach/_guidance.html" if is_htmx() else "coach/guidance.html"
    return render_template(
        page, result=answer.record.result, quota=_guidance_quota(), **context
    )


def _guidance_quota() -> dict | None:
    quota = Quota.of(current_user, "guidance")
    try:
        left = quota.remaining()
    except QuotaStoreDown:
        return None
    return {
        "left": left,
        "limit": quota.limit,
        "renews_in": renews_in(current_user),
    }
