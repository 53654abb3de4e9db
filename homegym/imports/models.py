"""Import batches (one uploaded file each) and the set measures HomeGym's sets lack.

A batch is made when a file passes its preview and lives on as the record of
what the import did. The file itself waits in the instance folder until the
import has run (see storage.py).
"""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column

from homegym import clock
from homegym.extensions import db

SOURCES = ("hevy", "strong")
# preview: waiting for the user to confirm; queued/running: being written;
# done: written; failed: nothing written (see ``error``).
STATUSES = ("preview", "queued", "running", "done", "failed")


class ImportBatch(db.Model):
    """One uploaded export: what its preview found and what the import did."""

    __tablename__ = "import_batches"
    __table_args__ = (Index("ix_import_batches_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    # Random, unguessable; names the waiting file and the page of this import.
    token: Mapped[str] = mapped_column(String(32), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str] = mapped_column(String(255), default="")
    # Weight unit of the file; empty until the user answers for a Strong file.
    unit: Mapped[str | None] = mapped_column(String(2), default=None)
    status: Mapped[str] = mapped_column(String(10), default="preview")
    # What the preview found: counts, date range, exercise names and matches.
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    # Confirmed choices: exercise name -> exercise id, or None for a new one.
    mapping: Mapped[dict | None] = mapped_column(JSON, default=None)
    workouts_created: Mapped[int] = mapped_column(Integer, default=0)
    workouts_skipped: Mapped[int] = mapped_column(Integer, default=0)
    sets_created: Mapped[int] = mapped_column(Integer, default=0)
    exercises_created: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(40), default=None)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)

    @property
    def working(self) -> bool:
        return self.status in ("queued", "running")


class SetMeasure(db.Model):
    """Distance and duration of a set (cardio, carries, holds), kept beside it.

    HomeGym's sets hold weight and reps; imported sets may carry distance and
    time too, and nothing of an import may be lost.
    """

    __tablename__ = "set_measures"

    set_id: Mapped[int] = mapped_column(
        ForeignKey("sets.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # Metres, exact: a mile is 1609.344 m.
    distance_m: Mapped[Decimal | None] = mapped_column(Numeric(12, 3), default=None)
    duration_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
