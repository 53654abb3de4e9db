"""Stored rows as plain JSON values, for the export document.

Each part of the document copies the columns ``FIELDS`` names and nothing
else, so a secret column (a password hash, a token, a storage key) stays
out unless someone lists it here. Times become ISO 8601 in UTC, dates ISO
dates, decimals exact strings.
"""

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Select, select

from homegym.accounts.models import User
from homegym.exercises.library import visible_to
from homegym.exercises.models import Exercise
from homegym.extensions import db

PAGE = 1000
# The columns each part of the document copies: all that leaves each table.
FIELDS = {
    "account": "email language units timezone active created_at last_login_at",
    "exercise": "uuid name_en name_de primary_muscles secondary_muscles equipment"
    " mechanic load created_at updated_at",
    "plan": "uuid name notes active created_at updated_at",
    "plan_day": "uuid position name notes",
    "planned": "uuid position sets reps_min reps_max target_rpe rest_seconds"
    " superset_group notes",
    "workout": "uuid name notes source import_key started_at finished_at created_at"
    " updated_at",
    "performed": "uuid position superset_group rest_seconds target_reps_min"
    " target_reps_max target_rpe notes",
    "set": "uuid position kind weight_kg reps rpe target_weight_kg target_reps"
    " completed_at created_at updated_at",
    "measure": "distance_m duration_seconds",
    "body_metric": "uuid measured_on weight_kg waist_cm chest_cm arms_cm thighs_cm"
    " hips_cm body_fat_pct created_at updated_at",
    "photo": "uuid taken_on pose note width height byte_size created_at",
    "coach_request": "feature provider model started_at duration_ms outcome"
    " prompt_tokens completion_tokens message",
    "import_batch": "source filename unit status workouts_created workouts_skipped"
    " sets_created exercises_created error created_at started_at finished_at",
    "login_session": "created_at last_seen_at expires_at remember user_agent ip",
    "failed_login": "attempted_at ip user_agent",
    "sync_change": "change_id op applied_at",
}


def iso(moment: datetime | None) -> str | None:
    """Write a stored (naive UTC) time as ISO 8601 with its zone: ``...Z``."""
    return None if moment is None else moment.isoformat(timespec="seconds") + "Z"


def day(value: date | None) -> str | None:
    """Write a date as ``2026-03-02``."""
    return None if value is None else value.isoformat()


def number(value: Decimal | None) -> str | None:
    """Write a decimal exactly, as a string without trailing zeros."""
    return None if value is None else f"{value.normalize():f}"


def columns(row, part: str) -> dict:
    """Copy the columns of a row that ``part`` names; times, dates, decimals as text."""
    found = {}
    for name in FIELDS[part].split():
        value = getattr(row, name)
        if isinstance(value, datetime):
            value = iso(value)
        elif isinstance(value, date):
            value = day(value)
        elif isinstance(value, Decimal):
            value = number(value)
        found[name] = value
    return found


def paged(statement: Select, id_column) -> Iterator:
    """Yield the rows of ``statement`` by id, a page per query."""
    last = None
    while True:
        page = statement.order_by(id_column).limit(PAGE)
        if last is not None:
            page = page.where(id_column > last)
        rows = db.session.execute(page).all()
        yield from rows
        if len(rows) < PAGE:
            return
        last = rows[-1].id


class ExerciseRefs:
    """Name exercises across servers: library key, or the uuid of the user's own."""

    def __init__(self, user: User):
        language = user.language or "en"
        rows = db.session.execute(
            select(
                Exercise.id,
                Exercise.key,
                Exercise.uuid,
                Exercise.user_id,
                Exercise.name_en,
                Exercise.name_de,
            ).where(visible_to(user.id))
        )
        self.refs = {}
        for row in rows:
            name = row.name_de if language.startswith("de") else row.name_en
            if row.user_id is None:
                self.refs[row.id] = {"key": row.key, "name": name}
            else:
                self.refs[row.id] = {"uuid": row.uuid, "name": name}

    def __call__(self, exercise_id) -> dict | None:
        """The reference of an exercise id, or None for one the user cannot see."""
        return self.refs.get(exercise_id) if isinstance(exercise_id, int) else None

    def beside_ids(self, value):
        """Copy a stored answer, naming the exercise beside each ``exercise_id``."""
        if isinstance(value, list):
            return [self.beside_ids(item) for item in value]
        if not isinstance(value, dict):
            return value
        copied = {key: self.beside_ids(item) for key, item in value.items()}
        if "exercise_id" in value:
            copied["exercise"] = self(value["exercise_id"])
        return copied
