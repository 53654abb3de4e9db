"""GET /healthz: what a monitor sees when the database is fine, down or behind."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.ops.conftest import UNREACHABLE_MARIADB, invoke


def test_healthy_app_answers_200(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "maintenance": False,
    }
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "url",
    [UNREACHABLE_MARIADB, "sqlite:////nonexistent-directory/for/homegym.sqlite3"],
    ids=["mariadb-down", "sqlite-missing-dir"],
)
def test_unreachable_database_answers_503(build_app, url):
    client = build_app(SQLALCHEMY_DATABASE_URI=url).test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json["status"] == "error"
    assert response.json["database"] == "error"
    assert "hunter2" not in response.get_data(True)


def test_empty_database_reports_pending_migrations(build_app, fresh_sqlite_url):
    client = build_app(SQLALCHEMY_DATABASE_URI=fresh_sqlite_url).test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json["database"] == "ok"
    assert response.json["migrations"] == "pending"
    assert response.json["status"] == "error"


def test_health_follows_a_migration_run(build_app, fresh_sqlite_url):
    built = build_app(SQLALCHEMY_DATABASE_URI=fresh_sqlite_url)
    client = built.test_client()
    assert client.get("/healthz").status_code == 503

    result = invoke(built, "db", "upgrade")

    assert result.exit_code == 0, result.output
    assert client.get("/healthz").status_code == 200


def test_unknown_revision_in_the_database_is_an_error(build_app, fresh_sqlite_url):
    with create_engine(fresh_sqlite_url).begin() as connection:
        connection.execute(text("CREATE TABLE alembic_version (version_num TEXT)"))
        connection.execute(text("INSERT INTO alembic_version VALUES ('f00dcafe')"))
    client = build_app(SQLALCHEMY_DATABASE_URI=fresh_sqlite_url).test_client()

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json["database"] == "ok"
    assert response.json["migrations"] == "error"


SCRIPT = """
from homegym import create_app
app = create_app({"RATELIMIT_APPLICATION": "2/minute", "TESTING": True})
client = app.test_client()
print([client.get("/healthz").status_code for _ in range(4)])
print([client.get("/login").status_code for _ in range(4)])
"""


def test_health_is_never_rate_limited(app, test_config, tmp_path):
    # Its own process: application limits would stick to the shared limiter.
    env = {
        **os.environ,
        "DATABASE_URL": test_config["SQLALCHEMY_DATABASE_URI"],
        "LOG_DIR": str(tmp_path),
        "TRUSTED_HOSTS": "",
        "RATELIMIT_ENABLED": "true",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    output = subprocess.run(  # noqa: S603  (our interpreter, our script)
        [sys.executable, "-c", SCRIPT],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()

    assert output == ["[200, 200, 200, 200]", "[200, 200, 429, 429]"]
