"""The operator's small commands: cache clear and db-ping."""

import re

from homegym.extensions import cache, db
from tests.ops.conftest import UNREACHABLE_MARIADB, invoke


def test_cache_clear_empties_the_cache(runner):
    cache.set("coach:plan:7", "cached answer")

    result = runner.invoke(args=["cache", "clear"])

    assert result.exit_code == 0, result.output
    assert cache.get("coach:plan:7") is None
    assert "Cleared the SimpleCache cache." in result.output
    assert "restart gunicorn" in result.output


def test_db_ping_reports_backend_and_time(app, runner):
    result = runner.invoke(args=["db-ping"])

    assert result.exit_code == 0, result.output
    backend = db.engine.dialect.name
    assert re.fullmatch(rf"database ok \({backend}, \d+ ms\)\n", result.output)


def test_db_ping_names_the_failure_but_not_the_password(build_app):
    built = build_app(SQLALCHEMY_DATABASE_URI=UNREACHABLE_MARIADB)

    result = invoke(built, "db-ping")

    assert result.exit_code == 1
    assert "database unreachable (mysql): OperationalError" in result.output
    assert "hunter2" not in result.output
    assert "127.0.0.1" not in result.output
