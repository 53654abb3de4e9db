"""Load the bundled sources catalogue into the database, idempotently.

Like the exercise library: the whole file is checked before anything is
written; entries are matched by ``key``; missing ones are created, changed
ones updated, and none deleted (a stored coach answer may cite it).
"""

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from homegym.bundled import LoadResult
from homegym.extensions import db
from homegym.sources.models import KINDS, TrainingSource

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).parent / "data" / "sources.json"
REQUIRED = ("key", "kind", "citation", "doi", "supports_en", "supports_de")
OPTIONAL = ("caution_en", "caution_de")
KEY_PATTERN = re.compile(r"[a-z][a-z0-9]{2,39}")
DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S{1,90}")


class CatalogueError(ValueError):
    """The catalogue file cannot be loaded; the message says what is wrong."""


def read_catalogue(path: Path | str = DEFAULT_PATH):
    """Read the JSON file; raise CatalogueError when it is missing or not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogueError(f"Cannot read {path}: {error}") from error
    except json.JSONDecodeError as error:
        raise CatalogueError(
            f"{path} is not valid JSON: {error.msg} at line {error.lineno}"
        ) from error


def entry_problems(entry) -> list[str]:
    """List what is wrong with one entry (empty when it is fine)."""
    if not isinstance(entry, dict):
        return ["must be an object"]
    problems = []
    missing = [name for name in REQUIRED if name not in entry]
    extra = sorted(set(entry) - set(REQUIRED) - set(OPTIONAL))
    if missing:
        problems.append(f"missing fields {', '.join(missing)}")
    if extra:
        problems.append(f"unknown fields {', '.join(extra)}")
    key = entry.get("key")
    if "key" in entry and not (isinstance(key, str) and KEY_PATTERN.fullmatch(key)):
        problems.append("key must be 3 to 40 lower-case letters and digits")
    if "kind" in entry and entry["kind"] not in KINDS:
        problems.append(f"kind must be one of {', '.join(KINDS)}")
    for name in ("citation", "supports_en", "supports_de"):
        value = entry.get(name)
        if name in entry and not (isinstance(value, str) and value.strip()):
            problems.append(f"{name} must be text")
    for name in OPTIONAL:
        if not isinstance(entry.get(name, ""), str):
            problems.append(f"{name} must be text")
    doi = entry.get("doi")
    if doi is not None and not (isinstance(doi, str) and DOI_PATTERN.fullmatch(doi)):
        problems.append("doi must look like 10.1234/... or be null")
    return problems


def validate_catalogue(data) -> list[dict]:
    """Check every entry and that keys are unique; raise CatalogueError."""
    if not isinstance(data, list):
        raise CatalogueError("The catalogue must be a JSON list of sources.")
    problems = [
        f"entry {index + 1}: {problem}"
        for index, entry in enumerate(data)
        for problem in entry_problems(entry)
    ]
    if not problems:
        seen: set[str] = set()
        for index, entry in enumerate(data):
            if entry["key"] in seen:
                problems.append(f"entry {index + 1}: key {entry['key']} repeats")
            seen.add(entry["key"])
    if problems:
        raise CatalogueError("\n".join(["The catalogue has errors:", *problems]))
    return data


def _columns(entry: dict) -> dict:
    return {
        "kind": entry["kind"],
        "citation": entry["citation"],
        "doi": entry["doi"],
        "supports_en": entry["supports_en"],
        "supports_de": entry["supports_de"],
        "caution_en": entry.get("caution_en", ""),
        "caution_de": entry.get("caution_de", ""),
    }


def upsert_catalogue(entries: list[dict]) -> LoadResult:
    """Create missing and update changed entries; delete nothing."""
    existing = {
        source.key: source for source in db.session.scalars(select(TrainingSource))
    }
    created = updated = unchanged = 0
    for entry in entries:
        columns = _columns(entry)
        source = existing.get(entry["key"])
        if source is None:
            db.session.add(TrainingSource(key=entry["key"], **columns))
            created += 1
            continue
        changed = {n: v for n, v in columns.items() if getattr(source, n) != v}
        for name, value in changed.items():
            setattr(source, name, value)
        updated += bool(changed)
        unchanged += not changed
    db.session.commit()
    return LoadResult(created, updated, unchanged)


def load_catalogue(path: Path | str = DEFAULT_PATH) -> LoadResult:
    """Read, check and upsert the catalogue file; a bad file changes nothing."""
    result = upsert_catalogue(validate_catalogue(read_catalogue(path)))
    logger.info("training sources loaded from %s: %s", path, result)
    return result


@lru_cache(maxsize=1)
def bundled_keys() -> frozenset[str]:
    """The keys of the bundled file: what the engine may cite, loaded or not."""
    return frozenset(entry["key"] for entry in read_catalogue(DEFAULT_PATH))
