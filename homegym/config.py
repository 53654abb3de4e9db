"""Configuration read from the environment, safe by default only for development."""

import os
from datetime import timedelta

TRUE_WORDS = {"1", "true", "yes", "on"}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean setting; any of 1/true/yes/on counts as true."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    """Read an integer setting, falling back to the default when unset."""
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str) -> list[str] | None:
    """Read a comma-separated list; None when unset so Flask keeps its default."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    return [item.strip() for item in value.split(",") if item.strip()]


def default_sqlite_url(instance_path: str) -> str:
    """Point at the embedded SQLite database in the instance folder."""
    return "sqlite:///" + os.path.join(instance_path, "homegym.sqlite3")


def engine_options(url: str) -> dict:
    """Return engine options suited to the database behind the URL."""
    if url.startswith("mysql"):
        return {
            "pool_pre_ping": True,
            "pool_recycle": 280,
            "connect_args": {"charset": "utf8mb4"},
        }
    return {}


# Seconds to wait for Redis before a request gives up on it: a Redis that is
# gone must cost a request a moment, not a worker's whole timeout.
REDIS_TIMEOUT_SECONDS = 2


def ratelimit_storage_options(uri: str) -> dict:
    """Return storage options suited to the rate-limit storage behind the URI."""
    if uri.startswith(("redis://", "rediss://")):
        return {
            "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
            "socket_timeout": REDIS_TIMEOUT_SECONDS,
        }
    return {}


def load_config(instance_path: str) -> dict:
    """Build the settings mapping from the environment at app creation time."""
    production = os.environ.get("HOMEGYM_ENV", "development") == "production"
    database_url = os.environ.get("DATABASE_URL") or default_sqlite_url(instance_path)
    ratelimit_uri = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    log_dir = os.environ.get("LOG_DIR") or os.path.join(
        os.path.dirname(instance_path), "logs"
    )
    return {
        "HOMEGYM_ENV": "production" if production else "development",
        "DEBUG": env_bool("DEBUG", False),
        "SECRET_KEY": os.environ.get("SECRET_KEY", "dev-only-insecure-secret-key"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(database_url),
        "MAX_CONTENT_LENGTH": env_int("MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        "TRUSTED_HOSTS": env_list("TRUSTED_HOSTS"),
        "PROXY_FIX_HOPS": env_int("PROXY_FIX_HOPS", 0),
        # Cookies
        "SESSION_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": env_bool("SESSION_COOKIE_SECURE", production),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_DURATION": timedelta(days=env_int("REMEMBER_DAYS", 14)),
        "SESSION_HOURS": env_int("SESSION_HOURS", 24),
        "HSTS_SECONDS": env_int("HSTS_SECONDS", 31536000 if production else 0),
        # Passwords and lockout
        "PASSWORD_MIN_LENGTH": env_int("PASSWORD_MIN_LENGTH", 10),
        "PASSWORD_HASH_METHOD": os.environ.get("PASSWORD_HASH_METHOD", "scrypt"),
        "LOCKOUT_FAILURE_LIMIT": env_int("LOCKOUT_FAILURE_LIMIT", 5),
        "LOCKOUT_WINDOW_MINUTES": env_int("LOCKOUT_WINDOW_MINUTES", 15),
        "LOCKOUT_COOLOFF_MINUTES": env_int("LOCKOUT_COOLOFF_MINUTES", 15),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "30 per minute"),
        "PASSWORD_RESET_MAX_AGE": env_int("PASSWORD_RESET_MAX_AGE", 3600),
        # CSRF
        "WTF_CSRF_ENABLED": env_bool("WTF_CSRF_ENABLED", True),
        "WTF_CSRF_TIME_LIMIT": None,
        # Rate limiting and cache
        "RATELIMIT_STORAGE_URI": ratelimit_uri,
        "RATELIMIT_STORAGE_OPTIONS": ratelimit_storage_options(ratelimit_uri),
        # Redis gone: login limits count in each worker's memory until it is
        # back (the lockout lives in the database and holds regardless); the
        # coach's quotas never do, it answers "unavailable" instead.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_ENABLED": env_bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,
        "WEB_CONCURRENCY": env_int("WEB_CONCURRENCY", 2),
        "CACHE_TYPE": os.environ.get("CACHE_TYPE", "SimpleCache"),
        "CACHE_REDIS_URL": os.environ.get("CACHE_REDIS_URL", ""),
        "CACHE_DEFAULT_TIMEOUT": env_int("CACHE_DEFAULT_TIMEOUT", 300),
        # Mail
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": env_int("MAIL_PORT", 25),
        "MAIL_USE_TLS": env_bool("MAIL_USE_TLS", False),
        "MAIL_USE_SSL": env_bool("MAIL_USE_SSL", False),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD") or None,
        "MAIL_DEFAULT_SENDER": os.environ.get(
            "MAIL_DEFAULT_SENDER", "HomeGym <homegym@localhost>"
        ),
        "MAIL_SUPPRESS_SEND": env_bool("MAIL_SUPPRESS_SEND", False),
        # Internationalisation
        "BABEL_DEFAULT_LOCALE": "en",
        "BABEL_DEFAULT_TIMEZONE": "UTC",
        "LANGUAGES": ["en", "de"],
        # Operations
        "DEBUG_MAINTENANCE": env_bool("DEBUG_MAINTENANCE", False),
        "MAINTENANCE_RETRY_AFTER": env_int("MAINTENANCE_RETRY_AFTER", 300),
        "LOG_DIR": log_dir,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        "SENTRY_DSN": os.environ.get("SENTRY_DSN", ""),
        "SENTRY_ENVIRONMENT": os.environ.get("SENTRY_ENVIRONMENT", ""),
        "SENTRY_TRACES_SAMPLE_RATE": float(
            os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")
        ),
        # Progress: where photo files live (never under static) and upload limits
        "UPLOAD_DIR": os.environ.get("UPLOAD_DIR")
        or os.path.join(instance_path, "uploads"),
        "PHOTO_MAX_BYTES": env_int("PHOTO_MAX_BYTES", 12 * 1024 * 1024),
        "PHOTO_MAX_PIXELS": env_int("PHOTO_MAX_PIXELS", 50_000_000),
        "PHOTO_UPLOAD_RATE_LIMIT": os.environ.get(
            "PHOTO_UPLOAD_RATE_LIMIT", "30 per hour"
        ),
        # Imports: largest Hevy or Strong export accepted, refused before it is read
        "IMPORT_MAX_BYTES": env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024),
        # Coach: provider (builtin or openai), model endpoint, daily quotas, flags
        "AI_PROVIDER": os.environ.get("AI_PROVIDER", "builtin"),
        "AI_BASE_URL": os.environ.get("AI_BASE_URL", ""),
        "AI_API_KEY": os.environ.get("AI_API_KEY", ""),
        "AI_MODEL": os.environ.get("AI_MODEL", ""),
        "AI_TIMEOUT": env_int("AI_TIMEOUT", 30),
        "COACH_PLAN_LIMIT": env_int("COACH_PLAN_LIMIT", 3),
        "COACH_GUIDANCE_LIMIT": env_int("COACH_GUIDANCE_LIMIT", 50),
        "COACH_ANALYSIS_LIMIT": env_int("COACH_ANALYSIS_LIMIT", 10),
        "COACH_PLAN_ENABLED": env_bool("COACH_PLAN_ENABLED", True),
        "COACH_GUIDANCE_ENABLED": env_bool("COACH_GUIDANCE_ENABLED", True),
        "COACH_ANALYSIS_ENABLED": env_bool("COACH_ANALYSIS_ENABLED", True),
    }
