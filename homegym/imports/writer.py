"""Write a confirmed import: every workout of the file in one transaction.

Rows go in as bulk inserts a few hundred workouts at a time, so a 10 MB
export costs a few hundred statements, not a few hundred thousand; the
transaction commits once at the end, so a failure anywhere leaves nothing.
Workouts already imported (same source, local start time and title) are
skipped; a unique key on each makes sure of it even when two imports race.
"""

import logging
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime, insert, literal, literal_column

from homegym import clock
from homegym.accounts.models import User
from homegym.exercises.library import fold
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from homegym.imports.dedup import existing_workouts, import_key
from homegym.imports.models import ImportBatch, SetMeasure
from homegym.imports.names import Matcher, new_exercise_values
from homegym.imports.parser import Parse, ParsedWorkout
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

logger = logging.getLogger(__name__)

CHUNK_SETS = 5000
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ImportFailed(RuntimeError):
    """The import stopped and wrote nothing; ``code`` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def random_uuids(count: int) -> Iterator[str]:
    """Make ``count`` random (version 4) UUIDs at once.

    The same ids ``new_uuid`` makes, from one call for randomness instead of
    one per row: an import makes a hundred thousand of them.
    """
    raw = bytearray(os.urandom(16 * count))
    raw[6::16] = bytes(byte & 0x0F | 0x40 for byte in raw[6::16])
    raw[8::16] = bytes(byte & 0x3F | 0x80 for byte in raw[8::16])
    digits = raw.hex()
    for start in range(0, 32 * count, 32):
        h = digits[start : start + 32]
        yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def utc_converter(zone: ZoneInfo) -> Callable[[datetime], datetime]:
    """Turn the file's local times into naive UTC, as the database keeps them."""
    utc = ZoneInfo("UTC")

    @lru_cache(maxsize=16384)
    def convert(local: datetime) -> datetime:
        return local.replace(tzinfo=zone).astimezone(utc).replace(tzinfo=None)

    return convert


def superset_letters(workout: ParsedWorkout) -> dict[str, str]:
    """Give each superset of a workout a letter, in the order they come."""
    letters: dict[str, str] = {}
    for block in workout.blocks:
        if block.superset is not None and block.superset not in letters:
            number = len(letters)
            letters[block.superset] = LETTERS[number % 26] * (number // 26 + 1)
    return letters


class Writer:
    """Collects workouts and inserts them in chunks; the caller commits."""

    def __init__(self, batch: ImportBatch, matcher: Matcher):
        self.batch = batch
        self.user_id = batch.user_id
        self.source = batch.source
        self.matcher = matcher
        self.chosen = dict(batch.mapping or {})
        self.exercise_ids: dict[str, int] = {}
        self.now = clock.utcnow()
        rendered = literal(self.now, DateTime).compile(
            dialect=db.session.get_bind().dialect,
            compile_kwargs={"literal_binds": True},
        )
        self.stamp = literal_column(str(rendered), DateTime)
        self.pending: list[tuple[ParsedWorkout, datetime, datetime]] = []
        self.pending_sets = 0
        self.workouts = self.sets = self.new_exercises = 0

    def exercise_id(self, name: str) -> int:
        """The exercise a name was mapped to, made now if it is to be new."""
        if name in self.exercise_ids:
            return self.exercise_ids[name]
        exercise = None
        if name in self.chosen:
            exercise = self.matcher.by_id.get(self.chosen[name] or -1)
        else:  # a name the preview did not list (its workout was a duplicate then)
            exercise = self.matcher.suggest(name)
        if exercise is None:
            exercise = self.matcher.by_name(name) or self._create(name)
        self.exercise_ids[name] = exercise.id
        return exercise.id

    def _create(self, name: str) -> Exercise:
        exercise = Exercise(
            user_id=self.user_id, uuid=new_uuid(), **new_exercise_values(name)
        )
        db.session.add(exercise)
        db.session.flush()
        self.matcher.own[fold(exercise.name_en)] = exercise
        self.new_exercises += 1
        return exercise

    def add(self, workout: ParsedWorkout, started: datetime, finished: datetime):
        self.pending.append((workout, started, finished))
        self.pending_sets += workout.set_count
        if self.pending_sets >= CHUNK_SETS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        ids = random_uuids(
            len(self.pending)
            + sum(len(workout.blocks) for workout, _, _ in self.pending)
            + self.pending_sets
        )
        workout_rows = []
        for workout, started, finished in self.pending:
            workout_rows.append(
                {
                    "uuid": next(ids),
                    "user_id": self.user_id,
                    "name": workout.title,
                    "notes": workout.notes,
                    "source": self.source,
                    "import_key": import_key(self.source, workout),
                    "started_at": started,
                    "finished_at": finished,
                    "open_user_id": None,
                    "created_at": self.now,
                    "updated_at": self.now,
                }
            )
        workout_ids = self._insert_returning(Workout, workout_rows)

        performed_rows, performed_blocks = [], []
        for (workout, _started, finished), row in zip(
            self.pending, workout_rows, strict=True
        ):
            letters = superset_letters(workout)
            for position, block in enumerate(workout.blocks):
                performed_rows.append(
                    {
                        "uuid": next(ids),
                        "workout_id": workout_ids[row["uuid"]],
                        "user_id": self.user_id,
                        "exercise_id": self.exercise_id(block.name),
                        "position": position,
                        "superset_group": letters.get(block.superset),
                        "rest_seconds": block.rest_seconds,
                        "notes": block.notes,
                    }
                )
                performed_blocks.append((block, finished))
        performed_ids = self._insert_returning(PerformedExercise, performed_rows)

        plain, measured, measures = [], [], {}
        for row, (block, finished) in zip(
            performed_rows, performed_blocks, strict=True
        ):
            performed_id = performed_ids[row["uuid"]]
            for parsed in block.sets:
                uuid = next(ids)
                set_row = {
                    "uuid": uuid,
                    "performed_exercise_id": performed_id,
                    "user_id": self.user_id,
                    "position": parsed.position,
                    "kind": parsed.kind,
                    "weight_kg": parsed.weight_kg,
                    "reps": parsed.reps,
                    "rpe": parsed.rpe,
                    "completed_at": finished,
                }
                if parsed.distance_m is None and parsed.duration_seconds is None:
                    plain.append(set_row)
                else:
                    measured.append(set_row)
                    measures[uuid] = (parsed.distance_m, parsed.duration_seconds)
        if plain:
            db.session.execute(self._stamped(WorkoutSet), plain)
        if measured:
            set_ids = self._insert_returning(WorkoutSet, measured)
            db.session.execute(
                insert(SetMeasure.__table__),
                [
                    {
                        "set_id": set_ids[uuid],
                        "user_id": self.user_id,
                        "distance_m": distance,
                        "duration_seconds": seconds,
                    }
                    for uuid, (distance, seconds) in measures.items()
                ],
            )
        self.workouts += len(workout_rows)
        self.sets += len(plain) + len(measured)
        self.pending, self.pending_sets = [], 0

    def _stamped(self, model):
        """An INSERT that writes this import's time into created/updated_at.

        Written into the statement once rather than bound on each of the
        100,000 rows, where converting it costs more than the rest of a set.
        """
        statement = insert(model.__table__)
        if model is WorkoutSet:
            stamp = self.stamp
            statement = statement.values(created_at=stamp, updated_at=stamp)
        return statement

    def _insert_returning(self, model, rows: list[dict]) -> dict[str, int]:
        """Insert rows and map each one's uuid to the id it was given."""
        table = model.__table__
        result = db.session.execute(
            self._stamped(model).returning(table.c.id, table.c.uuid), rows
        )
        return {uuid: row_id for row_id, uuid in result}


def run_import(
    batch: ImportBatch,
    path: str,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Import the batch's file as confirmed; all of it, or nothing (raises).

    Fills in the batch's counts and status; the caller commits, which makes
    the workouts and the report appear together.
    """
    user = db.session.get(User, batch.user_id)
    parse = Parse(path, unit=batch.unit)
    if parse.format.source != batch.source:
        raise ImportFailed("changed")
    to_utc = utc_converter(clock.zone(user.timezone))
    seen = existing_workouts(user, batch.source)
    writer = Writer(batch, Matcher(user.id))
    total = int(batch.summary.get("workouts_in_file", 0))
    done = skipped = 0
    for workout in parse.workouts():
        done += 1
        key = import_key(batch.source, workout)
        if workout.repeated or key in seen:
            skipped += 1
        else:
            seen.add(key)
            started = to_utc(workout.started)
            finished = to_utc(workout.ended) if workout.ended else started
            writer.add(workout, started, finished)
        if progress is not None and done % 100 == 0:
            progress(done, total)
    if parse.problems:
        raise ImportFailed("problems")
    if progress is not None:
        progress(done, total)  # every workout read; the last ones are written now
    writer.flush()
    batch.status = "done"
    batch.workouts_created = writer.workouts
    batch.workouts_skipped = skipped
    batch.sets_created = writer.sets
    batch.exercises_created = writer.new_exercises
    batch.finished_at = clock.utcnow()
    logger.info(
        "import %s by user %s: %d workouts, %d sets, %d skipped, %d new exercises",
        batch.id,
        user.id,
        writer.workouts,
        writer.sets,
        skipped,
        writer.new_exercises,
    )
