"""The landing page and the dashboard."""

from flask import Blueprint, render_template
from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _
from flask_login import current_user

from homegym import clock
from homegym.accounts.equipment import FLAGS
from homegym.accounts.forms import EquipmentForm, SettingsForm
from homegym.accounts.models import User
from homegym.ids import new_uuid
from homegym.plans.logic import next_plan_day
from homegym.workouts.history import unfinished_workout

bp = Blueprint("home", __name__, template_folder="templates")


def greeting(hour: int) -> str:
    """Greet the way people do at this hour of the day."""
    if 5 <= hour < 12:
        return _("Good morning!")
    if 12 <= hour < 18:
        return _("Good afternoon!")
    if 18 <= hour < 23:
        return _("Good evening!")
    return _("Hello!")


def equipment_names(user: User) -> list[str]:
    """Name what the user's home gym has, with the labels of the equipment form."""
    # The form's labels are the one place these names are written (and translated).
    form = EquipmentForm(formdata=None, meta={"csrf": False})
    owned = user.equipment_settings()
    return [str(form[flag].label.text) for flag in FLAGS if owned.get(flag)]


def choice_labels(field) -> dict[str, str]:
    """Map each value of a select field to the label the user sees for it."""
    return {choice.value: str(choice.label) for choice in field.iter_choices()}


def settings_summary(user: User) -> dict[str, str]:
    """Describe the user's units, language and time zone as the settings show them."""
    form = SettingsForm(formdata=None, meta={"csrf": False})
    units = choice_labels(form.units)
    languages = choice_labels(form.language)
    if user.language:
        language = languages.get(user.language, user.language)
    else:
        shown = get_locale().get_display_name()
        language = f"{languages['']} ({shown})"
    return {
        "units": units.get(user.units, user.units),
        "language": language,
        "timezone": user.timezone,
    }


@bp.route("/")
def index():
    """Show the dashboard to a signed-in lifter, the welcome page to anyone else."""
    if not current_user.is_authenticated:
        return render_template("home/welcome.html")

    user = current_user._get_current_object()
    unfinished = unfinished_workout(user.id)
    return render_template(
        "home/dashboard.html",
        greeting=greeting(to_user_timezone(clock.utcnow()).hour),
        equipment=equipment_names(user),
        settings=settings_summary(user),
        unfinished=unfinished,
        next_day=None if unfinished else next_plan_day(user.id),
        new_uuid=new_uuid,
    )
