"""Every coach request, kept for the operator: who, what, which model, outcome."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from homegym import clock
from homegym.extensions import db

FEATURES = ("plan", "guidance", "analysis")
# ok: answered; failed: the provider broke; rejected: its answer did not pass
# the schema; over_quota and disabled: refused before any provider was asked.
OUTCOMES = ("ok", "failed", "rejected", "over_quota", "disabled")


class CoachRequest(db.Model):
    """One coach call and how it went; the answer is kept to show it again."""

    __tablename__ = "coach_requests"
    __table_args__ = (
        Index("ix_coach_requests_user_started", "user_id", "started_at"),
        Index("ix_coach_requests_started", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    feature: Mapped[str] = mapped_column(String(20))
    provider: Mapped[str] = mapped_column(String(20))
    model: Mapped[str] = mapped_column(String(100), default="")
    started_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str] = mapped_column(String(20))
    prompt_tokens: Mapped[int | None] = mapped_column(Integer, default=None)
    completion_tokens: Mapped[int | None] = mapped_column(Integer, default=None)
    # A short reason for a failure or rejection; never the prompt or a key.
    message: Mapped[str] = mapped_column(String(255), default="")
    result: Mapped[dict | None] = mapped_column(JSON, default=None)
    # The plan a plan request made; it may be deleted later.
    plan_id: Mapped[int | None] = mapped_column(
        ForeignKey("plans.id", ondelete="SET NULL"), default=None, index=True
    )
