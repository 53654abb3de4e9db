"""Backups: every table and uploaded file in one portable archive.

The archive is a zip file that any database can be filled from: each table
is a JSON-lines file (one array of column values per row, in primary-key
order), each uploaded file is stored as it is, and ``manifest.json`` names
the schema revision, the columns, the row counts and a digest per table and
file. Values are written by column type, so a SQLite backup restores into
MariaDB and back: times as ISO 8601 (UTC, as stored), dates as ISO dates,
decimals as exact strings, JSON as JSON.

``flask backup verify`` compares a restored database against the digests.
"""

import hashlib
import json
import logging
import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Date, DateTime, Float, Numeric, Table, select

from homegym import clock
from homegym.extensions import db

logger = logging.getLogger(__name__)

FORMAT = "homegym-backup"
VERSION = 1
MANIFEST = "manifest.json"
BATCH = 1000
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be written, read or restored; the message says why."""


@dataclass
class Summary:
    """What an archive holds (or a restore wrote): rows per table and files."""

    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    def __str__(self) -> str:
        tables = sum(1 for count in self.rows.values() if count)
        return (
            f"{self.total_rows} rows in {tables} of {len(self.rows)} tables, "
            f"{self.files} files ({self.file_bytes / 1_000_000:.1f} MB)"
        )


# ----- values -----


def encode(value):
    """Turn a column value into JSON: times, dates and decimals as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def decoder(column):
    """The function that turns an archived value back into the column's type."""
    kind = column.type
    if isinstance(kind, DateTime):
        return datetime.fromisoformat
    if isinstance(kind, Date):
        return date.fromisoformat
    if isinstance(kind, Float):
        return float
    if isinstance(kind, Numeric):
        return Decimal
    return None


def table_lines(connection: Connection, table: Table) -> Iterator[list]:
    """Yield a table's rows as lists of encoded values, in primary-key order."""
    statement = select(*table.columns).order_by(*table.primary_key.columns)
    result = connection.execution_options(yield_per=BATCH).execute(statement)
    for row in result:
        yield [encode(value) for value in row]


class Digest:
    """Count and hash a table's rows as the digest sees them.

    Times are cut to whole seconds (MariaDB keeps no fractions) and JSON keys
    sorted, so the same data has the same digest on either database.
    """

    def __init__(self, table: Table) -> None:
        self.rows = 0
        self._hash = hashlib.sha256()
        self._times = [
            index
            for index, column in enumerate(table.columns)
            if isinstance(column.type, DateTime)
        ]

    def add(self, values: list) -> None:
        self.rows += 1
        values = list(values)
        for index in self._times:
            if isinstance(values[index], str):
                values[index] = values[index][:19]
        self._hash.update(
            json.dumps(values, ensure_ascii=False, sort_keys=True).encode()
        )
        self._hash.update(b"\n")

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def database_digests(connection: Connection) -> dict[str, dict]:
    """Row count and digest of every table, as the manifest records them."""
    digests = {}
    for table in db.metadata.sorted_tables:
        digest = Digest(table)
        for values in table_lines(connection, table):
            digest.add(values)
        digests[table.name] = {"rows": digest.rows, "digest": digest.hexdigest()}
    return digests


def current_revision(connection: Connection) -> str | None:
    heads = MigrationContext.configure(connection).get_current_heads()
    return heads[0] if len(heads) == 1 else None


# ----- writing -----


def upload_files(upload_dir: str) -> list[Path]:
    """The uploaded files to keep, in a stable order (half-written ones left out)."""
    root = Path(upload_dir)
    if not root.is_dir():
        return []
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file() and not path.is_symlink() and path.suffix != ".part"
    )


def create_backup(path: str, upload_dir: str) -> Summary:
    """Write the archive to ``path`` (whole or not at all) and say what it holds."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            manifest, summary = _write(archive, upload_dir)
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        os.chmod(partial, 0o600)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    logger.info("backup created: %s", summary)
    return summary


def _write(archive: zipfile.ZipFile, upload_dir: str) -> tuple[dict, Summary]:
    summary = Summary()
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # One read transaction, so every table is read from the same moment.
            connection.exec_driver_sql("BEGIN")
        revision = current_revision(connection)
        if revision is None:
            raise BackupError("The database has no single migration revision.")
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": clock.utcnow().isoformat(timespec="seconds") + "Z",
            "revision": revision,
            "database": connection.dialect.name,
            "tables": {},
            "files": {},
        }
        for table in db.metadata.sorted_tables:
            manifest["tables"][table.name] = _write_table(archive, connection, table)
            summary.rows[table.name] = manifest["tables"][table.name]["rows"]
        connection.rollback()

    root = Path(upload_dir)
    for file in upload_files(upload_dir):
        key = file.relative_to(root).as_posix()
        manifest["files"][key] = _write_file(archive, file, key)
        summary.files += 1
        summary.file_bytes += manifest["files"][key]["bytes"]
    return manifest, summary


def _write_table(archive: zipfile.ZipFile, connection: Connection, table) -> dict:
    digest = Digest(table)
    with archive.open(f"tables/{table.name}.jsonl", "w") as out:
        for values in table_lines(connection, table):
            out.write(json.dumps(values, ensure_ascii=False).encode() + b"\n")
            digest.add(values)
    return {
        "columns": [column.name for column in table.columns],
        "rows": digest.rows,
        "digest": digest.hexdigest(),
    }


def _write_file(archive: zipfile.ZipFile, file: Path, key: str) -> dict:
    digest, size = hashlib.sha256(), 0
    # Photos are JPEGs already: storing them saves the time of squeezing them.
    info = zipfile.ZipInfo(f"files/{key}", date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    with open(file, "rb") as source, archive.open(info, "w") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"bytes": size, "sha256": digest.hexdigest()}


# ----- reading -----


class Archive:
    """An opened backup: its manifest, and its tables and files to read back."""

    def __init__(self, path: str) -> None:
        try:
            self.zip = zipfile.ZipFile(path)
            self.manifest = json.loads(self.zip.read(MANIFEST))
        except FileNotFoundError:
            raise BackupError(f"There is no file {path}.") from None
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise BackupError(f"{path} is not a HomeGym backup.") from None
        manifest = self.manifest
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise BackupError(f"{path} is not a HomeGym backup.")
        if self.manifest.get("version") != VERSION:
            raise BackupError(
                f"{path} is a backup of format version "
                f"{self.manifest.get('version')}; this HomeGym reads {VERSION}."
            )
        parts = ("revision", str), ("tables", dict), ("files", dict)
        if not all(isinstance(manifest.get(key), kind) for key, kind in parts):
            raise BackupError(f"The manifest of {path} is damaged.")

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.zip.close()

    @property
    def revision(self) -> str:
        return self.manifest["revision"]

    def rows(self, name: str) -> Iterator[list]:
        """Yield a table's archived rows; a damaged file is a BackupError."""
        try:
            with self.zip.open(f"tables/{name}.jsonl") as lines:
                for number, line in enumerate(lines, start=1):
                    values = json.loads(line)
                    if not isinstance(values, list):
                        raise ValueError(f"line {number} is not a row")
                    yield values
        except (KeyError, ValueError, zipfile.BadZipFile, EOFError) as error:
            raise BackupError(
                f"The table {name} in the backup is damaged: {error}"
            ) from None

    def file_keys(self) -> Iterable[str]:
        return self.manifest["files"].keys()

    def has_file(self, key: str) -> bool:
        try:
            self.zip.getinfo(f"files/{key}")
        except KeyError:
            return False
        return True

    def open_file(self, key: str):
        return self.zip.open(f"files/{key}")
