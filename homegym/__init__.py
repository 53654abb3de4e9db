"""HomeGym: a self-hosted training logbook for people who lift at home."""

import os

from dotenv import load_dotenv
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from homegym.config import engine_options, load_config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app from the environment (and ``.env``), then ``test_config``."""
    app = Flask(__name__, instance_relative_config=True)
    load_dotenv(os.path.join(os.path.dirname(app.root_path), ".env"))
    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)
        if "SQLALCHEMY_ENGINE_OPTIONS" not in test_config:
            # Options follow the database actually used, not the environment's.
            url = app.config["SQLALCHEMY_DATABASE_URI"]
            app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url)
    os.makedirs(app.instance_path, exist_ok=True)

    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )

    from homegym import errors, extensions, i18n, security
    from homegym.accounts import register as register_accounts
    from homegym.coach import register as register_coach
    from homegym.exercises import register as register_exercises
    from homegym.exports import register as register_exports
    from homegym.home import bp as home_bp
    from homegym.imports import register as register_imports
    from homegym.ops import register as register_ops
    from homegym.plans import register as register_plans
    from homegym.progress import register as register_progress
    from homegym.pwa import bp as pwa_bp
    from homegym.pwa import owner as pwa_owner
    from homegym.sources import register as register_sources
    from homegym.workouts import register as register_workouts

    register_ops(app)  # logging first, so the rest can report
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app,
        extensions.db,
        directory=os.path.join(os.path.dirname(app.root_path), "migrations"),
    )
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.cache.init_app(app)
    extensions.mail.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    register_accounts(app)
    register_exercises(app)
    register_plans(app)
    register_workouts(app)
    register_progress(app)
    register_imports(app)
    register_exports(app)
    register_sources(app)
    register_coach(app)
    app.register_blueprint(home_bp)
    app.register_blueprint(pwa_bp)
    pwa_owner.init_app(app)
    return app
