"""Body weight and tape measurements by date: one entry per user and day.

Weights are stored in kilograms, lengths in centimetres; users who weigh in
pounds measure in inches, so both follow the user's ``units``. Functions
flush; the caller commits.
"""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select

from homegym.extensions import db
from homegym.ids import made_with, new_uuid, parse_uuid
from homegym.progress.models import LENGTH_FIELDS, BodyMetric
from homegym.units import SHOW_PLACES, STORE_PLACES, show_number

logger = logging.getLogger(__name__)

CM_PER_INCH = Decimal("2.54")
VALUE_FIELDS = ("weight_kg", *LENGTH_FIELDS, "body_fat_pct")
MOVING_ENTRIES = 7


def length_unit(units: str) -> str:
    """Inches for those who weigh in pounds, centimetres for everyone else."""
    return "in" if units == "lb" else "cm"


def to_cm(value, units: str) -> Decimal:
    """Convert a length entered in the user's unit to centimetres for storage."""
    amount = Decimal(str(value))
    if length_unit(units) == "in":
        amount *= CM_PER_INCH
    return amount.quantize(STORE_PLACES, rounding=ROUND_HALF_UP)


def from_cm(value, units: str) -> Decimal:
    """Convert stored centimetres to the user's unit, rounded for display."""
    amount = Decimal(str(value))
    if length_unit(units) == "in":
        amount /= CM_PER_INCH
    shown = amount.quantize(SHOW_PLACES, rounding=ROUND_HALF_UP).normalize()
    return Decimal(f"{shown:f}")


def format_length(value, units: str) -> str:
    if value is None:
        return ""
    return f"{show_number(from_cm(value, units))} {length_unit(units)}"


class DateTaken(ValueError):
    """Another entry of the user already holds that date."""


def user_metrics(user_id: int, limit: int | None = None) -> list[BodyMetric]:
    """The user's entries, newest first; the latest ``limit`` of them if given."""
    return list(
        db.session.scalars(
            select(BodyMetric)
            .where(BodyMetric.user_id == user_id)
            .order_by(BodyMetric.measured_on.desc())
            .limit(limit)
        )
    )


def metric_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(BodyMetric.id)).where(BodyMetric.user_id == user_id)
    )


def metric_on(user_id: int, day: date) -> BodyMetric | None:
    return db.session.scalar(
        select(BodyMetric).where(
            BodyMetric.user_id == user_id, BodyMetric.measured_on == day
        )
    )


def save_metric(
    user_id: int, day: date, values: dict, uuid: str | None = None
) -> tuple[BodyMetric, bool]:
    """Record the day's values; returns the entry and whether it is new.

    A replayed uuid changes nothing. When the day already has an entry, the
    values given fill it in and the ones left empty keep what it had, so the
    morning's weight and the evening's tape both land on the same day.
    """
    uuid = parse_uuid(uuid)
    replayed = made_with(BodyMetric, user_id, uuid)
    if replayed is not None:
        return replayed, False

    existing = metric_on(user_id, day)
    if existing is not None:
        for name in VALUE_FIELDS:
            if values.get(name) is not None:
                setattr(existing, name, values[name])
        db.session.flush()
        logger.info("body metric %s filled in by user %s", existing.id, user_id)
        return existing, False

    metric = BodyMetric(
        user_id=user_id,
        uuid=uuid or new_uuid(),
        measured_on=day,
        **{name: values.get(name) for name in VALUE_FIELDS},
    )
    db.session.add(metric)
    db.session.flush()
    logger.info("body metric %s added by user %s", metric.id, user_id)
    return metric, True


def update_metric(metric: BodyMetric, day: date, values: dict) -> None:
    """Replace the entry's date and values; an empty value clears it."""
    if day != metric.measured_on:
        other = metric_on(metric.user_id, day)
        if other is not None and other.id != metric.id:
            raise DateTaken(day)
    metric.measured_on = day
    for name in VALUE_FIELDS:
        setattr(metric, name, values.get(name))
    db.session.flush()
    logger.info("body metric %s changed by user %s", metric.id, metric.user_id)


def delete_metric(metric: BodyMetric) -> None:
    db.session.delete(metric)
    db.session.flush()
    logger.info("body metric %s deleted by user %s", metric.id, metric.user_id)


@dataclass(frozen=True)
class WeightPoint:
    """A weigh-in and the mean of it and up to six weigh-ins before it."""

    day: date
    weight_kg: Decimal
    average_kg: Decimal


def weight_trend(user_id: int, since: date | None = None) -> list[WeightPoint]:
    """Body weights oldest first, each with its trailing 7-entry average.

    The average is taken over all weigh-ins, so the first points after
    ``since`` still average the entries before it. Early on, with fewer than
    seven entries, it averages those there are.
    """
    rows = db.session.execute(
        select(BodyMetric.measured_on, BodyMetric.weight_kg)
        .where(BodyMetric.user_id == user_id, BodyMetric.weight_kg.is_not(None))
        .order_by(BodyMetric.measured_on)
    ).all()
    points, window = [], []
    for day, weight in rows:
        weight = Decimal(str(weight)).quantize(STORE_PLACES)
        window = [*window, weight][-MOVING_ENTRIES:]
        average = (sum(window) / len(window)).quantize(STORE_PLACES)
        if since is None or day >= since:
            points.append(WeightPoint(day, weight, average))
    return points
