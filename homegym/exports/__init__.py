"""Exports: all of a user's data as a Hevy-compatible CSV and as one JSON document."""

from flask import Blueprint, Flask

bp = Blueprint("exports", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint; the view module attaches its routes when imported."""
    from homegym.exports import routes  # noqa: F401

    app.register_blueprint(bp)
