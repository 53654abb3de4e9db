"""One source of the current time, so tests can move it."""

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)
