"""The history screens: past workouts, one workout's detail, deleting one."""

import logging
from functools import lru_cache

from flask import abort, flash, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from homegym.extensions import db
from homegym.i18n import weight_filter
from homegym.web import is_htmx, leave_for
from homegym.workouts import bp, history
from homegym.workouts.logging import set_labels
from homegym.workouts.records import EPLEY_SOURCE, new_records

logger = logging.getLogger(__name__)


@bp.get("/workouts")
@login_required
def index():
    """Show finished workouts newest first; htmx gets the next page's rows."""
    number = history.page_number(request.args.get("page"))
    page = history.history_page(current_user.id, number, str(get_locale()))
    context = {"page": page, "duration_minutes": history.duration_minutes}
    if is_htmx():
        return render_template("workouts/_history_page.html", **context)
    return render_template(
        "workouts/index.html",
        unfinished=history.unfinished_workout(current_user.id),
        **context,
    )


@bp.get("/workouts/<int:workout_id>")
@login_required
def detail(workout_id: int):
    """Show one workout: its summary with new records, then every set."""
    workout = history.load_workout(current_user.id, workout_id, sets=False)
    if workout is None:
        abort(404)
    exercises = history.detail_sets(workout)
    return render_template(
        "workouts/detail.html",
        workout=workout,
        exercises=exercises,
        totals=history.detail_totals(exercises),
        records=new_records(workout, exercises),
        minutes=history.duration_minutes(workout),
        set_e1rm=history.set_e1rm,
        set_labels=set_labels,
        shown_weight=lru_cache(maxsize=None)(weight_filter),
        epley_source=EPLEY_SOURCE,
    )


@bp.post("/workouts/<int:workout_id>/delete")
@login_required
def delete(workout_id: int):
    """Delete a workout with its sets and go back to the history."""
    # CSRFProtect has already checked the token of this button-only form.
    if not history.delete_workout(current_user.id, workout_id):
        abort(404)
    db.session.commit()

    logger.info("workout %s deleted by user %s", workout_id, current_user.id)
    flash(_("Workout deleted."), "success")
    return leave_for(url_for("workouts.index"))
