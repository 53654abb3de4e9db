"""The plans list and a plan's own actions: create, rename, copy, activate, delete.

CSRFProtect checks every POST's token, so button-only forms need no form class.
"""

import logging

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from homegym.extensions import db
from homegym.ids import new_uuid, parse_uuid
from homegym.plans import bp, logic
from homegym.plans.forms import PlanForm
from homegym.plans.responses import board, changed, plan_or_404, refused
from homegym.web import is_htmx, leave_for, notify, render

logger = logging.getLogger(__name__)


def list_context() -> dict:
    """Build what the plans list shows: every plan, and the next day to train."""
    plans = logic.user_plans(current_user.id)
    active = next((plan for plan in plans if plan.active), None)
    next_day = logic.day_after_last_trained(active) if active is not None else None
    return {
        "plans": plans,
        "next_day_id": next_day.id if next_day is not None else None,
    }


def from_list() -> bool:
    """Tell whether the button was pressed on the plans list (not a plan's page)."""
    return request.form.get("return_to") == "index"


def list_changed(message: str):
    """Answer a change made on the plans list: the new list, or back to it."""
    if is_htmx():
        response = make_response(
            render_template("plans/_plan_list.html", **list_context())
        )
    else:
        response = redirect(url_for("plans.index"), 303)
    return notify(message, "success", response)


def go_to(url: str, message: str):
    """Send the browser to another page, from an htmx request or a plain form."""
    flash(message, "success")
    return leave_for(url)


@bp.get("/plans")
@login_required
def index():
    """List the user's plans with their days; the active one first."""
    return render("plans/index.html", "plans/_plan_list.html", **list_context())


@bp.route("/plans/new", methods=["GET", "POST"])
@login_required
def create():
    """Make a plan; sending the same form twice still makes one."""
    form = PlanForm()
    if not form.is_submitted():
        form.uuid.data = new_uuid()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("plans/create.html", form=form), status

    values = (current_user.id, form.name.data, form.notes.data)
    uuid = parse_uuid(form.uuid.data)
    try:
        plan, created = logic.create_plan(*values, uuid)
        db.session.commit()
    except IntegrityError:
        # The same uuid arrived twice at once; the other request made the plan.
        db.session.rollback()
        plan, created = logic.plan_by_uuid(current_user.id, uuid), False
        if plan is None:
            raise
    if created:
        flash(_("Plan created. Add its days below."), "success")
    return redirect(url_for("plans.detail", plan_id=plan.id), 303)


@bp.get("/plans/<int:plan_id>")
@login_required
def detail(plan_id: int):
    """Show a plan to read and edit in place: its days and planned exercises."""
    return render_template("plans/detail.html", **board(plan_or_404(plan_id)))


@bp.post("/plans/<int:plan_id>")
@login_required
def update(plan_id: int):
    """Rename the plan or change its notes."""
    plan = plan_or_404(plan_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return refused(form, "plans/_plan_head.html", plan.id, "plan", **board(plan))

    plan.name, plan.notes = form.name.data, form.notes.data
    db.session.commit()
    logger.info("plan %s renamed by user %s", plan.id, current_user.id)
    return changed(
        "plans/_plan_head.html",
        plan.id,
        "plan-head",
        _("Saved."),
        **board(plan_or_404(plan_id)),
    )


@bp.post("/plans/<int:plan_id>/copy")
@login_required
def copy(plan_id: int):
    """Copy the plan with all its days; the copy waits, inactive, to be edited."""
    plan = plan_or_404(plan_id)
    duplicate = logic.copy_plan(plan)
    db.session.commit()
    message = _("Copied as “%(name)s”.", name=duplicate.name)
    if from_list():
        return list_changed(message)
    return go_to(url_for("plans.detail", plan_id=duplicate.id), message)


@bp.post("/plans/<int:plan_id>/activate")
@login_required
def activate(plan_id: int):
    """Make this the active plan, the one workouts start from."""
    plan = plan_or_404(plan_id)
    logic.set_active(plan)
    db.session.commit()
    message = _("“%(name)s” is now your active plan.", name=plan.name)
    if from_list():
        return list_changed(message)
    # The days come along: the one to train next is marked on them now.
    return changed(
        "plans/_activated.html",
        plan_id,
        "plan-head",
        message,
        **board(plan_or_404(plan_id)),
    )


@bp.post("/plans/<int:plan_id>/delete")
@login_required
def delete(plan_id: int):
    """Delete the plan; workouts done from it stay in the history."""
    plan = plan_or_404(plan_id)
    name = plan.name
    logic.delete_plan(plan)
    db.session.commit()
    message = _("“%(name)s” is deleted. Your workouts are kept.", name=name)
    if from_list():
        return list_changed(message)
    return go_to(url_for("plans.index"), message)
