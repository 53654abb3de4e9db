"""Plan forms; Flask-WTF adds and checks the CSRF token on each."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import DecimalField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from homegym.ids import parse_uuid

NOTES_LENGTH = 2000
DEFAULT_TARGETS = {"sets": 3, "reps_min": 8, "reps_max": 12, "rest_seconds": 120}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def upper(value):
    return value.upper() if isinstance(value, str) else value


def text_or_empty(value):
    """A notes field left out of a post is empty, as the column wants."""
    return "" if value is None else value


def notes_field() -> TextAreaField:
    return TextAreaField(
        _l("Notes"),
        filters=[strip, text_or_empty],
        validators=[Length(max=NOTES_LENGTH)],
    )


def client_uuid(form, field) -> None:
    """Refuse a uuid that is not one: the page or the phone always sends one."""
    if field.data and parse_uuid(field.data) is None:
        raise ValidationError(_l("This form is damaged. Reload the page."))


def finite(form, field) -> None:
    """Treat NaN and infinity as no number, so the range check refuses them.

    NumberRange cannot compare a signalling NaN ("sNaN") and would crash.
    """
    if field.data is not None and not field.data.is_finite():
        field.data = None


def uuid_field() -> HiddenField:
    # Made by the page (or the phone) so that sending twice makes one row.
    return HiddenField(validators=[client_uuid])


class PlanForm(FlaskForm):
    name = StringField(
        _l("Name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    notes = notes_field()
    uuid = uuid_field()


class DayForm(FlaskForm):
    name = StringField(
        _l("Day name"), filters=[strip], validators=[DataRequired(), Length(max=120)]
    )
    notes = notes_field()


class NewDayForm(DayForm):
    # Left empty, the day is called "Day N".
    name = StringField(
        _l("Day name"), filters=[strip], validators=[Optional(), Length(max=120)]
    )
    uuid = uuid_field()


class MoveForm(FlaskForm):
    direction = StringField(validators=[DataRequired(), Regexp("^(up|down)$")])

    @property
    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


def whole(label, low: int, high: int, message, required: bool = True):
    first = InputRequired(message=message) if required else Optional()
    return IntegerField(
        label, validators=[first, NumberRange(low, high, message=message)]
    )


class TargetsForm(FlaskForm):
    """Sets, rep range, target RPE, rest, superset group and notes of one row."""

    sets = whole(_l("Sets"), 1, 20, _l("Sets go from 1 to 20."))
    reps_min = whole(_l("Reps from"), 1, 100, _l("Reps go from 1 to 100."))
    reps_max = whole(_l("Reps to"), 1, 100, _l("Reps go from 1 to 100."))
    target_rpe = DecimalField(
        _l("Target RPE"),
        places=None,
        validators=[
            Optional(),
            finite,
            NumberRange(5, 10, message=_l("Target RPE goes from 5 to 10.")),
        ],
    )
    rest_seconds = whole(
        _l("Rest (seconds)"), 0, 900, _l("Rest goes from 0 to 900 seconds.")
    )
    superset_group = StringField(
        _l("Superset"),
        filters=[strip, upper],
        validators=[
            Optional(),
            Regexp(
                "^[A-Z]$", message=_l("A superset group is one letter from A to Z.")
            ),
        ],
    )
    notes = notes_field()

    def validate_target_rpe(self, field) -> None:
        # Out of range is refused above; a huge number cannot be divided here.
        if field.data is not None and 5 <= field.data <= 10 and (field.data * 2) % 1:
            raise ValidationError(_l("Target RPE goes in steps of 0.5."))

    def validate_reps_max(self, field) -> None:
        low, high = self.reps_min.data, field.data
        if low is not None and high is not None and low > high:
            raise ValidationError(_l("The lowest reps cannot be above the highest."))

    def targets(self) -> dict:
        """Return the row's values as the model stores them."""
        rpe = self.target_rpe.data
        return {
            "sets": self.sets.data,
            "reps_min": self.reps_min.data,
            "reps_max": self.reps_max.data,
            "target_rpe": Decimal(rpe).quantize(Decimal("0.1")) if rpe else None,
            "rest_seconds": self.rest_seconds.data,
            "superset_group": self.superset_group.data or None,
            "notes": self.notes.data or "",
        }


class NewPlannedExerciseForm(TargetsForm):
    """Pick an exercise; targets left out get the usual 3 x 8-12, 2 minutes' rest."""

    exercise_id = IntegerField(
        _l("Exercise"),
        validators=[InputRequired(message=_l("Choose an exercise from the list."))],
    )
    uuid = uuid_field()

    def process(self, formdata=None, obj=None, data=None, **kwargs):
        formdata = self.meta.wrap_formdata(self, formdata)
        if formdata is not None:
            formdata = MultiDict(formdata)
            for name, value in DEFAULT_TARGETS.items():
                if not formdata.get(name, "").strip():
                    formdata[name] = str(value)
        data = {**DEFAULT_TARGETS, **(data or {})}
        super().process(formdata, obj, data=data, **kwargs)
