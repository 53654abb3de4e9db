"""Account forms; Flask-WTF adds and checks the CSRF token on each."""

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from homegym.accounts.equipment import parse_weights

TIMEZONES = sorted(available_timezones() - {"localtime"})


def finite(form, field) -> None:
    """Treat NaN and infinity as no number, so the range check refuses them.

    NumberRange cannot compare a signalling NaN ("sNaN") and would crash.
    """
    if field.data is not None and not field.data.is_finite():
        field.data = None


class ActionForm(FlaskForm):
    """Carries only the CSRF token, for buttons that change something."""


class RegisterForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me for 14 days"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired()]
    )
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[DataRequired()])


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()])


class SettingsForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[
            SelectChoice("", _l("As my browser")),
            SelectChoice("en", "English"),
            SelectChoice("de", "Deutsch"),
        ],
    )
    units = SelectField(
        _l("Units"),
        choices=[
            SelectChoice("kg", _l("Kilograms (kg)")),
            SelectChoice("lb", _l("Pounds (lb)")),
        ],
    )
    timezone = SelectField(
        _l("Time zone"), choices=[SelectChoice(tz) for tz in TIMEZONES]
    )


class EquipmentForm(FlaskForm):
    barbell = BooleanField(_l("Barbell"))
    rack = BooleanField(_l("Squat rack"))
    bench = BooleanField(_l("Bench"))
    dumbbells = BooleanField(_l("Dumbbells"))
    kettlebells = BooleanField(_l("Kettlebells"))
    pullup_bar = BooleanField(_l("Pull-up bar"))
    bands = BooleanField(_l("Resistance bands"))
    cable = BooleanField(_l("Cable station"))
    machines = BooleanField(_l("Machines"))
    bodyweight = BooleanField(_l("Bodyweight"))
    bar_weight = DecimalField(
        _l("Bar weight"),
        places=None,
        validators=[Optional(), finite, NumberRange(0, 100)],
    )
    plates = StringField(_l("Plates you own (sizes separated by spaces)"))
    dumbbell_min = DecimalField(
        _l("Lightest dumbbell"),
        places=None,
        validators=[Optional(), finite, NumberRange(0, 200)],
    )
    dumbbell_max = DecimalField(
        _l("Heaviest dumbbell"),
        places=None,
        validators=[Optional(), finite, NumberRange(0, 200)],
    )
    dumbbell_step = DecimalField(
        _l("Dumbbell step"),
        places=None,
        validators=[Optional(), finite, NumberRange(0, 50)],
    )
    kettlebell_weights = StringField(_l("Kettlebells you own (separated by spaces)"))

    def validate_dumbbell_max(self, field):
        lightest = self.dumbbell_min.data
        if field.data is not None and lightest is not None and field.data < lightest:
            raise ValidationError(
                _l("The heaviest must not be lighter than the lightest.")
            )

    def validate_plates(self, field):
        _check_weights(field)

    def validate_kettlebell_weights(self, field):
        _check_weights(field)


def _check_weights(field) -> None:
    try:
        parse_weights(field.data or "")
    except ValueError as error:
        raise ValidationError(
            _l(
                "“%(value)s” is not a weight. Separate weights with spaces.",
                value=str(error),
            )
        ) from error
