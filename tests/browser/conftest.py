"""Drive Debian's Chromium with Playwright against the app on a local port.

Skipped when Chromium or Playwright is missing, unless REQUIRE_BROWSER=1 (CI),
where a missing browser fails the run instead.
"""

import os
import shutil
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from homegym import create_app
from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from tests.conftest import PASSWORD

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    return shutil.which(os.environ.get("CHROMIUM_PATH", "chromium"))


@pytest.fixture(scope="session")
def browser():
    required = os.environ.get("REQUIRE_BROWSER") == "1"
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if path is None or sync_playwright is None:
        if required:
            pytest.fail("REQUIRE_BROWSER=1 but Chromium or Playwright is missing")
        pytest.skip("Chromium or Playwright is not installed")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _live(_app, test_config):
    """Serve a second app on the test database from a background thread."""
    config = {**test_config, "SERVER_NAME": None, "TESTING": False}
    live = create_app(config)
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield live, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def live_server(_live) -> str:
    return _live[1]


@pytest.fixture
def live_app(_live):
    """The served app, for tests that switch its settings (restored afterwards)."""
    live = _live[0]
    saved = dict(live.config)
    yield live
    live.config.clear()
    live.config.update(saved)


@pytest.fixture
def page(browser, live_server, app):
    """A fresh browser context per test; ``app`` empties the database afterwards."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def server_rows(statement):
    """Read what the live server committed; a new transaction sees past MariaDB's
    repeatable-read snapshot of the test's earlier reads."""
    db.session.rollback()
    return db.session.scalars(statement).all()


# A phone at the rack: the size the workout screen is made for.
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "en-GB",
}


def open_phone(browser, **options):
    context = browser.new_context(**PHONE, **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def phone(browser, live_server, app):
    """A phone-sized page with JavaScript; collects script errors."""
    context, page = open_phone(browser)
    page.problems = []
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    yield page
    context.close()


@pytest.fixture
def phone_without_js(browser, live_server, app):
    context, page = open_phone(browser, java_script_enabled=False)
    yield page
    context.close()


@pytest.fixture
def bench(app) -> Exercise:
    load_library()
    db.session.commit()
    return db.session.scalar(select(Exercise).where(Exercise.key == "bench_press"))


def log_in(page, base: str, email: str) -> None:
    """Sign in through the login form and wait for the dashboard."""
    from playwright.sync_api import expect

    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Log in").tap()
    expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()


def mark_page(page) -> None:
    """Leave a marker that only survives while the document is not reloaded."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"
