"""Lock out a username and address pair after repeated failed logins."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from homegym import clock
from homegym.accounts.models import FailedLogin
from homegym.extensions import db

audit = logging.getLogger("homegym.audit")


@dataclass(frozen=True)
class Lockout:
    """A locked username and address pair and when it opens again."""

    username: str
    ip: str
    failures: int
    locked_until: datetime

    def retry_after(self) -> int:
        """Seconds until the pair may try again, at least one."""
        remaining = (self.locked_until - clock.utcnow()).total_seconds()
        return max(1, int(remaining + 0.999))


def normalize_username(username: str) -> str:
    """Fold case and surrounding space, as e-mail addresses are compared."""
    return username.strip().lower()[:254]


def _limits() -> tuple[int, timedelta, timedelta]:
    config = current_app.config
    return (
        config["LOCKOUT_FAILURE_LIMIT"],
        timedelta(minutes=config["LOCKOUT_WINDOW_MINUTES"]),
        timedelta(minutes=config["LOCKOUT_COOLOFF_MINUTES"]),
    )


def current_lockout(username: str, ip: str) -> Lockout | None:
    """Return the pair's lockout if its last ``limit`` failures fell in the window."""
    limit, window, cooloff = _limits()
    username = normalize_username(username)
    recent = list(
        db.session.scalars(
            select(FailedLogin.attempted_at)
            .where(FailedLogin.username == username, FailedLogin.ip == ip)
            .order_by(FailedLogin.attempted_at.desc())
            .limit(limit)
        )
    )
    if len(recent) < limit or recent[0] - recent[-1] > window:
        return None
    locked_until = recent[0] + cooloff
    if locked_until <= clock.utcnow():
        return None
    return Lockout(username, ip, len(recent), locked_until)


def record_failure(username: str, ip: str, user_agent: str) -> Lockout | None:
    """Store a failed attempt; return the lockout it caused, if any."""
    username = normalize_username(username)
    db.session.add(
        FailedLogin(
            username=username,
            ip=ip[:45],
            user_agent=user_agent[:255],
            attempted_at=clock.utcnow(),
        )
    )
    db.session.commit()
    lockout = current_lockout(username, ip)
    if lockout is not None:
        audit.warning(
            "lockout user=%s ip=%s until=%s", username, ip, lockout.locked_until
        )
    return lockout


def clear_failures(username: str | None = None, ip: str | None = None) -> int:
    """Forget failures for a user, an address, both, or everyone; return how many."""
    statement = delete(FailedLogin)
    if username:
        statement = statement.where(
            FailedLogin.username == normalize_username(username)
        )
    if ip:
        statement = statement.where(FailedLogin.ip == ip)
    count = db.session.execute(statement).rowcount
    db.session.commit()
    return count


def list_lockouts() -> list[Lockout]:
    """Return every pair locked right now."""
    limit, window, cooloff = _limits()
    since = clock.utcnow() - window - cooloff
    pairs = db.session.execute(
        select(FailedLogin.username, FailedLogin.ip)
        .where(FailedLogin.attempted_at >= since)
        .group_by(FailedLogin.username, FailedLogin.ip)
        .having(func.count() >= limit)
    ).all()
    found = (current_lockout(username, ip) for username, ip in pairs)
    return sorted((lock for lock in found if lock), key=lambda lock: lock.locked_until)
