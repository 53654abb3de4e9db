"""Workouts: what was actually done, exercise by exercise and set by set.

Targets (from the plan or from last time) sit beside the actual values, so a
set shows what was planned and what was lifted.
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from homegym import clock
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import ClientIdMixin

SET_KINDS = ("warmup", "normal", "drop", "failure")
WEIGHT = Numeric(10, 4)


class Workout(ClientIdMixin, db.Model):
    """One training session; unfinished while ``finished_at`` is empty."""

    __tablename__ = "workouts"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        UniqueConstraint("user_id", "import_key", name="uq_workouts_import_key"),
        Index("ix_workouts_user_started", "user_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    plan_day_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_days.id", ondelete="SET NULL"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The app an imported workout came from ("hevy", "strong"); empty if logged here.
    source: Mapped[str | None] = mapped_column(String(16), default=None)
    # An imported workout's name in its file (see imports.dedup):
    # unique, so the same workout is never imported twice, even by two at once.
    import_key: Mapped[str | None] = mapped_column(String(64), default=None)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    # The owner's id while the workout is open, else empty (kept so on every
    # save, below). Being unique, the database refuses a second open workout.
    open_user_id: Mapped[int | None] = mapped_column(Integer, unique=True, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    exercises: Mapped[list["PerformedExercise"]] = relationship(
        back_populates="workout",
        order_by="PerformedExercise.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


class PerformedExercise(ClientIdMixin, db.Model):
    """One exercise within a workout, with the plan's targets copied in."""

    __tablename__ = "performed_exercises"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_performed_exercises_user_exercise", "user_id", "exercise_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workout_id: Mapped[int] = mapped_column(
        ForeignKey("workouts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    superset_group: Mapped[str | None] = mapped_column(String(8), default=None)
    rest_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    target_reps_min: Mapped[int | None] = mapped_column(Integer, default=None)
    target_reps_max: Mapped[int | None] = mapped_column(Integer, default=None)
    target_rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    workout: Mapped[Workout] = relationship(back_populates="exercises")
    exercise: Mapped[Exercise] = relationship()
    sets: Mapped[list["WorkoutSet"]] = relationship(
        back_populates="performed_exercise",
        order_by="WorkoutSet.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class WorkoutSet(ClientIdMixin, db.Model):
    """One set: target and actual weight (kg) and reps, RPE, kind, done or not."""

    __tablename__ = "sets"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        # Covers what records and totals read, so they never touch the rows.
        Index(
            "ix_sets_performed_exercise_done",
            "performed_exercise_id",
            "completed_at",
            "kind",
            "reps",
            "weight_kg",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    performed_exercise_id: Mapped[int] = mapped_column(
        ForeignKey("performed_exercises.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(10), default="normal")
    weight_kg: Mapped[Decimal | None] = mapped_column(WEIGHT, default=None)
    reps: Mapped[int | None] = mapped_column(Integer, default=None)
    rpe: Mapped[Decimal | None] = mapped_column(Numeric(3, 1), default=None)
    target_weight_kg: Mapped[Decimal | None] = mapped_column(WEIGHT, default=None)
    target_reps: Mapped[int | None] = mapped_column(Integer, default=None)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    performed_exercise: Mapped[PerformedExercise] = relationship(back_populates="sets")

    @property
    def completed(self) -> bool:
        return self.completed_at is not None


@event.listens_for(Workout, "before_insert")
@event.listens_for(Workout, "before_update")
def keep_open_marker(_mapper, _connection, workout: Workout) -> None:
    """Hold the owner's id in ``open_user_id`` exactly while unfinished."""
    workout.open_user_id = None if workout.finished_at else workout.user_id


class SyncChange(db.Model):
    """A change from a phone's outbox that the server applied, kept by its id.

    Creates are recognised by the uuid of what they make; edits and deletes
    have no row of their own to carry one, so every applied change is noted
    here and a replay of it is answered without doing it again.
    """

    __tablename__ = "sync_changes"
    __table_args__ = (UniqueConstraint("user_id", "change_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    change_id: Mapped[str] = mapped_column(String(36))
    op: Mapped[str] = mapped_column(String(32))
    applied_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
