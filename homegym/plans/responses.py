"""How the plan screens answer: a partial for htmx, else a 303 or the whole page."""

import logging

from flask import abort, make_response, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from homegym.exercises.library import grouped_choices
from homegym.ids import new_uuid
from homegym.plans import logic, queries
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.web import is_htmx, notify

logger = logging.getLogger(__name__)


def plan_or_404(plan_id: int) -> Plan:
    """Fetch the current user's plan with everything its page shows."""
    return queries.plan_of(current_user.id, plan_id) or abort(404)


def day_or_404(day_id: int) -> PlanDay:
    """Fetch a day of one of the current user's plans."""
    return queries.day_of(current_user.id, day_id) or abort(404)


def planned_exercise_or_404(row_id: int) -> PlannedExercise:
    """Fetch a planned exercise of one of the current user's plans."""
    return queries.planned_exercise_of(current_user.id, row_id) or abort(404)


def board(plan: Plan, **extra) -> dict:
    """Build what the plan page and its partials need around the plan."""
    next_day = logic.day_after_last_trained(plan) if plan.active else None
    return {
        "plan": plan,
        "choices": grouped_choices(current_user, str(get_locale())),
        "next_day_id": next_day.id if next_day is not None else None,
        "invalid": {},
        # Each add form gets a fresh client uuid every time it is drawn.
        "new_uuid": new_uuid,
        **extra,
    }


def changed(partial: str, plan_id: int, anchor: str, message: str = "", **context):
    """Answer a change: the partial for htmx, else back to the plan at ``anchor``."""
    if is_htmx():
        response = make_response(render_template(partial, **context))
    else:
        target = url_for("plans.detail", plan_id=plan_id, _anchor=anchor)
        response = redirect(target, 303)
    if message:
        notify(message, "success", response)
    return response


def first_error(form) -> str:
    """Pick the message to show first for an invalid form."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return _("Please check the form.")


def refused(form, partial: str, plan_id: int, key: str, **context):
    """Change nothing and say why: the partial with errors, or the plan page."""
    message = first_error(form)
    logger.warning(
        "plan %s change refused for user %s: %s",
        plan_id,
        current_user.id,
        ",".join(sorted(form.errors)),
    )
    invalid = {key: form}
    if is_htmx():
        response = make_response(
            render_template(partial, **{**context, "invalid": invalid}), 422
        )
        return notify(message, "error", response)
    notify(message, "error")
    page = render_template(
        "plans/detail.html", **board(plan_or_404(plan_id), invalid=invalid)
    )
    return page, 422
