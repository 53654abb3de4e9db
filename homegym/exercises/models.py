"""Exercises: the bundled library and the ones a user adds."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from homegym import clock
from homegym.extensions import db
from homegym.ids import ClientIdMixin

MECHANICS = ("compound", "isolation")
LOADS = ("external", "bodyweight")


class Exercise(ClientIdMixin, db.Model):
    """A movement. Bundled ones have a ``key`` and no owner and are read-only."""

    __tablename__ = "exercises"
    __table_args__ = (
        UniqueConstraint("user_id", "uuid"),
        Index("ix_exercises_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(80), unique=True, default=None)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), default=None
    )
    name_en: Mapped[str] = mapped_column(String(120))
    name_de: Mapped[str] = mapped_column(String(120))
    # Muscle and equipment keys, see homegym.exercises.vocabulary.
    primary_muscles: Mapped[list] = mapped_column(JSON, default=list)
    secondary_muscles: Mapped[list] = mapped_column(JSON, default=list)
    equipment: Mapped[list] = mapped_column(JSON, default=list)
    mechanic: Mapped[str] = mapped_column(String(10), default="compound")
    load: Mapped[str] = mapped_column(String(10), default="external")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    @property
    def bundled(self) -> bool:
        """Bundled exercises belong to everyone and nobody may change them."""
        return self.user_id is None

    def name(self, locale: str) -> str:
        """Return the name in the given language (German or English)."""
        return self.name_de if str(locale).startswith("de") else self.name_en

    def usable_with(self, equipment: dict) -> bool:
        """Tell whether a home gym with ``equipment`` has all this one needs."""
        return all(equipment.get(flag) for flag in self.equipment)
