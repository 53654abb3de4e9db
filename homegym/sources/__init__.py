"""Training sources: the catalogue of studies the coach cites, and its page."""

from flask import Blueprint, Flask

bp = Blueprint("sources", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint and the ``flask sources`` commands."""
    from homegym.sources import cli, models, routes  # noqa: F401

    app.register_blueprint(bp)
    cli.init_app(app)
