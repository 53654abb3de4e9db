"""Workouts: see models.py for the data and routes.py for the screens."""

from flask import Blueprint, Flask

bp = Blueprint("workouts", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint; the view modules attach their routes when imported."""
    from homegym.workouts import (  # noqa: F401
        history_routes,
        live,
        live_exercises,
        live_sets,
        models,
        sync_routes,
        tools,
    )

    app.register_blueprint(bp)
