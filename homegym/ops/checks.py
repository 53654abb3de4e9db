"""Deploy checks: every setting a production HomeGym needs, as plain findings."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, text

from homegym.ops.health import safe_migration_state
from homegym.ops.logs import log_dir_problem

ERROR = "ERROR"
WARNING = "WARNING"
DEV_SECRET_KEY = "dev-only-insecure-secret-key"  # noqa: S105  (the key we refuse)
MIN_SECRET_LENGTH = 50
MIN_SECRET_CHARS = 5
MB = 1024 * 1024
MIN_PBKDF2_ITERATIONS = 600_000
MIN_SCRYPT_N = 2**14
# Imports take files up to 10 MB; far more than 100 MB only invites abuse.
UPLOAD_LIMITS = (10 * MB, 100 * MB)
PROCESS_CACHES = {"simplecache", "nullcache", "flask_caching.backends.simplecache"}


MIGRATION_ADVICE = {
    "pending": "Migrations are pending; run 'flask db upgrade'.",
    "error": "The database has a revision this code does not know, or the "
    "migrations/ directory cannot be read; deploy the matching code.",
}


@dataclass(frozen=True)
class Finding:
    """One problem found in a deploy: its level, stable id and what to do."""

    level: str
    id: str
    message: str

    def __str__(self) -> str:
        return f"{self.level} {self.id}: {self.message}"


def secret_key_findings(secret_key: str | None) -> list[Finding]:
    """Refuse the development key and keys too short or too plain to be random."""
    key = secret_key or ""
    if key == DEV_SECRET_KEY:
        return [
            Finding(ERROR, "homegym.E002", "SECRET_KEY is the development default.")
        ]
    if len(key) < MIN_SECRET_LENGTH or len(set(key)) < MIN_SECRET_CHARS:
        return [
            Finding(
                ERROR,
                "homegym.E003",
                f"SECRET_KEY must be at least {MIN_SECRET_LENGTH} random characters "
                "(python -c 'import secrets; print(secrets.token_urlsafe(64))').",
            )
        ]
    return []


def password_hash_findings(method: str | None) -> list[Finding]:
    """Refuse a password hash cheap enough to guess offline (as tests use)."""
    name, *params = (method or "scrypt").split(":")
    weak = False
    if name == "pbkdf2":
        iterations = int(params[1]) if len(params) > 1 else MIN_PBKDF2_ITERATIONS
        weak = iterations < MIN_PBKDF2_ITERATIONS
    elif name == "scrypt":
        weak = bool(params) and int(params[0]) < MIN_SCRYPT_N
    else:
        weak = True
    if not weak:
        return []
    return [
        Finding(
            ERROR,
            "homegym.E014",
            f"PASSWORD_HASH_METHOD {method} is too cheap; use scrypt (the default).",
        )
    ]


def upload_limit_findings(limit: int | None) -> list[Finding]:
    """Require a request size limit that fits imports but stops floods."""
    if not limit:
        return [
            Finding(
                ERROR,
                "homegym.E008",
                "MAX_CONTENT_LENGTH is not set: any request size is accepted.",
            )
        ]
    low, high = UPLOAD_LIMITS
    if not low <= limit <= high:
        return [
            Finding(
                WARNING,
                "homegym.W003",
                f"MAX_CONTENT_LENGTH is {limit // MB} MB; between {low // MB} and "
                f"{high // MB} MB fits imports and photos.",
            )
        ]
    return []


def security_findings(config: Mapping) -> list[Finding]:
    """Check debug, cookies, hosts, CSRF and HSTS."""
    found = []
    if config.get("DEBUG"):
        found.append(Finding(ERROR, "homegym.E001", "DEBUG is on; set DEBUG=false."))
    found += secret_key_findings(config.get("SECRET_KEY"))
    found += password_hash_findings(config.get("PASSWORD_HASH_METHOD"))
    if not config.get("SESSION_COOKIE_SECURE"):
        found.append(Finding(ERROR, "homegym.E004", "SESSION_COOKIE_SECURE is off."))
    if not config.get("REMEMBER_COOKIE_SECURE"):
        found.append(Finding(ERROR, "homegym.E005", "REMEMBER_COOKIE_SECURE is off."))
    if not config.get("TRUSTED_HOSTS"):
        found.append(
            Finding(
                ERROR,
                "homegym.E006",
                "TRUSTED_HOSTS is not set: links in e-mails trust any Host header.",
            )
        )
    if not config.get("WTF_CSRF_ENABLED", True):
        found.append(Finding(ERROR, "homegym.E007", "WTF_CSRF_ENABLED is off."))
    if not config.get("HSTS_SECONDS"):
        found.append(
            Finding(
                WARNING,
                "homegym.W002",
                "HSTS_SECONDS is 0: browsers are not told to insist on HTTPS.",
            )
        )
    return found


def capacity_findings(config: Mapping) -> list[Finding]:
    """Check that shared state is shared when several workers serve."""
    found = upload_limit_findings(config.get("MAX_CONTENT_LENGTH"))
    workers = int(config.get("WEB_CONCURRENCY") or 1)
    if workers > 1 and str(config.get("RATELIMIT_STORAGE_URI", "")).startswith(
        "memory://"
    ):
        found.append(
            Finding(
                ERROR,
                "homegym.E009",
                f"RATELIMIT_STORAGE_URI is memory:// with {workers} workers: each "
                "worker counts quotas and login limits on its own; use redis://.",
            )
        )
    if workers > 1 and str(config.get("CACHE_TYPE", "")).lower() in PROCESS_CACHES:
        found.append(
            Finding(
                WARNING,
                "homegym.W007",
                f"CACHE_TYPE {config.get('CACHE_TYPE')} lives in each of the "
                f"{workers} workers; 'flask cache clear' cannot reach them.",
            )
        )
    return found


def quota_storage_findings(config: Mapping) -> list[Finding]:
    """Warn when one production worker keeps the coach quotas in its memory."""
    workers = int(config.get("WEB_CONCURRENCY") or 1)
    in_memory = str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://")
    if workers > 1 or not in_memory or config.get("HOMEGYM_ENV") != "production":
        return []  # several workers on memory:// are E009 already
    return [
        Finding(
            WARNING,
            "homegym.W008",
            "RATELIMIT_STORAGE_URI is memory://: every restart gives each user "
            "fresh coach quotas and login limits; use redis:// in production.",
        )
    ]


def environment_findings(config: Mapping) -> list[Finding]:
    """Check the environment name, logs, error reports and mail."""
    found = []
    if config.get("HOMEGYM_ENV") != "production":
        found.append(
            Finding(WARNING, "homegym.W001", "HOMEGYM_ENV is not 'production'.")
        )
    problem = log_dir_problem(config.get("LOG_DIR") or "logs")
    if problem:
        found.append(
            Finding(
                ERROR,
                "homegym.E013",
                f"LOG_DIR {config.get('LOG_DIR')} is not writable ({problem}); "
                "logs go to stderr.",
            )
        )
    if not config.get("SENTRY_DSN"):
        found.append(
            Finding(
                WARNING,
                "homegym.W005",
                "SENTRY_DSN is not set: errors are only in errors.log.",
            )
        )
    if str(config.get("MAIL_SERVER", "")).lower() in {"", "localhost", "127.0.0.1"}:
        found.append(
            Finding(
                WARNING,
                "homegym.W006",
                "MAIL_SERVER is localhost: password reset mails need a local MTA.",
            )
        )
    return found


def sql_mode_findings(sql_mode: str) -> list[Finding]:
    """Require strict mode so MariaDB refuses bad data instead of mangling it."""
    modes = {mode.strip().upper() for mode in sql_mode.split(",")}
    if modes & {"STRICT_TRANS_TABLES", "STRICT_ALL_TABLES"}:
        return []
    return [
        Finding(
            ERROR,
            "homegym.E012",
            "MariaDB is not in strict mode; add STRICT_TRANS_TABLES to sql_mode.",
        )
    ]


def database_findings(engine: Engine, migrations_dir: str) -> list[Finding]:
    """Check that the database answers, is migrated and is strict."""
    found = []
    if engine.dialect.name == "sqlite":
        found.append(
            Finding(
                WARNING,
                "homegym.W004",
                "The database is SQLite; production should use MariaDB.",
            )
        )
    try:
        with engine.connect() as connection:
            sql_mode = None
            if engine.dialect.name == "mysql":
                sql_mode = connection.scalar(text("SELECT @@SESSION.sql_mode"))
            state = safe_migration_state(connection, migrations_dir)
    except Exception as error:  # report any failure; never show the URL
        message = f"The database cannot be reached ({type(error).__name__})."
        return found + [Finding(ERROR, "homegym.E010", message)]

    if state != "ok":
        found.append(Finding(ERROR, "homegym.E011", MIGRATION_ADVICE[state]))
    if sql_mode is not None:
        found += sql_mode_findings(sql_mode or "")
    return found


def run_checks(config: Mapping, engine: Engine, migrations_dir: str) -> list[Finding]:
    """Run every deploy check, errors first."""
    found = (
        security_findings(config)
        + capacity_findings(config)
        + quota_storage_findings(config)
        + environment_findings(config)
        + database_findings(engine, migrations_dir)
    )
    return sorted(found, key=lambda finding: (finding.level != ERROR, finding.id))
