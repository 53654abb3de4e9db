"""Fixtures: one app per test run on SQLite (default) or MariaDB, clean per test.

Point the suite at MariaDB with ``TEST_DATABASE_URL=mysql+pymysql://...``.
"""

import os
import re
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, event, inspect, text

from homegym import create_app
from homegym.accounts.models import User
from homegym.accounts.passwords import hash_password
from homegym.extensions import cache, db, limiter

PASSWORD = "correct horse battery"
HX = {"HX-Request": "true"}
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Client(FlaskClient):
    """A client that sends the CSRF token with every change, as the pages do.

    Each request gets its own app context, as in production, so ``g`` and the
    database session of one request never leak into the next or into the test.
    """

    def csrf_token(self) -> str:
        page = self.get("/login", follow_redirects=True).get_data(True)
        match = CSRF_META.search(page)
        assert match, "the layout must carry the CSRF token in a meta tag"
        return match.group(1)

    def open(self, *args, csrf: bool = True, **kwargs):
        method = kwargs.get("method", "GET").upper()
        if csrf and method in {"POST", "PUT", "PATCH", "DELETE"}:
            headers = dict(kwargs.pop("headers", None) or {})
            if "X-CSRFToken" not in headers:  # setdefault would fetch one anyway
                headers["X-CSRFToken"] = self.csrf_token()
            kwargs["headers"] = headers
        outer = db.session.registry.has()
        if outer:
            db.session.commit()  # end the test's transaction: MariaDB snapshots reads
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if outer:
            db.session.commit()  # and start afresh, to see what the request wrote
        return response


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def drop_everything(app) -> None:
    """Start from an empty database, including Alembic's version table."""
    with app.app_context():
        with db.engine.begin() as connection:
            if connection.dialect.name == "mysql":
                connection.execute(text("SET FOREIGN_KEY_CHECKS=0"))
            for table in inspect(connection).get_table_names():
                connection.execute(text(f"DROP TABLE `{table}`"))
            if connection.dialect.name == "mysql":
                connection.execute(text("SET FOREIGN_KEY_CHECKS=1"))


@pytest.fixture(scope="session")
def test_config(tmp_path_factory) -> dict:
    """Settings every test app shares; tests may build apps with more."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-that-is-long-enough-for-tests-0123456789",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        "LOG_DIR": str(tmp_path_factory.mktemp("logs")),
        "RATELIMIT_STORAGE_URI": "memory://",
        "CACHE_TYPE": "SimpleCache",
        "MAIL_SUPPRESS_SEND": True,
        "SERVER_NAME": "localhost",
        "DEBUG_MAINTENANCE": False,
        "SENTRY_DSN": "",
        "UPLOAD_DIR": str(tmp_path_factory.mktemp("uploads")),
    }


@pytest.fixture(scope="session")
def _app(test_config):
    from flask_migrate import upgrade

    app = create_app(test_config)
    app.test_client_class = Client
    drop_everything(app)
    with app.app_context():
        upgrade()
    return app


@pytest.fixture
def app(_app):
    """The app inside an app context; config changes and rows vanish afterwards."""
    saved = dict(_app.config)
    with _app.app_context():
        yield _app
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(delete(table))
        limiter.reset()
        cache.clear()
    _app.config.clear()
    _app.config.update(saved)


@pytest.fixture
def client(app) -> Client:
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create users with defaults that a test can override."""
    counter = iter(range(1, 10_000))

    def factory(email: str | None = None, password: str = PASSWORD, **fields) -> User:
        user = User(
            email=email or f"lifter{next(counter)}@example.com",
            password_hash=hash_password(password),
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    return factory


def log_in(client, email: str, password: str = PASSWORD, **extra):
    """Post the login form the way the page does."""
    data = {"email": email, "password": password, **extra}
    return client.post("/login", data=data)


@pytest.fixture
def user(make_user) -> User:
    return make_user("ada@example.com")


@pytest.fixture
def logged_in(client, user) -> Client:
    """A client signed in as ``user``."""
    response = log_in(client, user.email)
    assert response.status_code == 303
    return client


@contextmanager
def count_queries():
    """Collect the SQL statements sent to the database while the block runs."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
