"""Plans: see models.py for the data and routes.py for the screens."""

from flask import Blueprint, Flask

bp = Blueprint("plans", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint; the view modules attach their routes when imported."""
    from homegym.plans import day_routes, models, routes  # noqa: F401

    app.register_blueprint(bp)
