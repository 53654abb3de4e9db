"""Read an export file row by row into workouts, naming every bad line.

The file is read as a stream, one workout at a time, so a 10 MB export never
sits in memory as rows; ``Parse.workouts()`` can be run again for the import
after the preview. Line numbers are those of the file, where a row starts
(a note with line breaks spans several).
"""

import codecs
import csv
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import BinaryIO

from homegym import clock
from homegym.imports.formats import FileRefused, Format, delimiter_of, read_header
from homegym.imports.values import (
    Bad,
    read_datetime,
    read_decimal,
    read_duration,
    read_whole,
)
from homegym.units import to_kg

NAME_LENGTH = 120
PROBLEMS_KEPT = 200
MEASURES_CACHED = 20_000
MAX_KG = Decimal(1500)
MAX_REPS = 1000
MAX_METRES = Decimal(1_000_000)
MAX_SET_SECONDS = 86_400
METRES_PER = {"km": Decimal(1000), "mi": Decimal("1609.344")}
METRE_PLACES = Decimal("0.001")
RPE_PLACES = Decimal("0.1")
EARLIEST = datetime(1970, 1, 1)
HEVY_KINDS = {
    "normal": "normal", "warmup": "warmup", "warm_up": "warmup",
    "failure": "failure", "dropset": "drop", "drop_set": "drop", "drop": "drop",
    "": "normal",
}  # fmt: skip
STRONG_KINDS = {"w": "warmup", "d": "drop", "f": "failure"}
NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
csv.field_size_limit(1_000_000)


@dataclass(slots=True)
class ParsedSet:
    position: int
    kind: str
    weight_kg: Decimal | None
    reps: int | None
    rpe: Decimal | None
    distance_m: Decimal | None
    duration_seconds: int | None


@dataclass(slots=True)
class ParsedBlock:
    """One exercise as done in a workout; the same one twice is two blocks."""

    name: str
    superset: str | None = None
    note_parts: list[str] = field(default_factory=list)
    rest_seconds: int | None = None
    sets: list[ParsedSet] = field(default_factory=list)
    last_order: int = -1

    @property
    def notes(self) -> str:
        return "\n".join(self.note_parts)


@dataclass(slots=True)
class ParsedWorkout:
    line: int
    title: str
    started: datetime  # local time, as the file has it
    ended: datetime | None
    notes: str
    blocks: list[ParsedBlock] = field(default_factory=list)
    repeated: bool = False  # the file holds this workout a second time

    @property
    def set_count(self) -> int:
        return sum(len(block.sets) for block in self.blocks)


@dataclass
class Problems:
    """Bad lines found so far: the first few kept in full, all counted."""

    items: list[tuple[int, str, dict]] = field(default_factory=list)
    count: int = 0

    def add(self, line: int, code: str, **params) -> None:
        self.count += 1
        if len(self.items) < PROBLEMS_KEPT:
            self.items.append((line, code, params))

    def __bool__(self) -> bool:
        return self.count > 0


class Parse:
    """One pass over an export; ``unit`` is the weight unit of a Strong file."""

    def __init__(self, path: str, unit: str | None = None):
        self.path = path
        self.unit = unit
        self.problems = Problems()
        self.format = self._header()
        # Where each known column is; -1 (an empty extra field) where it is not.
        self._at = defaultdict(lambda: -1, self.format.columns)
        self._measures: dict[tuple, tuple] = {}

    # ----- the file as text -----

    def _lines(self, stream: BinaryIO) -> Iterator[str]:
        """Decode line by line, so a bad byte is named with its line."""
        for number, raw in enumerate(stream, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.problems.add(number, "not_text")
                line = raw.decode("utf-8", "replace")
            else:
                if NOT_TEXT.search(line):
                    self.problems.add(number, "not_text")
            yield line

    def _header(self) -> Format:
        with open(self.path, "rb") as stream:
            first = stream.readline()
        if first.startswith(codecs.BOM_UTF8):
            first = first[len(codecs.BOM_UTF8) :]
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
            first.count(b"\x00") * 3 > len(first)  # every other byte empty
        ):
            raise FileRefused("utf16")
        if not first.strip():
            raise FileRefused("empty")
        try:
            text = first.decode("utf-8")
        except UnicodeDecodeError as error:
            raise FileRefused("not_text_file") from error
        if NOT_TEXT.search(text):
            raise FileRefused("not_text_file")
        delimiter = delimiter_of(text)
        try:
            fields = next(csv.reader([text], delimiter=delimiter, strict=True))
        except csv.Error as error:
            raise FileRefused("unknown_format") from error
        return read_header(fields, delimiter)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Yield (line, fields) for each row after the header."""
        expected = self.format.width
        with open(self.path, "rb") as stream:
            reader = csv.reader(
                self._lines(stream), delimiter=self.format.delimiter, strict=True
            )
            try:
                next(reader)
            except (StopIteration, csv.Error):
                return
            while True:
                line = reader.line_num + 1
                try:
                    fields = next(reader)
                except StopIteration:
                    return
                except csv.Error as error:
                    message = str(error)
                    if "end of data" in message or "field larger" in message:
                        self.problems.add(line, "unclosed_quote")
                        return  # the rest of the file sits inside that quote
                    self.problems.add(line, "bad_quoting")
                    continue
                if not fields or fields == [""]:
                    continue
                if len(fields) != expected:
                    self.problems.add(
                        line, "field_count", expected=expected, found=len(fields)
                    )
                    continue
                yield line, fields

    # ----- workouts -----

    def workouts(self) -> Iterator[ParsedWorkout]:
        """Yield the file's workouts in file order, each with its exercises."""
        if self.format.source == "hevy":
            return self._workouts(self._hevy_row)
        return self._workouts(self._strong_row)

    def _workouts(self, read_row) -> Iterator[ParsedWorkout]:
        current: ParsedWorkout | None = None
        current_key = None
        seen: set = set()
        for line, fields in self.records():
            try:
                key, head, block_key, order, values = read_row(fields)
            except Bad as bad:
                self.problems.add(line, bad.code, **bad.params)
                continue
            if key != current_key:
                if current is not None:
                    yield current
                current_key = key
                current = self._new_workout(line, head)
                if current is None:
                    continue
                current.repeated = key in seen
                seen.add(key)
            if current is None:
                continue
            self._add(current, block_key, order, values, line)
        if current is not None:
            yield current

    def _new_workout(self, line: int, head: tuple) -> ParsedWorkout | None:
        title, start_text, end_text, notes, seconds = head
        if len(title) > NAME_LENGTH:
            self.problems.add(line, "title_too_long", limit=NAME_LENGTH)
            return None
        try:
            started = read_datetime(start_text)
        except Bad as bad:
            self.problems.add(line, bad.code, value=start_text[:40])
            return None
        ended = None
        if end_text is not None and end_text.strip():
            try:
                ended = read_datetime(end_text)
            except Bad as bad:
                self.problems.add(line, bad.code, value=end_text[:40])
                return None
        elif seconds:
            ended = started + timedelta(seconds=seconds)
        if not EARLIEST <= started <= clock.utcnow() + timedelta(days=2):
            self.problems.add(line, "date_out_of_range", value=start_text[:40])
            return None
        if ended is not None and ended < started:
            self.problems.add(line, "ends_before_start")
            return None
        return ParsedWorkout(line, title, started, ended, notes)

    def _add(self, workout, block_key, order, values, line) -> None:
        name, superset, notes = block_key
        if not name:
            self.problems.add(line, "missing_exercise")
            return
        if len(name) > NAME_LENGTH:
            self.problems.add(line, "name_too_long", limit=NAME_LENGTH)
            return
        block = workout.blocks[-1] if workout.blocks else None
        if values is None:  # a Strong rest timer row: the rest of this exercise
            if block is not None and block.name == name and order is not None:
                block.rest_seconds = block.rest_seconds or order
            return
        if (
            block is None
            or block.name != name
            or block.superset != superset
            or (order is not None and order <= block.last_order)
            # Strong numbers no warm-up: one after working sets opens the next
            # block of the same exercise, as the set number going down would.
            or (order is None and values.kind == "warmup" and block.last_order > 0)
        ):
            block = ParsedBlock(name, superset)
            workout.blocks.append(block)
        if order is not None:
            block.last_order = order
        if notes and notes not in block.note_parts:
            block.note_parts.append(notes)
        values.position = len(block.sets)
        block.sets.append(values)

    # ----- one row of each app -----

    def _measure(self, weight, weight_unit, reps, rpe, distance, distance_unit, secs):
        """Read a set's numbers; cached, since the same few combinations repeat."""
        key = (weight, weight_unit, reps, rpe, distance, distance_unit, secs)
        found = self._measures.get(key)
        if found is None:
            found = _read_measure(*key)
            if len(self._measures) > MEASURES_CACHED:
                self._measures.clear()
            self._measures[key] = found
        return ParsedSet(0, "normal", *found)

    def _hevy_row(self, fields):
        at = self._at
        fields.append("")  # what a column the file lacks reads as (index -1)
        title = fields[at["title"]].strip()
        start, end = fields[at["start_time"]], fields[at["end_time"]]
        kind_text = fields[at["set_type"]]
        kind = HEVY_KINDS.get(kind_text) or HEVY_KINDS.get(kind_text.strip().lower())
        if kind is None:
            raise Bad("bad_set_type", value=kind_text.strip()[:20])
        weight, weight_unit = fields[at["weight_kg"]], "kg"
        if not weight.strip() and at["weight_lbs"] >= 0:
            weight, weight_unit = fields[at["weight_lbs"]], "lb"
        if at["distance_km"] >= 0:
            distance, distance_unit = fields[at["distance_km"]], "km"
        else:
            distance, distance_unit = fields[at["distance_miles"]], "mi"
        values = self._measure(
            weight,
            weight_unit,
            fields[at["reps"]],
            fields[at["rpe"]],
            distance,
            distance_unit,
            fields[at["duration_seconds"]],
        )
        values.kind = kind
        order_text = fields[at["set_index"]]
        if order_text.isdigit():
            order = int(order_text)
        else:
            order = _whole(order_text, "set_index")
            if order is not None and order < 0:
                raise Bad("impossible", column="set_index", value=order_text)
        superset = fields[at["superset_id"]].strip() or None
        name = fields[at["exercise_title"]].strip()
        block_key = (name, superset, fields[at["exercise_notes"]])
        head = (title, start, end, fields[at["description"]], None)
        return (title, start, end), head, block_key, order, values

    def _strong_row(self, fields):
        at = self._at
        fields.append("")
        title = fields[at["workout name"]].strip()
        start = fields[at["date"]]
        name = fields[at["exercise name"]].strip()
        order_raw = fields[at["set order"]].strip()
        order_text = order_raw.lower()
        duration = fields[at["duration"]]
        try:
            seconds = read_duration(duration)
        except Bad:
            raise Bad("bad_duration", value=duration[:20]) from None
        head = (title, start, None, fields[at["workout notes"]], seconds)
        block_key = (name, None, fields[at["notes"]].strip())
        if order_text == "rest timer":
            rest = _whole(fields[at["seconds"]], "duration")
            return (title, start), head, block_key, rest, None
        unit = self.format.weight_unit or self.unit or "kg"
        distance_unit = self.format.distance_unit or ("mi" if unit == "lb" else "km")
        # Strong writes 0 into every field a set does not use.
        values = self._measure(
            _zero_is_empty(fields[at["weight"]]),
            unit,
            _zero_is_empty(fields[at["reps"]]),
            fields[at["rpe"]],
            _zero_is_empty(fields[at["distance"]]),
            distance_unit,
            _zero_is_empty(fields[at["seconds"]]),
        )
        if order_text in STRONG_KINDS:
            values.kind, order = STRONG_KINDS[order_text], None
        else:
            try:
                order = read_whole(order_text)
            except Bad:
                order = None
            if order is None or order < 0:
                raise Bad("bad_set_order", value=order_raw[:20])
        return (title, start), head, block_key, order, values


def _read_measure(weight, weight_unit, reps, rpe, distance, distance_unit, secs):
    """Weight (kg), reps, RPE, distance (m) and seconds of a set, checked."""
    weight_value = _number(weight, "weight")
    if weight_value is not None:
        if weight_value < 0:
            raise Bad("impossible", column="weight", value=weight)
        weight_value = to_kg(weight_value, weight_unit)
        if weight_value > MAX_KG:
            raise Bad("impossible", column="weight", value=weight)
    reps_value = _whole(reps, "reps")
    if reps_value is not None and not 0 <= reps_value <= MAX_REPS:
        raise Bad("impossible", column="reps", value=reps)
    rpe_value = _number(rpe, "rpe")
    if rpe_value == 0:
        rpe_value = None  # some tools write 0 for "no RPE"
    if rpe_value is not None and (
        not 1 <= rpe_value <= 10 or rpe_value.quantize(RPE_PLACES) != rpe_value
    ):
        raise Bad("impossible", column="rpe", value=rpe)
    metres = _number(distance, "distance")
    if metres is not None:
        metres = (metres * METRES_PER[distance_unit]).quantize(METRE_PLACES)
        if not 0 <= metres <= MAX_METRES:
            raise Bad("impossible", column="distance", value=distance)
    seconds = _whole(secs, "duration")
    if seconds is not None and not 0 <= seconds <= MAX_SET_SECONDS:
        raise Bad("impossible", column="duration", value=secs)
    return weight_value, reps_value, rpe_value, metres, seconds


def _zero_is_empty(text: str) -> str:
    try:
        return "" if read_decimal(text) == 0 else text
    except Bad:
        return text  # named as not a number when it is read


def _number(text: str, column: str) -> Decimal | None:
    try:
        return read_decimal(text)
    except Bad:
        raise Bad("not_a_number", column=column, value=text.strip()[:20]) from None


def _whole(text: str, column: str) -> int | None:
    try:
        return read_whole(text)
    except Bad as bad:
        raise Bad(bad.code, column=column, value=text.strip()[:20]) from None
