"""Accounts: users, their login sessions and the failed logins that lock them out."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from homegym import clock
from homegym.extensions import db

DEFAULT_EQUIPMENT: dict = {
    "barbell": False,
    "rack": False,
    "bench": False,
    "dumbbells": False,
    "kettlebells": False,
    "pullup_bar": False,
    "bands": False,
    "cable": False,
    "machines": False,
    "bodyweight": True,
    "bar_weight": "20",
    "plates": ["25", "20", "15", "10", "5", "2.5", "1.25"],
    "dumbbell_min": "2",
    "dumbbell_max": "24",
    "dumbbell_step": "2",
    "kettlebell_weights": [],
}


class User(UserMixin, db.Model):
    """A lifter with an account; identified by e-mail address."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    language: Mapped[str | None] = mapped_column(String(5), default=None)
    units: Mapped[str] = mapped_column(String(2), default="kg")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    equipment: Mapped[dict] = mapped_column(
        JSON, default=lambda: dict(DEFAULT_EQUIPMENT)
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    sessions: Mapped[list["LoginSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    # The login session this request authenticated with; set by the user loader.
    current_session = None

    @property
    def is_active(self) -> bool:
        """Deactivated users cannot log in and their cookies stop working."""
        return self.active

    def get_id(self) -> str:
        """Identify the login session, not the user, so it can be revoked."""
        if self.current_session is None:
            raise RuntimeError("get_id needs a login session; use start_session")
        return self.current_session.cookie_value

    def equipment_settings(self) -> dict:
        """Return the equipment with defaults filled in for keys added later."""
        return {**DEFAULT_EQUIPMENT, **(self.equipment or {})}


class LoginSession(db.Model):
    """One signed-in browser; the cookie carries its id and a secret token."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    remember: Mapped[bool] = mapped_column(Boolean, default=False)
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    ip: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship(back_populates="sessions")

    # "<id>:<token>" as the cookie holds it; set on creation and by the loader.
    cookie_value = ""


class FailedLogin(db.Model):
    """A failed login attempt; never holds the password that was tried."""

    __tablename__ = "failed_logins"
    __table_args__ = (Index("ix_failed_logins_pair", "username", "ip", "attempted_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(45))
    user_agent: Mapped[str] = mapped_column(String(255), default="")
    attempted_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
