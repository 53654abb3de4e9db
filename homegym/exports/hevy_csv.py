"""Write a user's finished workouts as a Hevy CSV export, streamed.

The file is what Hevy itself writes (see the import formats reference), made
so that HomeGym's importer reads it back to the same workouts and sets:

- Weights and distances go in ``weight_kg`` and ``distance_km`` whatever the
  user's display unit: HomeGym keeps kilograms and metres exactly, and only
  these columns carry them back without rounding (a pound column would not).
- Times are the user's local time, to the minute, as Hevy writes them; the
  importer reads them in the importing user's time zone. Seconds are lost.
- Only finished workouts and the sets ticked off as done go out: Hevy has no
  unfinished workout and no planned-but-not-done set. An exercise without a
  done set, and a workout without any, leave no row. The JSON export holds
  all of them.
- Exercise names are those the importer maps back to the same exercise: for
  a library exercise, the first Hevy name of it in the import's name list
  that the matcher turns back into it; for the user's own, their name.
"""

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from homegym import clock
from homegym.accounts.models import User
from homegym.exercises.models import Exercise
from homegym.exports.history import WorkoutRows, read_workouts
from homegym.extensions import db
from homegym.imports.names import NAMES_FILE, Matcher

HEADER = (
    "title", "start_time", "end_time", "description", "exercise_title",
    "superset_id", "exercise_notes", "set_index", "set_type", "weight_kg", "reps",
    "distance_km", "duration_seconds", "rpe",
)  # fmt: skip
SET_TYPES = {
    "normal": "normal", "warmup": "warmup", "failure": "failure", "drop": "dropset",
}  # fmt: skip
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # fmt: skip
# Control characters the importer refuses as "not text" (tab, CR and LF pass).
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def hevy_time(moment: datetime, zone: ZoneInfo) -> str:
    """Write a stored UTC time as Hevy does, in ``zone``: ``2 Mar 2026, 19:59``."""
    local = clock.local(moment, zone)
    month = MONTHS[local.month - 1]
    return f"{local.day} {month} {local.year}, {local.hour:02d}:{local.minute:02d}"


def plain(value: Decimal | None) -> str:
    """Write a decimal with no trailing zeros and no exponent; None is empty."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def whole(value: int | None) -> str:
    """Write a whole number; None is empty."""
    return "" if value is None else str(value)


def text(value: str | None) -> str:
    """Write text without the control characters the importer refuses."""
    return NOT_TEXT.sub("", value or "")


@cache
def hevy_names() -> dict[str, list[str]]:
    """The Hevy and Strong names of each library exercise, by its key, in order."""
    data = json.loads(NAMES_FILE.read_text(encoding="utf-8"))
    return {key: names for key, names in data.items() if not key.startswith("_")}


class ExerciseTitles:
    """The ``exercise_title`` of each exercise the user's workouts use."""

    def __init__(self, user: User):
        self.language = user.language or "en"
        self.matcher = Matcher(user.id)
        # Pick names as a user with no exercises of their own would read them,
        # so that the file maps the same way into any account, Hevy included.
        self.matcher.own.clear()
        self.titles: dict[int, str] = {}

    def __call__(self, exercise_id: int) -> str:
        title = self.titles.get(exercise_id)
        if title is None:
            exercise = self.matcher.by_id.get(exercise_id) or db.session.get(
                Exercise, exercise_id
            )
            title = self._title(exercise)
            self.titles[exercise_id] = title
        return title

    def _title(self, exercise: Exercise) -> str:
        if not exercise.bundled:
            return exercise.name(self.language)
        names = [*hevy_names().get(exercise.key or "", []), exercise.name_en]
        for name in names:
            if self.matcher.suggest(name) is exercise:
                return name
        return exercise.name_en


def superset_numbers(workout: WorkoutRows) -> dict[str, int]:
    """Number the workout's supersets 0, 1, ... in the order they first come."""
    numbers: dict[str, int] = {}
    for performed in workout.exercises:
        group = performed.row.superset_group
        if group and performed.sets and group not in numbers:
            numbers[group] = len(numbers)
    return numbers


def workout_rows(
    workout: WorkoutRows, title_of: ExerciseTitles, zone: ZoneInfo
) -> Iterator[list[str]]:
    """Yield the CSV rows of one workout: one per done set, in order."""
    head = workout.row
    started = hevy_time(head.started_at, zone)
    # An end before the start would make the importer refuse the whole file.
    ended = hevy_time(max(head.finished_at, head.started_at), zone)
    title, description = text(head.name), text(head.notes)
    supersets = superset_numbers(workout)
    for performed in workout.exercises:
        exercise = performed.row
        superset = supersets.get(exercise.superset_group or "")
        shared = [
            title,
            started,
            ended,
            description,
            title_of(exercise.exercise_id),
            whole(superset),
            text(exercise.notes),
        ]
        for index, done in enumerate(performed.sets):
            distance = (
                done.distance_m.scaleb(-3) if done.distance_m is not None else None
            )
            yield [
                *shared,
                str(index),
                SET_TYPES.get(done.kind, "normal"),
                plain(done.weight_kg),
                whole(done.reps),
                plain(distance),
                whole(done.duration_seconds),
                plain(done.rpe),
            ]


def export_lines(user: User, counts: Counter | None = None) -> Iterator[str]:
    """Yield the user's Hevy CSV: the header, then one chunk per workout.

    Newest workout first, as Hevy writes them. ``counts`` gets the number of
    workouts and sets written.
    """
    counts = counts if counts is not None else Counter()
    zone = clock.zone(user.timezone)
    title_of = ExerciseTitles(user)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")

    writer.writerow(HEADER)
    yield _take(buffer)
    for workout in read_workouts(
        user.id, finished_only=True, done_sets_only=True, newest_first=True
    ):
        rows = 0
        for row in workout_rows(workout, title_of, zone):
            writer.writerow(row)
            rows += 1
        if rows:
            counts["workouts"] += 1
            counts["sets"] += rows
            yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    chunk = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return chunk
