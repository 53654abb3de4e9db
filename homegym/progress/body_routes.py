"""Body weight and measurements: the log, adding a day, editing, deleting.

Each change answers htmx with a small partial and a plain form with a 303.
"""

import logging

from flask import make_response, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from homegym.extensions import db
from homegym.ids import new_uuid, parse_uuid
from homegym.progress import bp, metrics
from homegym.progress.forms import MetricForm, user_today
from homegym.progress.models import BodyMetric
from homegym.units import from_kg
from homegym.web import is_htmx, notify, owned_or_404, render, retarget

logger = logging.getLogger(__name__)

# Entries the log lists before "show all": about two months of weigh-ins.
RECENT = 60


def new_form() -> MetricForm:
    """An empty add form for today, with a fresh client uuid."""
    form = MetricForm(formdata=None, units=current_user.units)
    form.measured_on.data = user_today()
    form.uuid.data = new_uuid()
    return form


def log_context(form: MetricForm | None = None, **extra) -> dict:
    """What the log shows: the latest entries, or all of them when asked."""
    everything = request.args.get("all") == "1"
    return {
        "form": form or new_form(),
        "entries": metrics.user_metrics(
            current_user.id, None if everything else RECENT
        ),
        "entry_count": metrics.metric_count(current_user.id),
        "units": current_user.units,
        "length_unit": metrics.length_unit(current_user.units),
        **extra,
    }


def edit_form(metric: BodyMetric) -> MetricForm:
    """The edit form filled with the entry's values in the user's units."""
    units = current_user.units
    form = MetricForm(formdata=None, units=units)
    form.measured_on.data = metric.measured_on
    if metric.weight_kg is not None:
        form.weight.data = from_kg(metric.weight_kg, units)
    for name in ("waist", "chest", "arms", "thighs", "hips"):
        value = getattr(metric, f"{name}_cm")
        form[name].data = metrics.from_cm(value, units) if value is not None else None
    form.body_fat.data = metric.body_fat_pct
    return form


@bp.get("/progress/body")
@login_required
def body():
    """The body log: the add form and every entry, newest first."""
    return render("progress/body.html", "progress/_metric_list.html", **log_context())


@bp.post("/progress/body")
@login_required
def add_metric():
    """Record a day's values; a second entry for the same day fills in the first."""
    form = MetricForm(units=current_user.units)
    if not form.validate_on_submit():
        logger.warning(
            "body metric refused for user %s: %s",
            current_user.id,
            ",".join(sorted(form.errors)),
        )
        context = log_context(form)
        if is_htmx():
            return render_template("progress/_body_log.html", **context), 422
        return render_template("progress/body.html", **context), 422

    uuid = parse_uuid(form.uuid.data)
    day = form.measured_on.data
    try:
        metrics.save_metric(current_user.id, day, form.values(), uuid)
        db.session.commit()
    except IntegrityError:
        # The same uuid or day arrived twice at once: fill in what won the race.
        db.session.rollback()
        metrics.save_metric(current_user.id, day, form.values(), uuid)
        db.session.commit()
    message = _("Saved for %(day)s.", day=format_date(day, "medium"))
    if is_htmx():
        response = make_response(
            render_template("progress/_body_log.html", **log_context())
        )
        return notify(message, "success", response)
    notify(message)
    return redirect(url_for("progress.body"), 303)


@bp.get("/progress/body/<int:metric_id>/edit")
@login_required
def edit_metric(metric_id: int):
    """The entry's edit form: in place for htmx, else as its own page."""
    metric = owned_or_404(BodyMetric, metric_id)
    return render(
        "progress/metric_edit.html",
        "progress/_metric_edit.html",
        metric=metric,
        form=edit_form(metric),
        in_place=is_htmx(),
        units=current_user.units,
        length_unit=metrics.length_unit(current_user.units),
    )


@bp.post("/progress/body/<int:metric_id>")
@login_required
def update_metric(metric_id: int):
    """Change an entry's date and values; an emptied box clears that value."""
    metric = owned_or_404(BodyMetric, metric_id)
    form = MetricForm(units=current_user.units)
    valid = form.validate_on_submit()
    if valid:
        try:
            metrics.update_metric(metric, form.measured_on.data, form.values())
            db.session.commit()
        except (metrics.DateTaken, IntegrityError):
            db.session.rollback()
            form.measured_on.errors = [
                _("There is already an entry for this date. Edit that one instead.")
            ]
            valid = False
    if not valid:
        return refused_edit(owned_or_404(BodyMetric, metric_id), form)

    message = _("Saved.")
    if is_htmx():
        response = make_response(
            render_template("progress/_metric_list.html", **log_context())
        )
        return notify(message, "success", response)
    notify(message)
    return redirect(url_for("progress.body", _anchor=f"metric-{metric_id}"), 303)


def refused_edit(metric: BodyMetric, form: MetricForm):
    logger.warning(
        "body metric %s change refused for user %s: %s",
        metric.id,
        current_user.id,
        ",".join(sorted(form.errors)),
    )
    context = {
        "metric": metric,
        "form": form,
        "in_place": is_htmx(),
        "units": current_user.units,
        "length_unit": metrics.length_unit(current_user.units),
    }
    if is_htmx():
        response = make_response(
            render_template("progress/_metric_edit.html", **context), 422
        )
        return retarget(response, f"#metric-{metric.id}")
    return render_template("progress/metric_edit.html", **context), 422


@bp.post("/progress/body/<int:metric_id>/delete")
@login_required
def delete_metric(metric_id: int):
    """Delete one day's entry."""
    metric = owned_or_404(BodyMetric, metric_id)
    day = metric.measured_on
    metrics.delete_metric(metric)
    db.session.commit()
    message = _("Entry for %(day)s deleted.", day=format_date(day, "medium"))
    if is_htmx():
        response = make_response(
            render_template("progress/_metric_list.html", **log_context())
        )
        return notify(message, "success", response)
    notify(message)
    return redirect(url_for("progress.body"), 303)


@bp.app_template_filter("body_length")
def body_length(value_cm) -> str:
    """Show a stored length in the user's unit: cm, or inches for pound users."""
    return metrics.format_length(value_cm, current_user.units)
