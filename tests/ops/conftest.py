"""Fixtures for the operations tests: extra apps on the test database."""

import pytest

from homegym import create_app
from homegym.ops.logs import configure_logging
from tests.conftest import Client

UNREACHABLE_MARIADB = "mysql+pymysql://root:hunter2@127.0.0.1:1/nope"


@pytest.fixture
def build_app(app, test_config, tmp_path):
    """Build more apps like the test app; the shared logging is put back after."""

    def factory(**overrides):
        config = {**test_config, "LOG_DIR": str(tmp_path / "logs"), **overrides}
        built = create_app(config)
        built.test_client_class = Client
        return built

    yield factory
    configure_logging(app)


@pytest.fixture
def fresh_sqlite_url(tmp_path) -> str:
    """An empty SQLite file that no migration has touched."""
    return f"sqlite:///{tmp_path / 'fresh.sqlite3'}"


def invoke(built, *args: str):
    """Run a flask command against ``built`` even while another app is current."""
    with built.app_context():
        return built.test_cli_runner().invoke(args=list(args))
