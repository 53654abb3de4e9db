"""The health check a load balancer or monitor polls: database and migrations."""

import logging
import os

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Blueprint, current_app
from sqlalchemy import Connection, text

from homegym.extensions import db, limiter

logger = logging.getLogger(__name__)

bp = Blueprint("ops", __name__, template_folder="templates")


def migrations_directory() -> str:
    """Return the Alembic directory that Flask-Migrate was given."""
    migrate = current_app.extensions.get("migrate")
    if migrate is not None:
        return migrate.directory
    return os.path.join(os.path.dirname(current_app.root_path), "migrations")


def migration_state(connection: Connection, directory: str) -> str:
    """Compare the database's revisions with the heads: ok, pending or error."""
    script = ScriptDirectory(directory)
    heads = set(script.get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    if current == heads:
        return "ok"
    known = {revision.revision for revision in script.walk_revisions()}
    # A revision the code does not know means the code is older than the schema.
    return "pending" if current <= known else "error"


def safe_migration_state(connection: Connection, directory: str) -> str:
    """Like migration_state, but 'error' when the history cannot be read."""
    try:
        return migration_state(connection, directory)
    except Exception as error:  # a broken history is a finding, not a crash
        logger.warning("migration check failed error=%s", type(error).__name__)
        return "error"


def database_health() -> dict:
    """Check the database and its migrations without ever raising."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            migrations = safe_migration_state(connection, migrations_directory())
    except Exception as error:  # any failure here is what the check reports
        logger.warning("health check failed error=%s", type(error).__name__)
        return {"database": "error", "migrations": "error"}
    return {"database": "ok", "migrations": migrations}


def health_report() -> tuple[dict, int]:
    """Build the /healthz answer and its status code."""
    report = database_health()
    healthy = report["database"] == "ok" and report["migrations"] == "ok"
    report["status"] = "ok" if healthy else "error"
    report["maintenance"] = bool(current_app.config.get("DEBUG_MAINTENANCE"))
    return report, 200 if healthy else 503


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """Tell a monitor whether this process can serve: 200 or 503 with details."""
    report, status = health_report()
    return report, status, {"Cache-Control": "no-store"}
