"""flask check-deploy: an insecure deploy fails by name, a good one passes."""

import secrets

import pytest

from homegym.extensions import db
from homegym.ops.checks import (
    ERROR,
    capacity_findings,
    database_findings,
    environment_findings,
    password_hash_findings,
    secret_key_findings,
    security_findings,
    sql_mode_findings,
    upload_limit_findings,
)
from homegym.ops.health import migrations_directory
from tests.ops.conftest import UNREACHABLE_MARIADB, invoke

MB = 1024 * 1024
SECURE = {
    "DEBUG": False,
    "HOMEGYM_ENV": "production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "SESSION_COOKIE_SECURE": True,
    "REMEMBER_COOKIE_SECURE": True,
    "HSTS_SECONDS": 31536000,
    "TRUSTED_HOSTS": ["gym.example.org"],
    "WTF_CSRF_ENABLED": True,
    "MAX_CONTENT_LENGTH": 16 * MB,
    "WEB_CONCURRENCY": 1,
    "RATELIMIT_STORAGE_URI": "memory://",
    "MAIL_SERVER": "smtp.example.org",
    "PASSWORD_HASH_METHOD": "scrypt",
}
INSECURE = {
    "DEBUG": True,
    "SECRET_KEY": "dev-only-insecure-secret-key",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_SECURE": False,
    "HSTS_SECONDS": 0,
    "TRUSTED_HOSTS": None,
    "WTF_CSRF_ENABLED": False,
    "MAX_CONTENT_LENGTH": None,
    "WEB_CONCURRENCY": 4,
    "RATELIMIT_STORAGE_URI": "memory://",
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
}


def ids(findings) -> set[str]:
    return {finding.id for finding in findings}


def test_an_insecure_deploy_fails_naming_each_problem(build_app):
    result = invoke(build_app(**INSECURE), "check-deploy")

    assert result.exit_code == 1
    expected = ("E001", "E002", "E004", "E005", "E006", "E007", "E008", "E009", "E014")
    for error_id in expected:
        assert f"ERROR homegym.{error_id}: " in result.output
    assert "WARNING homegym.W002: " in result.output
    assert result.output.splitlines()[-1].startswith("check-deploy: 9 error(s)")


def test_a_good_deploy_passes(build_app):
    built = build_app(**SECURE)

    result = invoke(built, "check-deploy")

    assert result.exit_code == 0, result.output
    assert "ERROR" not in result.output
    assert result.output.splitlines()[-1].startswith("check-deploy: 0 error(s)")
    if built.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert "WARNING homegym.W004: " in result.output


def test_pending_migrations_fail_the_deploy(build_app, fresh_sqlite_url):
    built = build_app(**SECURE, SQLALCHEMY_DATABASE_URI=fresh_sqlite_url)

    result = invoke(built, "check-deploy")

    assert result.exit_code == 1
    assert "ERROR homegym.E011: Migrations are pending" in result.output


def test_an_unreachable_database_fails_without_showing_the_password(build_app):
    built = build_app(**SECURE, SQLALCHEMY_DATABASE_URI=UNREACHABLE_MARIADB)

    result = invoke(built, "check-deploy")

    assert result.exit_code == 1
    assert "ERROR homegym.E010: " in result.output
    assert "hunter2" not in result.output


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("dev-only-insecure-secret-key", {"homegym.E002"}),
        (None, {"homegym.E003"}),
        ("short-but-random-Xq9", {"homegym.E003"}),
        ("ab" * 40, {"homegym.E003"}),
        (secrets.token_urlsafe(64), set()),
    ],
)
def test_secret_key_must_be_long_and_random(key, expected):
    assert ids(secret_key_findings(key)) == expected


def test_security_settings_pass_when_secure():
    assert security_findings(SECURE) == []


def test_upload_limit_must_exist_and_be_reasonable():
    assert ids(upload_limit_findings(None)) == {"homegym.E008"}
    assert ids(upload_limit_findings(2 * MB)) == {"homegym.W003"}
    assert ids(upload_limit_findings(1024 * MB)) == {"homegym.W003"}
    assert upload_limit_findings(16 * MB) == []


def test_several_workers_need_shared_limits_and_cache():
    many = {**SECURE, "WEB_CONCURRENCY": 4, "CACHE_TYPE": "SimpleCache"}
    assert ids(capacity_findings(many)) == {"homegym.E009", "homegym.W007"}

    shared = {
        **many,
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
        "CACHE_TYPE": "RedisCache",
    }
    assert capacity_findings(shared) == []
    assert capacity_findings({**many, "WEB_CONCURRENCY": 1}) == []


def test_environment_warnings_and_log_dir_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    config = {"HOMEGYM_ENV": "development", "LOG_DIR": str(blocker / "logs")}

    findings = environment_findings(config)

    assert ids(findings) == {
        "homegym.W001",
        "homegym.E013",
        "homegym.W005",
        "homegym.W006",
    }
    good = {
        "HOMEGYM_ENV": "production",
        "LOG_DIR": str(tmp_path / "logs"),
        "SENTRY_DSN": "https://public@sentry.example.invalid/1",
        "MAIL_SERVER": "smtp.example.org",
    }
    assert environment_findings(good) == []


@pytest.mark.parametrize(
    ("sql_mode", "strict"),
    [
        ("STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION", True),
        ("strict_all_tables", True),
        ("NO_ENGINE_SUBSTITUTION", False),
        ("", False),
    ],
)
def test_mariadb_must_be_strict(sql_mode, strict):
    findings = sql_mode_findings(sql_mode)

    assert (findings == []) is strict
    assert all(f.level == ERROR and f.id == "homegym.E012" for f in findings)


def test_the_migrated_test_database_passes(app):
    findings = database_findings(db.engine, migrations_directory())

    assert ids(findings) <= {"homegym.W004"}


def test_an_unreadable_migration_history_is_not_a_dead_database(app, tmp_path):
    findings = database_findings(db.engine, str(tmp_path / "no-migrations"))

    assert "homegym.E011" in ids(findings)
    assert "homegym.E010" not in ids(findings)


def test_a_lax_mariadb_session_fails_the_deploy(build_app, test_config):
    if not test_config["SQLALCHEMY_DATABASE_URI"].startswith("mysql"):
        pytest.skip("needs the suite pointed at MariaDB")
    lax = "SET SESSION sql_mode='NO_ENGINE_SUBSTITUTION'"
    options = {"connect_args": {"charset": "utf8mb4", "init_command": lax}}
    built = build_app(**SECURE, SQLALCHEMY_ENGINE_OPTIONS=options)

    result = invoke(built, "check-deploy")

    assert result.exit_code == 1
    assert "ERROR homegym.E012: " in result.output


@pytest.mark.parametrize(
    ("method", "weak"),
    [
        ("scrypt", False),
        ("scrypt:32768:8:1", False),
        ("pbkdf2", False),
        ("pbkdf2:sha256:1000000", False),
        ("pbkdf2:sha256:1", True),
        ("scrypt:2:8:1", True),
        ("plain", True),
    ],
)
def test_cheap_password_hashes_are_refused(method, weak):
    assert bool(password_hash_findings(method)) is weak
