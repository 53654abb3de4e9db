"""Load the bundled exercise library into the database, idempotently.

The file is checked completely before anything is written, so a bad entry
leaves the database as it was. Entries are matched by their ``key``: missing
ones are created, changed ones updated, and nothing is ever deleted (a
workout may use an exercise that a newer file no longer lists).
"""

import json
import logging
import re
import uuid
from pathlib import Path

from sqlalchemy import select

from homegym.bundled import LoadResult
from homegym.exercises.models import LOADS, MECHANICS, Exercise
from homegym.exercises.vocabulary import EQUIPMENT, MUSCLES
from homegym.extensions import db

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).parent / "data" / "exercises.json"
FIELDS = (
    "key",
    "name_en",
    "name_de",
    "primary",
    "secondary",
    "equipment",
    "mechanic",
    "load",
)
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,79}")
NAME_LENGTH = 120
# Bundled exercises get the same uuid on every installation, derived from the key.
UUID_NAMESPACE = uuid.UUID("0f5b1a52-6d2e-4c39-9a55-3e7c2b9d8a41")


class LibraryError(ValueError):
    """The library file cannot be loaded; the message says what is wrong."""


def bundled_uuid(key: str) -> str:
    """Make the stable uuid of a bundled exercise from its key."""
    return str(uuid.uuid5(UUID_NAMESPACE, key))


def read_library(path: Path | str = DEFAULT_PATH) -> list:
    """Read the JSON file; raise LibraryError when it is missing or not JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise LibraryError(f"Cannot read {path}: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LibraryError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}, "
            f"column {error.colno}"
        ) from error


def _keys_problem(value, known: dict, field: str, required: bool) -> str | None:
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        return f"{field} must be a list of keys"
    if required and not value:
        return f"{field} must name at least one muscle"
    unknown = [key for key in value if key not in known]
    if unknown:
        return f"{field} has unknown keys {', '.join(unknown)}"
    if len(set(value)) != len(value):
        return f"{field} lists a key twice"
    return None


def entry_problems(entry) -> list[str]:
    """List what is wrong with one library entry (empty when it is fine)."""
    if not isinstance(entry, dict):
        return ["must be an object"]
    problems = []
    missing = [field for field in FIELDS if field not in entry]
    extra = sorted(set(entry) - set(FIELDS))
    if missing:
        problems.append(f"missing fields {', '.join(missing)}")
    if extra:
        problems.append(f"unknown fields {', '.join(extra)}")
    key = entry.get("key")
    if "key" in entry and not (isinstance(key, str) and KEY_PATTERN.fullmatch(key)):
        problems.append("key must be snake_case (a-z, 0-9, _), at most 80 characters")
    for field in ("name_en", "name_de"):
        name = entry.get(field)
        if field in entry and not (
            isinstance(name, str) and name.strip() and len(name) <= NAME_LENGTH
        ):
            problems.append(f"{field} must be text of 1 to {NAME_LENGTH} characters")
    checks = (
        ("primary", MUSCLES, True),
        ("secondary", MUSCLES, False),
        ("equipment", EQUIPMENT, False),
    )
    muscles_ok = True
    for field, known, required in checks:
        if field in entry:
            problem = _keys_problem(entry[field], known, field, required)
            if problem:
                problems.append(problem)
                muscles_ok = muscles_ok and field == "equipment"
    if muscles_ok:
        both = set(entry.get("primary", ())) & set(entry.get("secondary", ()))
        if both:
            problems.append(f"{', '.join(sorted(both))} both primary and secondary")
    if "mechanic" in entry and entry["mechanic"] not in MECHANICS:
        problems.append(f"mechanic must be one of {', '.join(MECHANICS)}")
    if "load" in entry and entry["load"] not in LOADS:
        problems.append(f"load must be one of {', '.join(LOADS)}")
    return problems


def _label(index: int, entry) -> str:
    key = entry.get("key") if isinstance(entry, dict) else None
    return f"entry {index + 1}" + (f" ({key})" if isinstance(key, str) else "")


def _duplicates(entries: list[dict]) -> list[str]:
    problems = []
    for field in ("key", "name_en", "name_de"):
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            value = entry.get(field)
            if not isinstance(value, str):
                continue
            folded = value.strip().casefold()
            if folded in seen:
                problems.append(
                    f"{_label(index, entry)}: {field} {value!r} repeats "
                    f"entry {seen[folded] + 1}"
                )
            else:
                seen[folded] = index
    return problems


def validate_library(data) -> list[dict]:
    """Check every entry; raise LibraryError naming each bad one."""
    if not isinstance(data, list):
        raise LibraryError("The library must be a JSON list of exercises.")
    problems = [
        f"{_label(index, entry)}: {problem}"
        for index, entry in enumerate(data)
        for problem in entry_problems(entry)
    ]
    if not problems:
        problems = _duplicates(data)
    if problems:
        raise LibraryError("\n".join(["The library has errors:", *problems]))
    return data


def _columns(entry: dict) -> dict:
    return {
        "name_en": entry["name_en"].strip(),
        "name_de": entry["name_de"].strip(),
        "primary_muscles": list(entry["primary"]),
        "secondary_muscles": list(entry["secondary"]),
        "equipment": list(entry["equipment"]),
        "mechanic": entry["mechanic"],
        "load": entry["load"],
    }


def upsert_library(entries: list[dict]) -> LoadResult:
    """Create missing and update changed bundled exercises; delete nothing."""
    existing = {
        exercise.key: exercise
        for exercise in db.session.scalars(
            select(Exercise).where(Exercise.key.is_not(None))
        )
    }
    created = updated = unchanged = 0
    for entry in entries:
        columns = _columns(entry)
        exercise = existing.get(entry["key"])
        if exercise is None:
            db.session.add(
                Exercise(key=entry["key"], uuid=bundled_uuid(entry["key"]), **columns)
            )
            created += 1
            continue
        changed = {
            name: value
            for name, value in columns.items()
            if getattr(exercise, name) != value
        }
        for name, value in changed.items():
            setattr(exercise, name, value)
        if changed:
            updated += 1
        else:
            unchanged += 1
    db.session.commit()
    return LoadResult(created, updated, unchanged)


def load_library(path: Path | str = DEFAULT_PATH) -> LoadResult:
    """Read, check and upsert the library file; a bad file changes nothing."""
    entries = validate_library(read_library(path))
    result = upsert_library(entries)
    logger.info("exercise library loaded from %s: %s", path, result)
    return result
