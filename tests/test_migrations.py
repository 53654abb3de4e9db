"""The migrations build the schema the models describe, on SQLite and MariaDB."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from homegym import create_app
from homegym.extensions import db


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
