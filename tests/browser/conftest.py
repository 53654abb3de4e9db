"""Drive Debian's Chromium with Playwright against the app on a local port.

Skipped when Chromium or Playwright is missing, unless REQUIRE_BROWSER=1 (CI),
where a missing browser fails the run instead.
"""

import os
import re
import shutil
import threading
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from homegym import clock, create_app
from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.browser.sync_tap import SyncTap
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
    # The heading is in the DOM before the stylesheet has arrived; until it
    # has, a phone shows both the top bar's links and the tab bar's.
    page.wait_for_load_state("load")


def nav_to(page, name: str) -> None:
    """Follow a link of the main navigation, opening the phone's "More" if needed."""
    page.wait_for_load_state("load")  # which links show depends on the styles
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        nav.get_by_text("More", exact=True).tap()
    link.tap()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Wait until a JavaScript expression, or the promise it gives, is truthy.

    Playwright's ``wait_for_function`` takes a promise for a truthy value, so
    a wait on caches, IndexedDB or the worker goes through here. A reload on
    the way (the page does one when it has caught up) only means "not yet".
    """
    from playwright.sync_api import Error

    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(expression):
                return
            problem = "it stayed false"
        except Error as error:
            problem = str(error)
        if time.monotonic() > deadline:
            raise AssertionError(f"never true: {expression} ({problem})")
        page.wait_for_timeout(100)


def mark_page(page) -> None:
    """Leave a marker that only survives while the document is not reloaded."""
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page) -> None:
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


# --- The offline logbook ------------------------------------------------------

LIFTS = ("bench_press", "back_squat", "barbell_row")


@pytest.fixture
def offline_phone(browser, live_server, app):
    """A phone in a browser process of its own.

    Chromium can hang closing a context whose service worker is still busy
    (a sync or a fetch in flight); closing the whole browser does not.
    """
    own = browser.browser_type.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    context = own.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    own.close()


@pytest.fixture
def lifter(app, make_user):
    """A lifter with an active plan (three lifts, three sets each) and last week."""
    load_library()
    user = make_user("garage@example.com")
    lifts = [
        db.session.scalar(select(Exercise).where(Exercise.key == key)) for key in LIFTS
    ]
    plan = Plan(user_id=user.id, name="Garage", active=True)
    day = PlanDay(user_id=user.id, name="Full body", position=0)
    last = Workout(
        user_id=user.id,
        name="Last week",
        started_at=clock.utcnow() - timedelta(days=7),
        finished_at=clock.utcnow() - timedelta(days=7, minutes=-60),
    )
    for position, lift in enumerate(lifts):
        day.exercises.append(
            PlannedExercise(
                user_id=user.id,
                exercise_id=lift.id,
                position=position,
                sets=3,
                reps_min=5,
                reps_max=5,
                rest_seconds=60,
            )
        )
        performed = PerformedExercise(
            user_id=user.id, exercise_id=lift.id, position=position
        )
        for number in range(3):
            performed.sets.append(
                WorkoutSet(
                    user_id=user.id,
                    position=number,
                    weight_kg=Decimal(60 + 10 * position),
                    reps=5,
                    completed_at=last.started_at,
                )
            )
        last.exercises.append(performed)
    plan.days.append(day)
    db.session.add_all([plan, last])
    db.session.commit()
    return user


def eventually(page, check, timeout: float = 25.0):
    """Poll the server's database until ``check`` holds (the phone syncs on its own).

    Waiting goes through the page, so Playwright keeps handling its events
    (routes) meanwhile.
    """
    deadline = time.monotonic() + timeout
    while True:
        db.session.rollback()
        if check():
            return
        if time.monotonic() > deadline:
            raise AssertionError("the server never reached the expected state")
        page.wait_for_timeout(250)


def open_workout(user) -> Workout | None:
    db.session.rollback()
    return db.session.scalar(
        select(Workout).where(Workout.user_id == user.id, Workout.name == "Full body")
    )


def server_sets(user) -> list[tuple]:
    """Every set of today's workout as (exercise position, weight, reps, kind, done)."""
    db.session.rollback()
    rows = db.session.execute(
        select(
            PerformedExercise.position,
            WorkoutSet.position,
            WorkoutSet.weight_kg,
            WorkoutSet.reps,
            WorkoutSet.kind,
            WorkoutSet.completed_at.is_not(None),
        )
        .join(
            PerformedExercise, PerformedExercise.id == WorkoutSet.performed_exercise_id
        )
        .join(Workout, Workout.id == PerformedExercise.workout_id)
        .where(Workout.user_id == user.id, Workout.name == "Full body")
        .order_by(PerformedExercise.position, WorkoutSet.position)
    ).all()
    return [(p, w, r, k, d) for p, _s, w, r, k, d in rows]


def ticked(user) -> list[bool]:
    """Which sets of today's workout are done, in order."""
    return [done for *_rest, done in server_sets(user)]


def install(page, base: str, email: str, remember: bool = False) -> None:
    """Log in and let the worker take the page and keep the workout's pages."""
    from playwright.sync_api import expect

    if remember:  # an installed app: the session outlives the browser
        page.goto(f"{base}/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Remember me for 14 days").check()
        page.get_by_role("main").get_by_role("button", name="Log in").tap()
        expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    else:
        log_in(page, base, email)
    wait_until(page, "navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => !!navigator.serviceWorker.controller")
    wait_until(
        page,
        """caches.open('homegym-pages').then((cache) => Promise.all(
            ['/workouts/offline', '/workouts/start', '/'].map((p) => cache.match(p))
        )).then((found) => found.every(Boolean))""",
    )


def start_online(page) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Start Full body").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    page.wait_for_function("() => typeof htmx === 'object' && !!window.HomeGymOutbox")


def cards(page):
    return page.locator(".exercise-card")


def rows(page, card: int):
    return cards(page).nth(card).locator("form.set-row")


def tick(page, card: int, row: int) -> None:
    from playwright.sync_api import expect

    rows(page, card).nth(row).locator(".set-tick").tap()
    expect(rows(page, card).nth(row)).to_have_class(re.compile(r"is-done"))


def type_into(page, card: int, row: int, field: str, value: str) -> None:
    box = rows(page, card).nth(row).locator(f".set-{field}")
    box.fill(value)
    box.dispatch_event("change")


def pending(page) -> int:
    return int(page.locator("#sync-status").get_attribute("data-pending") or 0)


def wait_pending(page, count: int) -> None:
    from playwright.sync_api import expect

    expect(page.locator("#sync-status")).to_have_attribute("data-pending", str(count))


OUTBOX_COUNT = (
    "HomeGymOutbox.count(document.querySelector('meta[name=homegym-user]').content)"
)


def outbox_count(page) -> int:
    """How many changes of this page's user wait in the phone's outbox."""
    return page.evaluate(OUTBOX_COUNT)


def wait_outbox_empty(page, timeout: float = 30.0) -> None:
    """Wait until the phone's outbox holds nothing of this page's user."""
    wait_until(page, OUTBOX_COUNT + ".then((waiting) => waiting === 0)", timeout)


# --- The server's side of /sync -------------------------------------------------


@pytest.fixture
def sync_tap(live_app, monkeypatch):
    """A SyncTap in front of the served app for one test; held requests go on."""
    tap = SyncTap(live_app.wsgi_app)
    monkeypatch.setattr(live_app, "wsgi_app", tap)
    yield tap
    tap.release()
