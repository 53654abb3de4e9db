"""Body metrics by date and progress photos; weights in kg, lengths in cm."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from homegym import clock
from homegym.extensions import db
from homegym.ids import ClientIdMixin

WEIGHT = Numeric(10, 4)
# Inches with two decimals become centimetres with four, exactly.
LENGTH = Numeric(8, 4)
LENGTH_FIELDS = ("waist_cm", "chest_cm", "arms_cm", "thighs_cm", "hips_cm")
POSES = ("front", "side", "back")


class BodyMetric(ClientIdMixin, db.Model):
    """What the scale and the tape said on one day; every value is optional."""

    __tablename__ = "body_metrics"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid", name="uq_body_metrics_user_uuid"),
        # One entry per day: a second one the same day fills in the first.
        UniqueConstraint("user_id", "measured_on", name="uq_body_metrics_user_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    measured_on: Mapped[date] = mapped_column(Date)
    weight_kg: Mapped[Decimal | None] = mapped_column(WEIGHT, default=None)
    waist_cm: Mapped[Decimal | None] = mapped_column(LENGTH, default=None)
    chest_cm: Mapped[Decimal | None] = mapped_column(LENGTH, default=None)
    arms_cm: Mapped[Decimal | None] = mapped_column(LENGTH, default=None)
    thighs_cm: Mapped[Decimal | None] = mapped_column(LENGTH, default=None)
    hips_cm: Mapped[Decimal | None] = mapped_column(LENGTH, default=None)
    body_fat_pct: Mapped[Decimal | None] = mapped_column(Numeric(4, 1), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )


class ProgressPhoto(ClientIdMixin, db.Model):
    """A photo re-encoded by the server; the files live in storage, not here."""

    __tablename__ = "progress_photos"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid", name="uq_progress_photos_user_uuid"),
        Index("ix_progress_photos_user_taken", "user_id", "taken_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    taken_on: Mapped[date] = mapped_column(Date)
    pose: Mapped[str] = mapped_column(String(5), default="front")
    note: Mapped[str] = mapped_column(Text, default="")
    # Storage keys made by the server; nothing of the uploaded name survives.
    image_key: Mapped[str] = mapped_column(String(128), unique=True)
    thumb_key: Mapped[str] = mapped_column(String(128), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    byte_size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
