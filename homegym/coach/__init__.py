"""The coach: plan generation, live guidance and analysis under daily quotas.

Two providers answer in one schema (schema.py): the built-in engine (rules
drawn from the training-sources catalogue) and an OpenAI-compatible model.
"""

from flask import Blueprint, Flask

bp = Blueprint("coach", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint and the ``flask coach`` commands."""
    from homegym.coach import cli, models, routes  # noqa: F401

    app.register_blueprint(bp)
    cli.init_app(app)
