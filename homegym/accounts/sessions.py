"""Server-side login sessions, so that a signed cookie can still be revoked."""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import joinedload

from homegym import clock
from homegym.accounts.models import FailedLogin, LoginSession, User
from homegym.extensions import db

logger = logging.getLogger(__name__)

# Writing last_seen on every request would cost a write per page view.
LAST_SEEN_RESOLUTION = timedelta(minutes=5)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(
    user: User, *, remember: bool, user_agent: str = "", ip: str = ""
) -> LoginSession:
    """Create a login session for the user and attach it for ``login_user``."""
    token = secrets.token_urlsafe(32)
    now = clock.utcnow()
    if remember:
        lifetime = current_app.config["REMEMBER_COOKIE_DURATION"]
    else:
        lifetime = timedelta(hours=current_app.config["SESSION_HOURS"])
    login_session = LoginSession(
        user=user,
        token_hash=_digest(token),
        created_at=now,
        last_seen_at=now,
        expires_at=now + lifetime,
        remember=remember,
        user_agent=user_agent[:255],
        ip=ip[:45],
    )
    db.session.add(login_session)
    db.session.flush()
    login_session.cookie_value = f"{login_session.id}:{token}"
    user.current_session = login_session
    return login_session


# One query for both, built once: this runs on every signed-in request, and
# making a statement with its loader options costs more than running it.
SESSION_WITH_USER = (
    select(LoginSession)
    .where(LoginSession.id == bindparam("id"))
    .options(joinedload(LoginSession.user))
)


def load_session_user(cookie_value: str) -> User | None:
    """Return the active user behind a cookie value, or None if it is revoked."""
    session_id, _, token = cookie_value.partition(":")
    if not session_id.isdigit() or not token:
        return None
    login_session = db.session.scalar(SESSION_WITH_USER, {"id": int(session_id)})
    if login_session is None:
        return None
    if not hmac.compare_digest(login_session.token_hash, _digest(token)):
        return None
    now = clock.utcnow()
    if login_session.expires_at <= now or not login_session.user.active:
        return None
    if now - login_session.last_seen_at > LAST_SEEN_RESOLUTION:
        login_session.last_seen_at = now
        db.session.commit()
    login_session.cookie_value = cookie_value
    login_session.user.current_session = login_session
    return login_session.user


def revoke_sessions(user: User, *, keep: LoginSession | None = None) -> int:
    """End every login session of a user, except ``keep``; return how many."""
    statement = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep is not None:
        statement = statement.where(LoginSession.id != keep.id)
    count = db.session.execute(statement).rowcount
    db.session.commit()
    return count


def revoke_all_sessions() -> int:
    """End every login session of every user."""
    count = db.session.execute(delete(LoginSession)).rowcount
    db.session.commit()
    return count


def clear_expired_state() -> tuple[int, int]:
    """Delete expired login sessions and failed logins too old to lock anyone."""
    now = clock.utcnow()
    config = current_app.config
    horizon = timedelta(
        minutes=config["LOCKOUT_WINDOW_MINUTES"] + config["LOCKOUT_COOLOFF_MINUTES"]
    )
    sessions = db.session.execute(
        delete(LoginSession).where(LoginSession.expires_at <= now)
    ).rowcount
    failures = db.session.execute(
        delete(FailedLogin).where(FailedLogin.attempted_at < now - horizon)
    ).rowcount
    db.session.commit()
    return sessions, failures


BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_device(user_agent: str) -> str:
    """Name a browser the way its owner would, e.g. 'Firefox on Android'."""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in SYSTEMS if mark in user_agent), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system


def active_sessions(user: User) -> list[LoginSession]:
    """List the user's unexpired sessions, newest first."""
    return list(
        db.session.scalars(
            select(LoginSession)
            .where(LoginSession.user_id == user.id)
            .where(LoginSession.expires_at > clock.utcnow())
            .order_by(LoginSession.last_seen_at.desc())
        )
    )
