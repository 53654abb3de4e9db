"""The logbook with no network: nothing tapped is lost, nothing arrives twice.

Each test drives Chromium on a phone profile through a real outage
(``context.set_offline``) and ends by reading the server's database.
"""

import re
import socket
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from homegym import clock, pwa
from homegym.accounts.models import LoginSession
from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import (
    PerformedExercise,
    SyncChange,
    Workout,
    WorkoutSet,
)
from tests.browser.conftest import CHROMIUM_ARGS, PHONE, chromium_path, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LIFTS = ("bench_press", "back_squat", "barbell_row")


@pytest.fixture
def phone(browser, live_server, app):
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


def install(page, base: str, email: str, remember: bool = False) -> None:
    """Log in and let the worker take the page and keep the workout's pages."""
    if remember:  # an installed app: the session outlives the browser
        page.goto(f"{base}/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_label("Remember me for 14 days").check()
        page.get_by_role("main").get_by_role("button", name="Log in").tap()
        expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
    else:
        log_in(page, base, email)
    page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("!!navigator.serviceWorker.controller")
    page.wait_for_function(
        """caches.open('homegym-pages').then((cache) => Promise.all(
            ['/workouts/offline', '/workouts/start', '/'].map((p) => cache.match(p))
        )).then((found) => found.every(Boolean))"""
    )


def start_online(page) -> None:
    page.get_by_role("button", name="Start Full body").tap()
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    page.wait_for_function("typeof htmx === 'object' && !!window.HomeGymOutbox")


def cards(page):
    return page.locator(".exercise-card")


def rows(page, card: int):
    return cards(page).nth(card).locator("form.set-row")


def tick(page, card: int, row: int) -> None:
    rows(page, card).nth(row).locator(".set-tick").tap()
    expect(rows(page, card).nth(row)).to_have_class(re.compile(r"is-done"))


def type_into(page, card: int, row: int, field: str, value: str) -> None:
    box = rows(page, card).nth(row).locator(f".set-{field}")
    box.fill(value)
    box.dispatch_event("change")


def pending(page) -> int:
    return int(page.locator("#sync-status").get_attribute("data-pending") or 0)


def wait_pending(page, count: int) -> None:
    expect(page.locator("#sync-status")).to_have_attribute("data-pending", str(count))


def test_thirty_sets_offline_with_edits_deletes_and_a_reload_arrive_exactly(
    phone, live_server, lifter
):
    page = phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)

    # Three lifts of ten sets: three pre-filled, seven added; every one ticked.
    for card in range(3):
        for _ in range(7):
            cards(page).nth(card).get_by_role("button", name="+ Add set").tap()
        expect(rows(page, card)).to_have_count(10)
        for row in range(10):
            tick(page, card, row)
    # Edits: heavier last bench set, a warm-up, fewer reps on a squat set.
    type_into(page, 0, 9, "weight", "72,5")
    rows(page, 0).nth(0).locator("summary.set-badge").tap()
    rows(page, 0).nth(0).get_by_role("button", name="Warm-up set").tap()
    expect(rows(page, 0).nth(0)).to_have_class(re.compile(r"kind-warmup"))
    type_into(page, 1, 4, "reps", "3")
    # Deletes: a pre-filled set (on the server) and an added one (never sent).
    for row, left in ((0, 9), (8, 8)):
        rows(page, 2).nth(row).locator("summary.set-badge").tap()
        rows(page, 2).nth(row).get_by_role("button", name="Remove set").tap()
        expect(rows(page, 2)).to_have_count(left)

    expect(page.locator("#sync-status")).to_contain_text("waiting to sync")
    waiting = pending(page)
    assert waiting > 30
    expect(page.locator("form.set-row.is-pending").first).to_contain_text(
        "waiting to sync"
    )

    # A reload with no network: the kept page plus every change still waiting.
    page.reload()
    page.wait_for_function("!!window.HomeGymOutbox")
    wait_pending(page, waiting)
    expect(rows(page, 0)).to_have_count(10)
    expect(rows(page, 2)).to_have_count(8)
    expect(page.locator("form.set-row.is-done")).to_have_count(28)
    expect(rows(page, 0).nth(9).locator(".set-weight")).to_have_value("72,5")
    expect(rows(page, 0).nth(0)).to_have_class(re.compile(r"kind-warmup"))
    expect(rows(page, 1).nth(4).locator(".set-reps")).to_have_value("3")
    assert open_workout(lifter) is not None
    assert len(server_sets(lifter)) == 9, "nothing reaches the server while offline"

    page.context.set_offline(False)

    expected = []
    for card, weight in ((0, 60), (1, 70), (2, 80)):
        for row in range(10):
            if card == 2 and row in (0, 9):
                continue  # removed: the first, and the last added (row 8 after it)
            kind = "warmup" if (card, row) == (0, 0) else "normal"
            reps = 3 if (card, row) == (1, 4) else 5
            value = Decimal("72.5") if (card, row) == (0, 9) else Decimal(weight)
            expected.append((card, value, reps, kind, True))
    eventually(page, lambda: server_sets(lifter) == expected)
    expect(page.locator("#sync-status")).to_be_hidden()
    assert db.session.scalar(select(func.count()).select_from(WorkoutSet)) == 9 + 28


def test_closing_the_browser_offline_keeps_the_outbox_for_the_next_start(
    browser, live_server, live_app, lifter, tmp_path
):
    profile = tmp_path / "profile"

    def launch(offline=False):
        context = browser.browser_type.launch_persistent_context(
            str(profile),
            executable_path=chromium_path(),
            headless=True,
            args=CHROMIUM_ARGS,
            offline=offline,
            **PHONE,
        )
        page = context.pages[0] if context.pages else context.new_page()
        page.set_default_timeout(10_000)
        return context, page

    context, page = launch()
    install(page, live_server, lifter.email, remember=True)
    start_online(page)
    log_url = page.url
    context.set_offline(True)
    tick(page, 0, 0)
    tick(page, 0, 1)
    cards(page).nth(1).get_by_role("button", name="+ Add set").tap()
    tick(page, 1, 3)
    wait_pending(page, 4)
    context.close()  # the tab, the browser, the battery: gone

    # The service worker's Background Sync may fire as the browser starts
    # (Playwright's offline switch does not reach workers); maintenance mode
    # holds the changes back so the test can see them waiting first.
    live_app.config["DEBUG_MAINTENANCE"] = True
    context, page = launch(offline=True)
    page.goto(log_url)
    page.wait_for_function("!!window.HomeGymOutbox")
    wait_pending(page, 4)
    expect(rows(page, 1)).to_have_count(4)
    expect(page.locator("form.set-row.is-done")).to_have_count(3)
    assert sum(done for *_rest, done in server_sets(lifter)) == 0

    live_app.config["DEBUG_MAINTENANCE"] = False
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(
        page,
        lambda: (
            [done for *_rest, done in server_sets(lifter)]
            == [True, True, False, False, False, False, True, False, False, False]
        ),
    )
    context.close()


def test_an_expired_session_keeps_the_changes_until_the_lifter_logs_in(
    phone, live_server, lifter
):
    page = phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    type_into(page, 0, 1, "reps", "4")
    wait_pending(page, 2)

    db.session.execute(delete(LoginSession).where(LoginSession.user_id == lifter.id))
    db.session.commit()
    page.context.set_offline(False)

    status = page.locator("#sync-status")
    # The worker's Background Sync may be the one to meet the ended session.
    expect(status).to_have_attribute("data-state", "login", timeout=20_000)
    expect(status).to_contain_text("Log in again")
    assert pending(page) == 2
    assert [done for *_r, done in server_sets(lifter)][:2] == [False, False]

    status.get_by_role("link", name="Log in").tap()
    log_in(page, live_server, lifter.email)
    eventually(
        page,
        lambda: (
            server_sets(lifter)[:2]
            == [
                (0, Decimal(60), 5, "normal", True),
                (0, Decimal(60), 4, "normal", False),
            ]
        ),
    )


def test_maintenance_during_sync_keeps_the_changes_until_it_ends(
    phone, live_server, live_app, lifter
):
    page = phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    tick(page, 0, 1)
    wait_pending(page, 2)

    live_app.config["DEBUG_MAINTENANCE"] = True
    try:
        page.context.set_offline(False)
        expect(page.locator("#sync-status")).to_have_attribute(
            "data-state", "maintenance", timeout=20_000
        )
        expect(page.locator("#sync-status")).to_contain_text("being maintained")
        assert pending(page) == 2
        assert not any(done for *_r, done in server_sets(lifter))
    finally:
        live_app.config["DEBUG_MAINTENANCE"] = False

    eventually(
        page, lambda: [d for *_r, d in server_sets(lifter)][:3] == [True, True, False]
    )


def test_a_new_worker_version_takes_over_while_changes_wait(
    phone, live_server, live_app, lifter, monkeypatch
):
    page = phone
    install(page, live_server, lifter.email)
    start_online(page)
    old = page.evaluate("caches.keys()")
    page.context.set_offline(True)
    tick(page, 0, 0)
    cards(page).nth(0).get_by_role("button", name="+ Add set").tap()
    tick(page, 0, 3)
    wait_pending(page, 3)

    # Deploy: the worker's version changes while maintenance holds the changes
    # back (whether the page or the worker tries to send them).
    monkeypatch.setattr(pwa, "shell_version", lambda files: "deployed-v2")
    live_app.config["DEBUG_MAINTENANCE"] = True
    page.context.set_offline(False)
    page.evaluate(
        "navigator.serviceWorker.getRegistration().then((r) => { r.update(); })"
    )
    page.wait_for_function(
        "caches.keys().then((keys) => keys.includes('homegym-shell-deployed-v2'))"
    )
    page.wait_for_function(
        "caches.keys().then((keys) => "
        "keys.filter((k) => k.startsWith('homegym-shell-')).length === 1)"
    )
    assert "homegym-shell-deployed-v2" not in old
    assert pending(page) == 3
    assert not any(done for *_r, done in server_sets(lifter))

    live_app.config["DEBUG_MAINTENANCE"] = False
    page.reload()
    eventually(
        page,
        lambda: [d for *_r, d in server_sets(lifter)][:4] == [True, False, False, True],
    )


def test_a_change_the_server_committed_but_the_phone_never_heard_of_is_one_row(
    phone, live_server, live_app, lifter
):
    page = phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    cards(page).nth(0).get_by_role("button", name="+ Add set").tap()
    tick(page, 0, 3)
    wait_pending(page, 2)

    # Cut the first sync after the server committed it, whether the page or
    # the worker (Background Sync) sends it: the phone never hears back.
    original = live_app.wsgi_app
    cut = {"count": 0}

    def commit_then_cut(environ, start_response):
        if environ["PATH_INFO"] != "/sync" or cut["count"]:
            return original(environ, start_response)
        cut["count"] += 1
        for _chunk in original(environ, lambda *_args: None):
            pass  # the change is applied and committed...
        environ["werkzeug.socket"].shutdown(socket.SHUT_RDWR)  # ...the answer lost
        start_response("200 OK", [])
        return [b""]

    live_app.wsgi_app = commit_then_cut
    try:
        page.context.set_offline(False)
        eventually(page, lambda: cut["count"] == 1)
        page.wait_for_function(
            "HomeGymOutbox.count(document.querySelector('meta[name=homegym-user]')"
            ".content).then((waiting) => waiting === 0)",
            timeout=30_000,
        )
    finally:
        live_app.wsgi_app = original

    sets = server_sets(lifter)
    assert len(sets) == 10
    assert sets[3] == (0, Decimal(60), 5, "normal", True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SyncChange)) == 2


def test_start_log_and_finish_a_workout_with_no_network_at_all(
    phone, live_server, lifter
):
    page = phone
    install(page, live_server, lifter.email)
    page.goto(f"{live_server}/")
    page.context.set_offline(True)

    page.get_by_role("button", name="Start Full body").tap()
    expect(page).to_have_url(re.compile(r"/workouts/offline\?uuid="))
    expect(page.get_by_role("heading", name="Full body", level=1)).to_be_visible()
    expect(cards(page)).to_have_count(3)
    expect(rows(page, 0).nth(0).locator(".set-weight")).to_have_value("60")
    tick(page, 0, 0)
    type_into(page, 0, 1, "reps", "6")
    tick(page, 0, 1)
    page.locator("#add-exercise-id").select_option(label="Deadlift")
    page.get_by_role("button", name="Add exercise").tap()
    expect(cards(page)).to_have_count(4)
    expect(cards(page).nth(3)).to_contain_text("Deadlift")
    type_into(page, 3, 0, "weight", "140")
    type_into(page, 3, 0, "reps", "3")
    tick(page, 3, 0)
    # Start, 3 ticks, 3 typed values, the added lift: a value's "change"
    # repeated on blur is kept once.
    wait_pending(page, 8)

    page.reload()
    expect(cards(page)).to_have_count(4)
    expect(page.locator("form.set-row.is-done")).to_have_count(3)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finish workout").tap()
    expect(page.locator(".offline-closed")).to_contain_text("Workout finished")
    assert open_workout(lifter) is None

    page.context.set_offline(False)
    eventually(page, lambda: (w := open_workout(lifter)) is not None and w.finished)
    assert server_sets(lifter) == [
        (0, Decimal(60), 5, "normal", True),
        (0, Decimal(60), 6, "normal", True),
        (1, Decimal(140), 3, "normal", True),  # the untouched lifts are left out
    ]


def kept_pages(page) -> list[str]:
    return page.evaluate(
        """caches.has('homegym-pages').then((has) => has
            ? caches.open('homegym-pages').then((cache) => cache.keys())
                .then((keys) => keys.map((request) => new URL(request.url).pathname))
            : [])"""
    )


def test_kept_pages_are_the_owners_and_go_on_logout(
    phone, live_server, lifter, make_user
):
    page = phone
    make_user("second@example.com")
    install(page, live_server, lifter.email)  # waits for the kept pages

    page.get_by_role("button", name="Log out").tap()
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    assert kept_pages(page) == []

    # Offline, the next person on this phone sees no page of the last one.
    page.context.set_offline(True)
    page.goto(f"{live_server}/workouts/start")
    expect(page.locator("h1")).to_have_text("You are offline")
    page.context.set_offline(False)

    log_in(page, live_server, "second@example.com")
    page.wait_for_function(
        "caches.open('homegym-pages').then((cache) => cache.match('/'))"
        ".then((found) => !!found)"
    )
    kept = page.evaluate(
        "caches.open('homegym-pages').then((cache) => cache.match('/'))"
        ".then((response) => response.headers.get('X-HomeGym-User'))"
    )
    assert kept == page.locator('meta[name="homegym-user"]').get_attribute("content")
