"""One source of the current time, so tests can move it, and the user's zone."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def utcnow() -> datetime:
    """Return the current UTC time as a naive datetime, as the database stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone(name: str | None) -> ZoneInfo:
    """The time zone of that name; UTC when it is empty or unknown to this host."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    """Turn a stored (naive UTC) time into the naive local time of ``tz``."""
    return moment.replace(tzinfo=UTC).astimezone(tz).replace(tzinfo=None)


def utc_start_of(day: date, tz: ZoneInfo) -> datetime:
    """The stored (naive UTC) time at which the local ``day`` begins in ``tz``."""
    return datetime.combine(day, time.min, tz).astimezone(UTC).replace(tzinfo=None)
