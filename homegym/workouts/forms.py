"""Forms of the live workout; Flask-WTF checks the CSRF token on each.

Fields a post leaves out keep their stored value, so a form may send only
what changed (a kind button sends the kind and nothing new about reps).
"""

import functools
from decimal import Decimal, InvalidOperation

from babel import support
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.i18n import translations as flask_wtf_translations
from wtforms import Field, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.i18n import messages_path
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from homegym.units import to_kg
from homegym.workouts.logging import SUPERSET_GROUPS
from homegym.workouts.models import SET_KINDS

WEIGHT_LIMIT = 1000
REPS_LIMIT = 1000
NOTES_LENGTH = 2000


class NumberField(Field):
    """A decimal typed on a phone: a comma counts as the decimal point."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.data = None
            raise ValueError(_l("Enter a number, like 82.5."))
        self.data = number

    def _value(self):
        return self.raw_data[0] if self.raw_data else ""


@functools.cache
def wtforms_messages(locale: str) -> support.Translations:
    """WTForms' own messages in one language, read from disk once a process."""
    return support.Translations.load(messages_path(), [locale], domain="wtforms")


class LiveForm(FlaskForm):
    """A form of the log screen, whose errors show beside the row or card."""

    class Meta:
        def get_translations(self, form):
            # Flask-WTF reads and parses the catalogue again on every request.
            found = super().get_translations(form)
            if found is not flask_wtf_translations:  # i18n switched off
                return found
            return wtforms_messages(str(get_locale()))

    def messages(self) -> list[str]:
        """List every error of the form in field order, to show beside the input."""
        return [str(error) for field in self for error in field.errors]


def sent(field) -> bool:
    """Tell whether the post carried this field at all (empty counts as sent)."""
    return bool(field.raw_data)


class SetForm(LiveForm):
    """One set row: its kind, weight in the user's unit, reps, RPE, ticked or not."""

    uuid = HiddenField()
    kind = StringField(validators=[Optional(), AnyOf(SET_KINDS)])
    weight = NumberField(_l("Weight"))
    reps = IntegerField(
        _l("Reps"),
        validators=[
            Optional(),
            NumberRange(0, REPS_LIMIT, _l("Reps must be between %(min)d and %(max)d.")),
        ],
    )
    rpe = NumberField(_l("RPE"))
    done = StringField(validators=[Optional(), AnyOf(("0", "1"))])

    def validate_weight(self, field):
        if field.data is not None and not 0 <= field.data <= WEIGHT_LIMIT:
            raise ValidationError(
                _l("Weight must be between 0 and %(max)d.", max=WEIGHT_LIMIT)
            )

    def validate_rpe(self, field):
        if field.data is None:
            return
        if not 1 <= field.data <= 10 or (field.data * 2) % 1:
            raise ValidationError(_l("RPE goes from 1 to 10 in steps of 0.5."))

    def changes(self, unit: str) -> dict:
        """Map the fields the post carried to the set's columns, weight in kg."""
        found = {}
        if sent(self.kind) and self.kind.data:
            found["kind"] = self.kind.data
        if sent(self.weight):
            weight = self.weight.data
            found["weight_kg"] = None if weight is None else to_kg(weight, unit)
        if sent(self.reps):
            found["reps"] = self.reps.data
        if sent(self.rpe):
            found["rpe"] = self.rpe.data
        return found

    @property
    def done_value(self) -> bool | None:
        """Say what to do with the tick: True ticks, False unticks, None leaves it."""
        if not self.done.data:
            return None
        return self.done.data == "1"


class NotesForm(LiveForm):
    """Notes of a performed exercise or of the whole workout."""

    notes = TextAreaField(_l("Notes"), validators=[Length(max=NOTES_LENGTH)])


class ExerciseForm(NotesForm):
    """A performed exercise's superset group, rest and notes."""

    superset_group = StringField(
        _l("Superset"), validators=[Optional(), AnyOf(SUPERSET_GROUPS)]
    )
    rest_seconds = IntegerField(
        _l("Rest"), validators=[Optional(), NumberRange(0, 3600)]
    )


class WorkoutNotesForm(NotesForm):
    name = StringField(_l("Name"), validators=[Optional(), Length(max=120)])


class UuidForm(LiveForm):
    """A button that makes a row; the client's uuid makes a replay harmless."""

    uuid = HiddenField()


class StartForm(UuidForm):
    plan_day_id = IntegerField(validators=[Optional()])


class AddExerciseForm(UuidForm):
    exercise_id = IntegerField(_l("Exercise"), validators=[DataRequired()])


class MoveForm(LiveForm):
    direction = StringField(validators=[DataRequired(), AnyOf(("up", "down"))])
