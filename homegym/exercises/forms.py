"""Exercise forms: the search filters and the user's own exercise."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from homegym.exercises.vocabulary import (
    EQUIPMENT,
    LOAD_LABELS,
    MECHANIC_LABELS,
    MUSCLES,
)
from homegym.ids import parse_uuid

NAME_LENGTH = 120


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key, label) for key, label in labels.items()]


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes, which a thumb can hit more easily."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SearchForm(Form):
    """The browse filters; read from the query string, so no CSRF token."""

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100)])
    muscle = SelectField(
        _l("Muscle"),
        choices=[SelectChoice("", _l("Any muscle")), *_choices(MUSCLES)],
        validate_choice=False,
    )
    equipment = SelectField(
        _l("Equipment"),
        choices=[SelectChoice("", _l("Any equipment")), *_choices(EQUIPMENT)],
        validate_choice=False,
    )
    usable = BooleanField(_l("Only what I can do with my equipment"))

    def filters(self) -> dict:
        """Return the search arguments, dropping values that are not choices."""
        return {
            "query": (self.q.data or "").strip()[:100],
            "muscle": self.muscle.data if self.muscle.data in MUSCLES else None,
            "equipment": (
                self.equipment.data if self.equipment.data in EQUIPMENT else None
            ),
            "usable_only": bool(self.usable.data),
        }


class ExerciseForm(FlaskForm):
    """A user's own exercise; ``uuid`` is made by the page or the phone."""

    uuid = HiddenField()
    name_en = StringField(_l("Name in English"), validators=[Length(max=NAME_LENGTH)])
    name_de = StringField(_l("Name in German"), validators=[Length(max=NAME_LENGTH)])
    primary_muscles = MultiCheckboxField(
        _l("Primary muscles"), choices=_choices(MUSCLES)
    )
    secondary_muscles = MultiCheckboxField(
        _l("Secondary muscles"), choices=_choices(MUSCLES)
    )
    equipment = MultiCheckboxField(_l("Equipment"), choices=_choices(EQUIPMENT))
    mechanic = RadioField(
        _l("Mechanic"), choices=_choices(MECHANIC_LABELS), default="compound"
    )
    load = RadioField(_l("Load"), choices=_choices(LOAD_LABELS), default="external")

    def validate_uuid(self, field):
        if field.data and parse_uuid(field.data) is None:
            raise ValidationError(
                _l("This form is damaged. Reload the page and try again.")
            )

    def validate_name_en(self, field):
        if not (field.data or "").strip() and not (self.name_de.data or "").strip():
            raise ValidationError(_l("Give the exercise a name."))

    def validate_primary_muscles(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one primary muscle."))

    def values(self) -> dict:
        """Return the exercise's columns; one name given serves both languages."""
        name_en = (self.name_en.data or "").strip()
        name_de = (self.name_de.data or "").strip()
        primary = [key for key in MUSCLES if key in self.primary_muscles.data]
        return {
            "name_en": name_en or name_de,
            "name_de": name_de or name_en,
            "primary_muscles": primary,
            "secondary_muscles": [
                key
                for key in MUSCLES
                if key in self.secondary_muscles.data and key not in primary
            ],
            "equipment": [key for key in EQUIPMENT if key in self.equipment.data],
            "mechanic": self.mechanic.data,
            "load": self.load.data,
        }
