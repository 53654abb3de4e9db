"""Which app made a file, told from its header, and where each column is.

Columns are found by name, not position, so reordered or extra columns do no
harm; the unit of a Hevy file is in its column names (``weight_kg`` or
``weight_lbs``), a Strong file may say it in brackets (``Weight (kg)``).
"""

import re
from dataclasses import dataclass

HEVY_COLUMNS = {
    "title", "start_time", "end_time", "description", "exercise_title",
    "superset_id", "exercise_notes", "set_index", "set_type", "weight_kg",
    "weight_lbs", "reps", "distance_km", "distance_miles", "duration_seconds", "rpe",
}  # fmt: skip
HEVY_REQUIRED = ("title", "start_time", "end_time", "exercise_title", "set_type")

STRONG_COLUMNS = {
    "date", "workout name", "duration", "exercise name", "set order", "weight",
    "reps", "distance", "seconds", "notes", "workout notes", "rpe",
}  # fmt: skip
STRONG_REQUIRED = ("date", "workout name", "exercise name", "set order", "reps")

UNIT_WORDS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
DISTANCE_WORDS = {"km": "km", "mi": "mi", "miles": "mi", "mile": "mi"}
BRACKETED = re.compile(r"(.*?)\s*\(([^)]*)\)")


class FileRefused(ValueError):
    """The whole file cannot be imported; ``code`` and ``params`` say why."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass
class Format:
    """What the header told: the app, the columns and the units it names."""

    source: str
    columns: dict[str, int]
    width: int
    delimiter: str = ","
    weight_unit: str | None = None  # None: a Strong file that does not say
    distance_unit: str | None = None

    def has(self, name: str) -> bool:
        return name in self.columns


def clean_name(raw: str) -> str:
    return " ".join(raw.replace("\ufeff", "").strip().strip('"').lower().split())


def strong_column(name: str) -> tuple[str, str | None]:
    """Split "weight (kg)" into the column and the unit it names."""
    match = BRACKETED.fullmatch(name)
    if match is None:
        return name, None
    return match.group(1), match.group(2).strip().lower()


def delimiter_of(first_line: str) -> str:
    """Commas normally; the reported Strong variant separates with semicolons."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_header(fields: list[str], delimiter: str = ",") -> Format:
    """Recognise a Hevy or a Strong header; raise FileRefused for anything else."""
    names = [clean_name(name) for name in fields]
    hevy = sum(name in HEVY_COLUMNS for name in names)
    strong = sum(strong_column(name)[0] in STRONG_COLUMNS for name in names)
    if max(hevy, strong) < 3:
        raise FileRefused("unknown_format")
    if hevy >= strong:
        return _hevy(names, delimiter)
    return _strong(names, delimiter)


def _positions(names: list[str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        positions.setdefault(name, index)
    return positions


def _missing(columns: dict[str, int], required) -> list[str]:
    return [name for name in required if name not in columns]


def _hevy(names: list[str], delimiter: str) -> Format:
    columns = _positions(names)
    missing = _missing(columns, HEVY_REQUIRED)
    if "weight_kg" not in columns and "weight_lbs" not in columns:
        missing.append("weight_kg")
    if "reps" not in columns:
        missing.append("reps")
    if missing:
        raise FileRefused("missing_columns", app="Hevy", columns=", ".join(missing))
    return Format(
        source="hevy",
        columns=columns,
        width=len(names),
        delimiter=delimiter,
        weight_unit="kg" if "weight_kg" in columns else "lb",
        distance_unit="mi" if "distance_miles" in columns else "km",
    )


def _strong(names: list[str], delimiter: str) -> Format:
    columns: dict[str, int] = {}
    weight_unit = distance_unit = None
    for index, name in enumerate(names):
        column, unit = strong_column(name)
        if column in columns:
            continue  # values are read from the first such column: so is its unit
        columns[column] = index
        if column == "weight" and unit:
            weight_unit = UNIT_WORDS.get(unit)
        if column == "distance" and unit:
            distance_unit = DISTANCE_WORDS.get(unit)
    missing = _missing(columns, STRONG_REQUIRED)
    if "weight" not in columns:
        missing.append("weight")
    if missing:
        raise FileRefused("missing_columns", app="Strong", columns=", ".join(missing))
    return Format(
        source="strong",
        columns=columns,
        width=len(names),
        delimiter=delimiter,
        weight_unit=weight_unit,
        distance_unit=distance_unit,
    )
