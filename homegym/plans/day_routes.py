"""Edit a plan in place: its days, and the planned exercises of each day.

Each change answers htmx with the smallest part of the page it touched (a row,
a day card, or the list of days when days move) and plain forms with a 303
back to the plan page at the day. CSRFProtect checks every POST's token, so
button-only forms need no form class.
"""

import logging

from flask import redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from homegym.exercises.choices import choices_context
from homegym.exercises.library import visible_exercise
from homegym.extensions import db
from homegym.ids import parse_uuid
from homegym.plans import bp, logic
from homegym.plans.forms import (
    DayForm,
    MoveForm,
    NewDayForm,
    NewPlannedExerciseForm,
    TargetsForm,
)
from homegym.plans.models import PlanDay, PlannedExercise
from homegym.plans.responses import (
    board,
    changed,
    day_or_404,
    plan_or_404,
    planned_exercise_or_404,
    refused,
)
from homegym.web import is_htmx

logger = logging.getLogger(__name__)

DAYS = "plans/_days.html"
DAY = "plans/_day.html"
ROW = "plans/_planned.html"


def days_changed(plan_id: int, anchor: str, message: str = ""):
    """Answer with the plan's list of days, freshly loaded."""
    return changed(DAYS, plan_id, anchor, message, **board(plan_or_404(plan_id)))


def day_changed(day_id: int, message: str = ""):
    """Answer with one day card, freshly loaded."""
    day = day_or_404(day_id)
    context = board(plan_or_404(day.plan_id), day=day)
    return changed(DAY, day.plan_id, f"day-{day.id}", message, **context)


def add_once(model, uuid: str | None, add):
    """Run ``add`` and commit; when a twin with the same uuid won, take its row."""
    try:
        row = add()
        db.session.commit()
    except IntegrityError:
        # The same uuid arrived twice at once; the other request made the row.
        db.session.rollback()
        row = logic.made_with(model, current_user.id, uuid)
        if row is None:
            raise
    return row


@bp.post("/plans/<int:plan_id>/days")
@login_required
def add_day(plan_id: int):
    """Add a day at the end of the plan, "Day N" unless it is given a name."""
    plan = plan_or_404(plan_id)
    form = NewDayForm()
    if not form.validate_on_submit():
        return refused(form, DAYS, plan.id, "new-day", **board(plan))

    uuid = parse_uuid(form.uuid.data)
    name, notes = form.name.data, form.notes.data or ""
    day = add_once(PlanDay, uuid, lambda: logic.add_day(plan, name, notes, uuid))
    # A replay answers like the first add; the form comes back with a new uuid.
    return days_changed(plan_id, f"day-{day.id}")


@bp.post("/plans/days/<int:day_id>")
@login_required
def update_day(day_id: int):
    """Rename a day or change its notes."""
    day = day_or_404(day_id)
    form = DayForm()
    if not form.validate_on_submit():
        context = board(day.plan, day=day)
        return refused(form, DAY, day.plan_id, f"day-{day.id}", **context)

    day.name, day.notes = form.name.data, form.notes.data
    db.session.commit()
    logger.info("plan day %s changed by user %s", day.id, current_user.id)
    return day_changed(day_id, _("Saved."))


@bp.post("/plans/days/<int:day_id>/move")
@login_required
def move_day(day_id: int):
    """Move a day one place earlier or later."""
    day = day_or_404(day_id)
    form = MoveForm()
    if form.validate_on_submit():
        logic.move_day(day, form.step)
        db.session.commit()
    return days_changed(day.plan_id, f"day-{day_id}")


@bp.post("/plans/days/<int:day_id>/delete")
@login_required
def delete_day(day_id: int):
    """Remove a day with its planned exercises; workouts done from it stay."""
    day = day_or_404(day_id)
    plan_id, name = day.plan_id, day.name
    logic.remove_day(day)
    db.session.commit()
    return days_changed(plan_id, "plan-days", _("“%(name)s” removed.", name=name))


@bp.post("/plans/days/<int:day_id>/exercises")
@login_required
def add_exercise(day_id: int):
    """Add an exercise the user may use to the end of a day."""
    day = day_or_404(day_id)
    form = NewPlannedExerciseForm()
    valid = form.validate_on_submit()
    exercise = visible_exercise(current_user.id, request.form.get("exercise_id"))
    if valid and exercise is None:
        form.exercise_id.errors.append(_("Choose an exercise from the list."))
    if not valid or exercise is None:
        context = board(day.plan, day=day)
        return refused(form, DAY, day.plan_id, f"add-{day.id}", **context)

    uuid, targets = parse_uuid(form.uuid.data), form.targets()
    add_once(
        PlannedExercise,
        uuid,
        lambda: logic.add_planned_exercise(day, exercise, uuid, **targets),
    )
    return day_changed(day_id)


@bp.get("/plans/days/<int:day_id>/exercise-choices")
@login_required
def exercise_choices(day_id: int):
    """Answer the search of a day's add form with exercises that add in one tap."""
    day = day_or_404(day_id)
    if not is_htmx():
        return redirect(
            url_for("plans.detail", plan_id=day.plan_id, _anchor=f"day-{day.id}"), 303
        )

    on_day = [row.exercise_id for row in day.exercises]
    context = choices_context(
        current_user, request.args.get("q"), str(get_locale()), on_day
    )
    # Same post as the day's add form, with the sets, reps and rest set there;
    # each result carries a uuid of its own, so a replayed tap adds nothing.
    add = {
        "action": url_for("plans.add_exercise", day_id=day.id),
        "target": f"#day-{day.id}",
        "swap": "outerHTML",
        "include": f"#add-{day.id}-targets",
        "uuid": True,
    }
    return render_template(
        "exercises/_choices.html",
        choices_id=f"add-{day.id}-choices",
        add=add,
        **context,
    )


@bp.post("/plans/exercises/<int:row_id>")
@login_required
def update_exercise(row_id: int):
    """Change a planned exercise's sets, reps, RPE, rest, superset or notes."""
    row = planned_exercise_or_404(row_id)
    form = TargetsForm()
    if not form.validate_on_submit():
        context = board(row.day.plan, row=row)
        return refused(form, ROW, row.day.plan_id, f"planned-{row.id}", **context)

    targets = form.targets()
    regrouped = targets["superset_group"] != row.superset_group
    for field, value in targets.items():
        setattr(row, field, value)
    db.session.commit()
    logger.info("planned exercise %s changed by user %s", row.id, current_user.id)
    if regrouped:
        # Other rows of the day may join or leave the superset: redraw the day.
        response = day_changed(row.day_id, _("Saved."))
        response.headers["HX-Retarget"] = f"#day-{row.day_id}"
        response.headers["HX-Reswap"] = "outerHTML"
        return response

    row = planned_exercise_or_404(row_id)
    context = board(row.day.plan, row=row)
    return changed(ROW, row.day.plan_id, f"day-{row.day_id}", _("Saved."), **context)


@bp.post("/plans/exercises/<int:row_id>/move")
@login_required
def move_exercise(row_id: int):
    """Move a planned exercise one place earlier or later in its day."""
    row = planned_exercise_or_404(row_id)
    form = MoveForm()
    if form.validate_on_submit():
        logic.move_planned_exercise(row, form.step)
        db.session.commit()
    return day_changed(row.day_id)


@bp.post("/plans/exercises/<int:row_id>/delete")
@login_required
def delete_exercise(row_id: int):
    """Remove a planned exercise from its day."""
    row = planned_exercise_or_404(row_id)
    day_id = row.day_id
    logic.remove_planned_exercise(row)
    db.session.commit()
    return day_changed(day_id)
