"""Progress forms; Flask-WTF adds and checks the CSRF token on each."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import to_user_timezone
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    HiddenField,
    SelectChoice,
    SelectField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from homegym import clock
from homegym.ids import parse_uuid
from homegym.progress.metrics import length_unit, to_cm
from homegym.units import to_kg
from homegym.web import plain_file_name

NOTE_LENGTH = 500
EARLIEST = date(1900, 1, 1)
# Plausible ranges in each unit; anything outside is a typo.
WEIGHT_RANGE = {"kg": (Decimal(20), Decimal(400)), "lb": (Decimal(44), Decimal(880))}
LENGTH_RANGE = {"cm": (Decimal(10), Decimal(300)), "in": (Decimal(4), Decimal(120))}
FAT_RANGE = (Decimal(2), Decimal(75))
LENGTHS = ("waist", "chest", "arms", "thighs", "hips")
POSE_LABELS = {"front": _l("Front"), "side": _l("Side"), "back": _l("Back")}


def strip(value):
    return value.strip() if isinstance(value, str) else value


def user_today() -> date:
    """Today where the user is; a new entry may not be dated later."""
    return to_user_timezone(clock.utcnow()).date()


def not_in_future(form, field) -> None:
    if field.data is None:
        return
    # A day of slack: the server's idea of the user's zone may lag the phone's.
    if field.data > user_today() + timedelta(days=1):
        raise ValidationError(_l("The date cannot be in the future."))
    if field.data < EARLIEST:
        raise ValidationError(_l("Please enter a real date."))


def client_uuid(form, field) -> None:
    if field.data and parse_uuid(field.data) is None:
        raise ValidationError(_l("This form is damaged. Reload the page."))


def day_field(label) -> DateField:
    return DateField(
        label,
        validators=[InputRequired(message=_l("Enter a date.")), not_in_future],
    )


def amount(label) -> DecimalField:
    return DecimalField(
        label,
        places=None,
        validators=[Optional()],
    )


def outside(value, bounds) -> bool:
    """Tell whether a number is out of bounds; "NaN" and "Infinity" always are."""
    if value is None:
        return False
    low, high = bounds
    return not value.is_finite() or not low <= value <= high


class MetricForm(FlaskForm):
    """One day's weight and tape measurements, entered in the user's units.

    ``units`` is the user's "kg" or "lb"; lengths follow it (cm or in).
    """

    measured_on = day_field(_l("Date"))
    weight = amount(_l("Body weight"))
    waist = amount(_l("Waist"))
    chest = amount(_l("Chest"))
    arms = amount(_l("Arms"))
    thighs = amount(_l("Thighs"))
    hips = amount(_l("Hips"))
    body_fat = amount(_l("Body fat (%)"))
    uuid = HiddenField(validators=[client_uuid])

    def __init__(self, *args, units: str = "kg", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.units = units

    def length_fields(self):
        return [self[name] for name in LENGTHS]

    def validate_weight(self, field) -> None:
        low, high = WEIGHT_RANGE[self.units]
        if outside(field.data, (low, high)):
            raise ValidationError(
                _(
                    "Body weight goes from %(low)s to %(high)s %(unit)s.",
                    low=low,
                    high=high,
                    unit=self.units,
                )
            )

    def validate_body_fat(self, field) -> None:
        if outside(field.data, FAT_RANGE):
            raise ValidationError(
                _(
                    "Body fat goes from %(low)s to %(high)s %%.",
                    low=FAT_RANGE[0],
                    high=FAT_RANGE[1],
                )
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        unit = length_unit(self.units)
        low, high = LENGTH_RANGE[unit]
        for field in self.length_fields():
            if outside(field.data, (low, high)):
                message = _(
                    "Measurements go from %(low)s to %(high)s %(unit)s.",
                    low=low,
                    high=high,
                    unit=unit,
                )
                field.errors = [*field.errors, message]
                valid = False
        names = ("weight", *LENGTHS, "body_fat")
        if valid and all(self[name].data is None for name in names):
            self.weight.errors = [*self.weight.errors, _("Enter at least one value.")]
            valid = False
        return valid

    def values(self) -> dict:
        """The values as stored: kilograms, centimetres, percent; None if empty."""
        weight, fat = self.weight.data, self.body_fat.data
        values = {
            "weight_kg": to_kg(weight, self.units) if weight is not None else None,
            "body_fat_pct": fat.quantize(Decimal("0.1"), ROUND_HALF_UP)
            if fat is not None
            else None,
        }
        for name in LENGTHS:
            data = self[name].data
            values[f"{name}_cm"] = to_cm(data, self.units) if data is not None else None
        return values


class PhotoDetailsForm(FlaskForm):
    taken_on = day_field(_l("Date taken"))
    pose = SelectField(
        _l("Pose"),
        choices=[SelectChoice(key, label) for key, label in POSE_LABELS.items()],
    )
    note = TextAreaField(
        _l("Note"), filters=[strip], validators=[Length(max=NOTE_LENGTH)]
    )


def plain_name(_form, field) -> None:
    """Refuse a photo whose name holds a folder path (see web.plain_file_name)."""
    if not plain_file_name(getattr(field.data, "filename", None) or ""):
        raise ValidationError(
            _("The file name must be a plain name, without a folder path.")
        )


class PhotoForm(PhotoDetailsForm):
    photo = FileField(
        _l("Photo"),
        validators=[FileRequired(message=_l("Choose a photo to upload.")), plain_name],
    )
    uuid = HiddenField(validators=[client_uuid])
