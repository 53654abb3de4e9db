"""The plate and warm-up calculators of the live workout, as a page and partials."""

from decimal import Decimal, InvalidOperation

from flask import abort, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DecimalField
from wtforms.widgets import TextInput

from homegym.exercises.library import visible_exercise
from homegym.exercises.models import Exercise
from homegym.units import from_kg, to_kg
from homegym.web import render
from homegym.workouts import bp
from homegym.workouts.calculators import (
    WARMUP_SOURCE,
    WARMUP_SOURCE_URL,
    plate_size,
    plates_for,
    warmup_sets,
)

# Far above any lift, low enough that nobody mistypes their way into a silly sum.
MAX_WEIGHT = {"kg": Decimal(1000), "lb": Decimal(2200)}


class WeightField(DecimalField):
    """A decimal that also takes a comma (102,5), as German keyboards type it."""

    # Text, not type=number: browsers would drop "102,5" before it is sent.
    widget = TextInput()

    def process_formdata(self, valuelist):
        self.data = None
        text = valuelist[0].strip().replace(",", ".") if valuelist else ""
        if not text:
            return
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise ValueError(_l("Enter the weight as a number, like 102.5."))
        self.data = value


class PlatesForm(FlaskForm):
    """The weight to load; a GET that changes nothing needs no CSRF token."""

    class Meta:
        csrf = False

    weight = WeightField(_l("Weight to load"), id="plates-weight")


class WarmupForm(FlaskForm):
    """The first working set's weight; a GET, so no CSRF token."""

    class Meta:
        csrf = False

    weight = WeightField(_l("First working set"), id="warmup-weight")


def owned_bar_and_plates(user) -> tuple[Decimal, list[Decimal]]:
    """Read the bar weight and the plate sizes from the equipment settings (kg)."""
    equipment = user.equipment_settings()
    bar = _decimal(equipment.get("bar_weight")) or Decimal(0)
    plates = [_decimal(plate) for plate in equipment.get("plates") or []]
    return bar, [plate for plate in plates if plate and plate > 0]


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _entered_form(form_class):
    """Read the form from the query, or leave it empty when nothing was sent."""
    sent = "weight" in request.args
    form = form_class(formdata=request.args if sent else None)
    form.validate()
    return form, sent


def _checked_weight(field, unit: str) -> Decimal | None:
    """Turn the entered weight into kg, or note on the field what is wrong."""
    if field.errors:
        return None
    if field.data is None:
        field.errors.append(_("Enter a weight."))
        return None
    if field.data > MAX_WEIGHT[unit]:
        field.errors.append(
            _("Enter at most %(max)s %(unit)s.", max=MAX_WEIGHT[unit], unit=unit)
        )
        return None
    # Compared after rounding to what is stored, so 0.00001 counts as zero.
    weight_kg = to_kg(field.data, unit)
    if weight_kg <= 0:
        field.errors.append(_("Enter a weight above zero."))
        return None
    return weight_kg


def plates_context(weight_kg: Decimal | None = None, form=None) -> dict:
    """Build what _plates.html needs, for this view or a page that includes it."""
    unit = current_user.units
    bar_kg, plates_kg = owned_bar_and_plates(current_user)
    if form is None:
        shown = from_kg(weight_kg, unit) if weight_kg is not None else None
        form = PlatesForm(formdata=None, data={"weight": shown})
    form.weight.label.text = _("Weight to load (%(unit)s)", unit=unit)

    result = None
    if weight_kg is not None and weight_kg < bar_kg:
        form.weight.errors = list(form.weight.errors)
        form.weight.errors.append(
            _("That is lighter than your bar. Enter at least the bar's weight.")
        )
    elif weight_kg is not None:
        result = plates_for(weight_kg, bar_kg, plates_kg, unit=unit)
    return {
        "plates_form": form,
        "plates_result": result,
        "bar_kg": bar_kg,
        "owned_plates": plates_kg,
        "plate_size": plate_size,
    }


def warmup_context(
    weight_kg: Decimal | None = None, exercise: Exercise | None = None, form=None
) -> dict:
    """Build what _warmup.html needs, for this view or a page that includes it."""
    unit = current_user.units
    bar_kg, plates_kg = owned_bar_and_plates(current_user)
    if form is None:
        shown = from_kg(weight_kg, unit) if weight_kg is not None else None
        form = WarmupForm(formdata=None, data={"weight": shown})
    form.weight.label.text = _("First working set (%(unit)s)", unit=unit)

    load = exercise.load if exercise is not None else "external"
    sets = None
    if (weight_kg is not None or load == "bodyweight") and not form.weight.errors:
        sets = warmup_sets(weight_kg, bar_kg, plates_kg, load=load, unit=unit)
    return {
        "warmup_form": form,
        "warmup_sets": sets,
        "warmup_weight_kg": weight_kg,
        "warmup_exercise": exercise,
        "warmup_source": WARMUP_SOURCE,
        "warmup_source_url": WARMUP_SOURCE_URL,
    }


@bp.get("/tools/plates")
@login_required
def plates():
    """Show which of the user's plates load the bar to a weight."""
    form, sent = _entered_form(PlatesForm)
    weight_kg = _checked_weight(form.weight, current_user.units) if sent else None
    context = plates_context(weight_kg, form)

    status = 422 if form.weight.errors else 200
    page = render(
        "workouts/tools.html",
        "workouts/_plates.html",
        tool="plates",
        **context,
        **warmup_context(),
    )
    return page, status


@bp.get("/tools/warmup")
@login_required
def warmup():
    """Show warm-up sets that ramp up to the first working set."""
    exercise = None
    if request.args.get("exercise_id"):
        exercise = visible_exercise(current_user.id, request.args["exercise_id"])
        if exercise is None:
            abort(404)

    form, sent = _entered_form(WarmupForm)
    weight_kg = None
    if exercise is not None and exercise.load == "bodyweight":
        form.weight.errors = []  # its ramp needs no weight, so none is asked for
    elif sent:
        weight_kg = _checked_weight(form.weight, current_user.units)
    context = warmup_context(weight_kg, exercise, form)

    status = 422 if form.weight.errors else 200
    page = render(
        "workouts/tools.html",
        "workouts/_warmup.html",
        tool="warmup",
        **context,
        **plates_context(),
    )
    return page, status
