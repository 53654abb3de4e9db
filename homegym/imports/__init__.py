"""Imports: Hevy and Strong CSV exports, previewed, mapped and written at once."""

from flask import Blueprint, Flask

bp = Blueprint("imports", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint; the view modules attach their routes when imported."""
    from homegym.imports import models, routes  # noqa: F401

    app.register_blueprint(bp)
