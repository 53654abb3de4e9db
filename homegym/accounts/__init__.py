"""Accounts: registration, login with lockout, sessions, passwords and settings."""

from flask import Blueprint, Flask

bp = Blueprint("accounts", __name__, template_folder="templates")


def register(app: Flask) -> None:
    """Register the blueprint, the login manager and the account commands."""
    # The view modules attach their routes to bp when imported.
    from homegym.accounts import cli, routes, settings  # noqa: F401
    from homegym.accounts.login import init_login
    from homegym.accounts.sessions import describe_device

    init_login(app)
    app.jinja_env.globals["describe_device"] = describe_device
    app.register_blueprint(bp)
    cli.init_app(app)
