"""Progress: body metrics, private progress photos and charts drawn on the server."""

from flask import Blueprint, Flask

bp = Blueprint("progress", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint; the view modules attach their routes when imported."""
    from homegym.progress import (  # noqa: F401
        body_routes,
        chart_routes,
        models,
        photo_routes,
    )

    app.register_blueprint(bp)
