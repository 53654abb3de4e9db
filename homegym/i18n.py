"""Language and time zone: the user's settings first, else the browser's wish."""

from flask import Flask, current_app, request
from flask_babel import get_locale
from flask_login import current_user

from homegym.extensions import babel
from homegym.units import format_estimate, format_weight, from_kg


def select_locale() -> str:
    """Pick the user's language, else the best match of Accept-Language."""
    languages = current_app.config["LANGUAGES"]
    if current_user and current_user.is_authenticated and current_user.language:
        return current_user.language
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str | None:
    """Show times in the user's zone; anonymous pages stay in UTC."""
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return None


def user_unit() -> str:
    """The unit weights are shown and entered in: the user's, else kilograms."""
    if current_user and current_user.is_authenticated:
        return current_user.units
    return "kg"


def weight_filter(value_kg, with_unit: bool = True) -> str:
    """Show a stored kilogram weight in the user's unit ('' when there is none)."""
    if value_kg is None or value_kg == "":
        return ""
    if with_unit:
        return format_weight(value_kg, user_unit())
    return f"{from_kg(value_kg, user_unit()):f}"


def estimate_filter(value_kg) -> str:
    """Show an estimated weight (e1RM, moving average) to a tenth of the unit."""
    if value_kg is None or value_kg == "":
        return ""
    return format_estimate(value_kg, user_unit())


def init_app(app: Flask) -> None:
    """Wire Flask-Babel and expose the locale to templates."""
    babel.init_app(
        app, locale_selector=select_locale, timezone_selector=select_timezone
    )
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["user_unit"] = user_unit
    app.jinja_env.filters["weight"] = weight_filter
    app.jinja_env.filters["estimate"] = estimate_filter
