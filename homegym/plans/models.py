"""Plans: days in order, each with its planned exercises in order."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import ClientIdMixin


class Plan(ClientIdMixin, db.Model):
    """A routine of days; a user has at most one active plan."""

    __tablename__ = "plans"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_plans_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    days: Mapped[list["PlanDay"]] = relationship(
        back_populates="plan",
        order_by="PlanDay.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class PlanDay(ClientIdMixin, db.Model):
    """One training day of a plan, e.g. "Upper A"."""

    __tablename__ = "plan_days"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("plans.id", ondelete="CASCADE"), index=True
    )
    # The plan's owner, so a replayed client uuid is found without a join.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(120))
    notes: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="days")
    exercises: Mapped[list["PlannedExercise"]] = relationship(
        back_populates="day",
        order_by="PlannedExercise.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class PlannedExercise(ClientIdMixin, db.Model):
    """The target for one exercise on a plan day: sets, rep range, RPE, rest."""

    __tablename__ = "planned_exercises"
    __table_args__ = (UniqueConstraint("user_id", "uuid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day_id: Mapped[int] = mapped_column(
        ForeignKey("plan_days.id", ondelete="CASCADE"), index=True
    )
    # The plan's owner, so a replayed client uuid is found without a join.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # A used exercise cannot be deleted; nothing planned or logged goes missing.
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    sets: Mapped[int] = mapped_column(Integer, default=3)
    reps_min: Mapped[int] = mapped_column(Integer, default=8)
    reps_max: Mapped[int] = mapped_column(Integer, default=12)
    target_rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1), default=None)
    rest_seconds: Mapped[int] = mapped_column(Integer, default=120)
    # Exercises of a day that share a group letter are done as a superset.
    superset_group: Mapped[str | None] = mapped_column(String(8), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    day: Mapped[PlanDay] = relationship(back_populates="exercises")
    exercise: Mapped[Exercise] = relationship()
