"""The migrations build the schema the models describe, on SQLite and MariaDB."""

from datetime import datetime

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from homegym import create_app
from homegym.extensions import db
from homegym.imports.dedup import import_key
from homegym.imports.parser import ParsedWorkout


def test_models_and_migrations_agree(app):
    """Autogenerate finds nothing to do on a database built by the migrations."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_upgrade_works_on_an_empty_sqlite_file(test_config, tmp_path):
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    fresh = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": url})

    result = fresh.test_cli_runner().invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"users", "login_sessions", "failed_logins", "alembic_version"} <= tables


def test_workouts_imported_before_import_keys_get_theirs(test_config, tmp_path):
    """A history imported at 0007 is still recognised when imported again."""
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    old = create_app({**test_config, "SQLALCHEMY_DATABASE_URI": url})
    runner = old.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade", "0007_sync"]).exit_code == 0
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, active, units, "
                "timezone, equipment, created_at) VALUES (1, 'a@example.com', 'x', "
                "1, 'kg', 'Europe/Berlin', '{}', '2026-01-01 00:00:00')"
            )
        )
        for workout_id, source in ((1, "hevy"), (2, "hevy"), (3, None)):
            connection.execute(
                text(
                    "INSERT INTO workouts (id, user_id, uuid, name, notes, source, "
                    "started_at, created_at, updated_at) VALUES (:id, 1, :uuid, "
                    "'Push', '', :source, '2026-03-02 18:59:00', "
                    "'2026-03-02 18:59:00', '2026-03-02 18:59:00')"
                ),
                {"id": workout_id, "uuid": f"{workout_id:032d}", "source": source},
            )

    result = runner.invoke(args=["db", "upgrade"])

    assert result.exit_code == 0, result.output
    # 18:59 UTC was 19:59 in Berlin, as the Hevy file wrote it.
    in_file = ParsedWorkout(2, "Push", datetime(2026, 3, 2, 19, 59), None, "")
    with engine.connect() as connection:
        keys = connection.execute(
            text("SELECT id, import_key FROM workouts ORDER BY id")
        ).all()
    assert keys == [(1, import_key("hevy", in_file)), (2, None), (3, None)]
