"""The training-sources catalogue: one row per study, position stand or convention."""

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from homegym import clock
from homegym.extensions import db

# What kind of evidence an entry is; a convention is a formula's origin, not proof.
KINDS = ("trial", "review", "position_stand", "guideline", "consensus", "convention")


class TrainingSource(db.Model):
    """A cited work with what it supports, in both languages; keyed for citing."""

    __tablename__ = "training_sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    citation: Mapped[str] = mapped_column(Text)
    doi: Mapped[str | None] = mapped_column(String(100), default=None)
    supports_en: Mapped[str] = mapped_column(Text)
    supports_de: Mapped[str] = mapped_column(Text)
    caution_en: Mapped[str] = mapped_column(Text, default="")
    caution_de: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=clock.utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, default=clock.utcnow, onupdate=clock.utcnow
    )

    def supports(self, locale) -> str:
        """Say what the work supports, in German or English."""
        return self.supports_de if str(locale).startswith("de") else self.supports_en

    def caution(self, locale) -> str:
        """Say what to keep in mind about the entry (may be empty)."""
        return self.caution_de if str(locale).startswith("de") else self.caution_en

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None
