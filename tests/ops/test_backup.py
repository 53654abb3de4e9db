"""flask backup create|restore|verify: portable archives that restore exactly.

Each restore lands in a database of its own, made empty for the test: a new
SQLite file, or (with the suite on MariaDB) a new MariaDB database beside the
test database. "The same" is judged by what the user would get back: their
full JSON export and their Hevy CSV, and the photo files byte for byte.
"""

import json
import os
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, make_url, select, text

from homegym.accounts.models import User
from homegym.coach.models import CoachRequest
from homegym.config import engine_options
from homegym.exports.document import export_document
from homegym.exports.hevy_csv import export_lines
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.progress import photos
from homegym.progress.metrics import save_metric
from homegym.sources.loader import load_catalogue
from homegym.workouts.models import WorkoutSet
from tests.exports.conftest import bundled, library, write_history  # noqa: F401
from tests.ops.conftest import invoke
from tests.progress.conftest import png_bytes

EMAIL = "backup@example.com"
MARIADB = os.environ.get("TEST_DATABASE_URL", "").startswith("mysql")


@pytest.fixture
def empty_database(tmp_path):
    """Make empty databases of a kind; MariaDB ones are dropped afterwards."""
    made, count = [], iter(range(100))

    def factory(kind: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'restore{next(count)}.sqlite3'}"
        if not MARIADB:
            pytest.skip("needs the suite pointed at MariaDB")
        url = make_url(os.environ["TEST_DATABASE_URL"])
        name = f"{url.database}_restore{len(made)}"
        made.append(name)
        with server(url) as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
            connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        return url.set(database=name).render_as_string(hide_password=False)

    yield factory
    if made:
        with server(make_url(os.environ["TEST_DATABASE_URL"])) as connection:
            for name in made:
                connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))


def server(url):
    return create_engine(url.set(database=""), isolation_level="AUTOCOMMIT").connect()


@pytest.fixture
def restore_app(build_app, tmp_path):
    """An app on an empty database of the given kind, with its own uploads."""
    built = []

    def factory(url: str):
        folder = tmp_path / f"uploads{len(built)}"
        made = build_app(
            SQLALCHEMY_DATABASE_URI=url,
            SQLALCHEMY_ENGINE_OPTIONS=engine_options(url),
            UPLOAD_DIR=str(folder),
        )
        built.append(made)
        return made

    yield factory
    for made in built:
        with made.app_context():
            db.engine.dispose()


@pytest.fixture
def filled(app, library, make_user, tmp_path, client):  # noqa: F811
    """A lifter with something in every table, a photo on disk and a session."""
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    load_catalogue()
    user = make_user(EMAIL, timezone="Europe/Berlin", units="lb")
    write_history(user)
    plan = Plan(user_id=user.id, name="Garage plan", notes="3 days", active=True)
    db.session.add(plan)
    db.session.flush()
    day = PlanDay(plan_id=plan.id, user_id=user.id, name="Day A")
    db.session.add(day)
    db.session.flush()
    planned = PlannedExercise(
        day_id=day.id,
        user_id=user.id,
        exercise_id=bundled("back_squat").id,
        target_rpe=Decimal("7.5"),
    )
    db.session.add(planned)
    save_metric(user.id, date(2026, 11, 1), {"weight_kg": Decimal("81.4321")})
    photos.add_photo(user.id, png_bytes(), date(2026, 11, 1), "front", "Day one")
    db.session.add(
        CoachRequest(
            user_id=user.id,
            feature="plan",
            provider="engine",
            outcome="ok",
            plan_id=plan.id,
            result={"days": [{"exercise_id": bundled("back_squat").id}]},
        )
    )
    db.session.commit()
    client.post("/login", data={"email": EMAIL, "password": "wrong password!"})
    return user


def exported(app) -> tuple[dict, str, dict[str, bytes]]:
    """What the lifter gets back: the JSON export, the Hevy CSV and the files."""
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == EMAIL))
        document = json.loads("".join(export_document(user)))
        document.pop("exported_at")
        hevy = "".join(export_lines(user))
        folder = Path(app.config["UPLOAD_DIR"])
        files = {
            str(path.relative_to(folder)): path.read_bytes()
            for path in folder.rglob("*")
            if path.is_file()
        }
        return document, hevy, files


def row_counts(app) -> dict[str, int]:
    with app.app_context(), db.engine.connect() as connection:
        if not inspect(connection).has_table("users"):
            return {}
        return {
            table.name: connection.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables
        }


def rewrite(archive: Path, change) -> Path:
    """Copy an archive with ``change(name, data)`` applied to each member."""
    copy = archive.with_name("changed.zip")
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(copy, "w") as target:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                target.writestr(name, data)
    return copy


@pytest.fixture
def archive(app, filled, tmp_path) -> Path:
    path = tmp_path / "backup.zip"
    result = invoke(app, "backup", "create", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_a_backup_holds_every_row_and_uploaded_file(app, filled, archive):
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
        names = set(opened.namelist())
    counts = row_counts(app)

    assert {name: table["rows"] for name, table in manifest["tables"].items()} == (
        counts
    )
    assert counts["sets"] > 10 and counts["training_sources"] > 10
    photo = db.session.scalar(select(photos.ProgressPhoto))
    assert {photo.image_key, photo.thumb_key} == set(manifest["files"])
    assert f"files/{photo.image_key}" in names
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize("kind", ["sqlite", "mariadb"])
def test_restore_and_back_gives_the_same_export(
    app, filled, archive, empty_database, restore_app, kind, tmp_path
):
    before = exported(app)
    source_kind = "mariadb" if MARIADB else "sqlite"

    there = restore_app(empty_database(kind))
    restored = invoke(there, "backup", "restore", str(archive))
    assert restored.exit_code == 0, restored.output
    assert "tables, 2 files" in restored.output
    assert exported(there) == before

    again = tmp_path / "again.zip"
    assert invoke(there, "backup", "create", str(again)).exit_code == 0
    back = restore_app(empty_database(source_kind))
    result = invoke(back, "backup", "restore", str(again))
    assert result.exit_code == 0, result.output
    assert exported(back) == before


def test_restored_ids_go_on_counting(app, filled, archive, empty_database, restore_app):
    there = restore_app(empty_database("mariadb" if MARIADB else "sqlite"))
    assert invoke(there, "backup", "restore", str(archive)).exit_code == 0

    with there.app_context():
        highest = db.session.scalar(select(func.max(User.id)))
        newcomer = User(email="new@example.com", password_hash="x")
        db.session.add(newcomer)
        db.session.commit()
        assert newcomer.id > highest


def test_restore_refuses_a_database_with_rows(app, filled, archive):
    before = row_counts(app)

    result = invoke(app, "backup", "restore", str(archive))

    assert result.exit_code == 1
    assert "not empty" in result.output and "users (1)" in result.output
    assert row_counts(app) == before


@pytest.mark.parametrize(
    "content, message",
    [
        (b"title,start_time\n", "is not a HomeGym backup"),
        (b"PK\x03\x04 cut off", "is not a HomeGym backup"),
    ],
)
def test_restore_refuses_a_file_that_is_no_backup(
    restore_app, empty_database, tmp_path, content, message
):
    junk = tmp_path / "junk.zip"
    junk.write_bytes(content)
    there = restore_app(empty_database("sqlite"))

    result = invoke(there, "backup", "restore", str(junk))

    assert result.exit_code == 1 and message in result.output
    assert row_counts(there) == {}


def test_restore_refuses_another_schema_revision(
    filled, archive, restore_app, empty_database
):
    def older(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["revision"] = "0001_accounts"
        return json.dumps(manifest)

    there = restore_app(empty_database("sqlite"))
    result = invoke(there, "backup", "restore", str(rewrite(archive, older)))

    assert result.exit_code == 1
    assert "revision 0001_accounts" in result.output
    assert row_counts(there) == {}


def test_a_damaged_table_restores_nothing(
    filled, archive, restore_app, empty_database, tmp_path
):
    def damaged(name, data):
        return data + b"{not json\n" if name == "tables/sets.jsonl" else data

    there = restore_app(empty_database("mariadb" if MARIADB else "sqlite"))
    result = invoke(there, "backup", "restore", str(rewrite(archive, damaged)))

    assert result.exit_code == 1
    assert "The table sets in the backup is damaged" in result.output
    assert set(row_counts(there).values()) == {0}  # users went in, then back out
    assert not list(Path(there.config["UPLOAD_DIR"]).rglob("*.jpg"))


def test_a_listed_file_missing_from_the_archive_restores_nothing(
    filled, archive, restore_app, empty_database
):
    def no_thumbnail(name, data):
        return None if name.endswith("_thumb.jpg") else data

    there = restore_app(empty_database("sqlite"))
    result = invoke(there, "backup", "restore", str(rewrite(archive, no_thumbnail)))

    assert result.exit_code == 1 and "does not hold it" in result.output
    assert set(row_counts(there).values()) == {0}


@pytest.mark.parametrize("scratch", ["temporary", "mariadb"])
def test_verify_passes_a_good_backup(app, archive, empty_database, scratch):
    options = []
    if scratch == "mariadb":
        options = ["--database-url", empty_database("mariadb")]

    result = invoke(app, "backup", "verify", str(archive), *options)

    assert result.exit_code == 0, result.output
    assert "restores to what was backed up" in result.output


def test_verify_finds_a_row_that_changed_after_the_backup_was_made(app, archive):
    def more_reps(name, data):
        if name != "tables/sets.jsonl":
            return data
        lines = data.decode().splitlines()
        row = json.loads(lines[0])
        row[[c.name for c in WorkoutSet.__table__.columns].index("reps")] = 99
        lines[0] = json.dumps(row)
        return "\n".join(lines) + "\n"

    result = invoke(app, "backup", "verify", str(rewrite(archive, more_reps)))

    assert result.exit_code == 1
    assert "table sets: the restored rows differ from the backup" in result.output


def test_create_writes_nothing_where_it_cannot(app, filled, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("in the way")

    result = invoke(app, "backup", "create", str(blocked / "backup.zip"))

    assert result.exit_code == 1 and "backup failed" in result.output
    assert blocked.read_text() == "in the way"


def test_create_names_a_file_in_the_instance_folder_by_default(app, filled):
    result = invoke(app, "backup", "create")

    assert result.exit_code == 0, result.output
    path = Path(result.output.split("Backup written to ")[1].split(":")[0])
    try:
        assert path.parent == Path(app.instance_path) / "backups"
        assert zipfile.is_zipfile(path)
    finally:
        path.unlink()
