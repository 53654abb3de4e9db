"""The coach's forms; Flask-WTF adds and checks the CSRF token on each."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, SelectMultipleField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from homegym.coach.analysis import PERIODS
from homegym.exercises.vocabulary import MUSCLES

GOAL_CHOICES = [
    SelectChoice("strength", _l("Strength")),
    SelectChoice("hypertrophy", _l("Muscle growth")),
    SelectChoice("general", _l("General fitness")),
]
EXPERIENCE_CHOICES = [
    SelectChoice("beginner", _l("Beginner (under a year)")),
    SelectChoice("intermediate", _l("Intermediate (1–3 years)")),
    SelectChoice("advanced", _l("Advanced (over 3 years)")),
]
MINUTES = (20, 180)


class CheckboxList(SelectMultipleField):
    """Several choices as checkboxes, which a phone handles better than a list box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PlanRequestForm(FlaskForm):
    goal = SelectField(_l("Goal"), choices=GOAL_CHOICES, default="hypertrophy")
    experience = SelectField(
        _l("Experience"), choices=EXPERIENCE_CHOICES, default="intermediate"
    )
    days = IntegerField(
        _l("Days per week"),
        default=3,
        validators=[
            InputRequired(message=_l("Days per week go from 2 to 6.")),
            NumberRange(2, 6, message=_l("Days per week go from 2 to 6.")),
        ],
    )
    minutes = IntegerField(
        _l("Minutes per session"),
        default=60,
        validators=[
            InputRequired(message=_l("Minutes go from 20 to 180.")),
            NumberRange(*MINUTES, message=_l("Minutes go from 20 to 180.")),
        ],
    )
    excluded_muscles = CheckboxList(
        _l("Leave out muscle groups"),
        choices=[SelectChoice(key, label) for key, label in MUSCLES.items()],
        validate_choice=True,
    )
    excluded_exercises = SelectMultipleField(
        _l("Leave out exercises"), coerce=int, choices=[], validate_choice=True
    )


class AnalysisForm(FlaskForm):
    weeks = SelectField(
        _l("Period"),
        coerce=int,
        default=8,
        choices=[SelectChoice(weeks, str(weeks)) for weeks in PERIODS],
    )
