"""Restore a backup into an empty database, and verify one in a scratch database.

A restore writes all rows in one transaction, so a refused or broken archive
leaves the database as it was; the files follow once the rows are in. It
refuses a database that holds any row, an archive of another schema revision
and an upload folder whose files differ from the archive's.
"""

import hashlib
import logging
import shutil
import tempfile
from pathlib import Path

from alembic.script import ScriptDirectory
from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import Connection, func, inspect, select

from homegym.config import engine_options
from homegym.extensions import db
from homegym.ops.backup import (
    BATCH,
    CHUNK,
    Archive,
    BackupError,
    Summary,
    current_revision,
    database_digests,
    decoder,
)
from homegym.ops.health import migrations_directory
from homegym.progress.storage import DirectoryStorage

logger = logging.getLogger(__name__)


def restore_backup(path: str, upload_dir: str) -> Summary:
    """Fill the empty database and upload folder from the archive at ``path``."""
    with Archive(path) as archive:
        check_schema(archive)
        prepare_database(archive)
        storage = DirectoryStorage(upload_dir)
        check_files(archive, storage)

        summary = Summary()
        with db.engine.begin() as connection:
            for table in db.metadata.sorted_tables:
                summary.rows[table.name] = insert_rows(connection, archive, table)
        for key in archive.file_keys():
            summary.file_bytes += restore_file(archive, storage, key)
            summary.files += 1
    logger.info("backup restored: %s", summary)
    return summary


def check_schema(archive: Archive) -> None:
    """Refuse an archive whose revision or tables differ from this code's."""
    heads = ScriptDirectory(migrations_directory()).get_heads()
    if [archive.revision] != list(heads):
        raise BackupError(
            f"The backup is of schema revision {archive.revision}; this HomeGym is "
            f"at {', '.join(heads)}. Restore it with the release that made it, "
            "then upgrade."
        )
    tables = archive.manifest.get("tables", {})
    for table in db.metadata.sorted_tables:
        columns = [column.name for column in table.columns]
        if tables.get(table.name, {}).get("columns") != columns:
            raise BackupError(
                f"The backup's table {table.name} does not match this schema."
            )


def prepare_database(archive: Archive) -> None:
    """Migrate a database with no tables; refuse one with rows or another revision."""
    with db.engine.connect() as connection:
        fresh = not inspect(connection).get_table_names()
    if fresh:
        upgrade(directory=migrations_directory())

    with db.engine.connect() as connection:
        revision = current_revision(connection)
        if revision != archive.revision:
            raise BackupError(
                f"The database is at schema revision {revision or 'none'}, the "
                f"backup at {archive.revision}: restore needs an empty database."
            )
        filled = non_empty_tables(connection)
    if filled:
        listed = ", ".join(f"{name} ({count})" for name, count in filled.items())
        raise BackupError(
            f"The database is not empty: {listed}. Restore into a new database, "
            "or drop its tables first."
        )


def non_empty_tables(connection: Connection) -> dict[str, int]:
    found = {}
    for table in db.metadata.sorted_tables:
        count = connection.execute(select(func.count()).select_from(table)).scalar()
        if count:
            found[table.name] = count
    return found


def check_files(archive: Archive, storage: DirectoryStorage) -> None:
    """Refuse missing files, and overwriting an uploaded file that differs."""
    for key, expected in archive.manifest["files"].items():
        if not archive.has_file(key):
            raise BackupError(f"The backup lists the file {key} but does not hold it.")
        target = Path(safe_path(storage, key))
        if target.exists() and file_sha256(target) != expected["sha256"]:
            raise BackupError(
                f"The upload folder already holds a different file {key}: restore "
                "needs an empty upload folder."
            )


def safe_path(storage: DirectoryStorage, key: str) -> str:
    try:
        return storage.path(key)
    except ValueError:
        raise BackupError(f"The backup names a file outside uploads: {key}") from None


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def insert_rows(connection: Connection, archive: Archive, table) -> int:
    """Insert a table's archived rows in batches; return how many."""
    decoders = [decoder(column) for column in table.columns]
    names = [column.name for column in table.columns]
    batch, count = [], 0
    for values in archive.rows(table.name):
        if len(values) != len(names):
            raise BackupError(f"The table {table.name} in the backup is damaged.")
        batch.append(
            {
                name: value if convert is None or value is None else convert(value)
                for name, convert, value in zip(names, decoders, values, strict=True)
            }
        )
        if len(batch) == BATCH:
            connection.execute(table.insert(), batch)
            count, batch = count + len(batch), []
    if batch:
        connection.execute(table.insert(), batch)
        count += len(batch)
    return count


def restore_file(archive: Archive, storage: DirectoryStorage, key: str) -> int:
    with archive.open_file(key) as source:
        data = source.read()
    storage.save(key, data)
    return len(data)


# ----- verify -----


def verify_backup(path: str, scratch_url: str | None = None) -> list[str]:
    """Restore the archive into a scratch database and compare; return differences.

    The scratch database is a temporary SQLite file unless ``scratch_url``
    names another (empty) one; its tables are dropped afterwards either way.
    """
    from homegym import create_app
    from homegym.ops.logs import configure_logging

    folder = Path(tempfile.mkdtemp(prefix="homegym-verify-"))
    url = scratch_url or f"sqlite:///{folder / 'scratch.sqlite3'}"
    uploads = folder / "uploads"
    scratch = create_app(
        {
            **current_app.config,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
            "UPLOAD_DIR": str(uploads),
        }
    )
    configure_logging(current_app)  # the scratch app took over the log files
    restored = False
    try:
        with Archive(path) as archive, scratch.app_context():
            restore_backup(path, str(uploads))
            restored = True
            return differences(archive, uploads)
    finally:
        with scratch.app_context():
            if restored and scratch_url:
                db.drop_all()
                with db.engine.begin() as connection:
                    connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            db.engine.dispose()
        shutil.rmtree(folder, ignore_errors=True)


def differences(archive: Archive, uploads: Path) -> list[str]:
    """Compare the restored database and files with the archive's manifest."""
    found = []
    with db.engine.connect() as connection:
        restored = database_digests(connection)
    for name, expected in archive.manifest["tables"].items():
        got = restored.get(name, {"rows": 0, "digest": None})
        if got["rows"] != expected["rows"]:
            found.append(
                f"table {name}: {got['rows']} rows restored, "
                f"the backup lists {expected['rows']}"
            )
        elif got["digest"] != expected["digest"]:
            found.append(f"table {name}: the restored rows differ from the backup")
    for key, expected in archive.manifest["files"].items():
        target = uploads / key
        if not target.is_file() or file_sha256(target) != expected["sha256"]:
            found.append(f"file {key}: not restored as it was backed up")
    return found
