"""Operations: logging, maintenance mode, health, Sentry and the operator's commands."""

from flask import Flask


def register(app: Flask) -> None:
    """Wire the operations parts into the app, logging first."""
    from homegym.ops import cli, logs, maintenance, sentry
    from homegym.ops.health import bp

    logs.configure_logging(app)
    sentry.init_sentry(app)
    maintenance.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
