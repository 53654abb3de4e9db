"""The logbook with no network: nothing tapped is lost, nothing arrives twice.

Each test drives Chromium on a phone profile through a real outage
(``context.set_offline``) and ends by reading the server's database.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from homegym import pwa
from homegym.accounts.models import LoginSession
from homegym.extensions import db
from homegym.workouts.models import SyncChange, WorkoutSet
from tests.browser.conftest import (
    CHROMIUM_ARGS,
    PHONE,
    cards,
    chromium_path,
    eventually,
    install,
    log_in,
    open_workout,
    pending,
    rows,
    server_sets,
    start_online,
    tick,
    type_into,
    wait_outbox_empty,
    wait_pending,
    wait_until,
)

pytestmark = pytest.mark.browser


def test_thirty_sets_offline_with_edits_deletes_and_a_reload_arrive_exactly(
    offline_phone, live_server, lifter
):
    page = offline_phone
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
    never_sent = rows(page, 2).nth(9).get_attribute("data-uuid")
    assert outbox_changes(page, never_sent) == ["set.add", "set.update"]
    for row, left in ((0, 9), (8, 8)):
        rows(page, 2).nth(row).locator("summary.set-badge").tap()
        rows(page, 2).nth(row).get_by_role("button", name="Remove set").tap()
        expect(rows(page, 2)).to_have_count(left)
    # The set that never reached the server is cancelled in the outbox, not
    # sent only to be deleted.
    assert outbox_changes(page, never_sent) == []

    expect(page.locator("#sync-status")).to_contain_text("waiting to sync")
    waiting = pending(page)
    assert waiting > 30
    expect(page.locator("form.set-row.is-pending").first).to_contain_text(
        "waiting to sync"
    )

    # A reload with no network: the kept page plus every change still waiting.
    page.reload()
    page.wait_for_function("() => !!window.HomeGymOutbox")
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


def outbox_changes(page, target: str) -> list[str]:
    """The operations waiting in the outbox for one object, oldest first."""
    return page.evaluate(
        """(target) => HomeGymOutbox.entries(HomeGymSync.user).then((all) =>
            all.filter((entry) => entry.target === target).map((entry) => entry.op))""",
        target,
    )


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
    page.wait_for_function("() => !!window.HomeGymOutbox")
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
    offline_phone, live_server, lifter
):
    page = offline_phone
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
    # The link's page first, then the login; a goto before it lands cuts it.
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
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
    offline_phone, live_server, live_app, lifter
):
    page = offline_phone
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
    offline_phone, live_server, live_app, lifter, monkeypatch
):
    page = offline_phone
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
    wait_until(
        page, "caches.keys().then((keys) => keys.includes('homegym-shell-deployed-v2'))"
    )
    wait_until(
        page,
        "caches.keys().then((keys) => "
        "keys.filter((k) => k.startsWith('homegym-shell-')).length === 1)",
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
    offline_phone, live_server, sync_tap, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    cards(page).nth(0).get_by_role("button", name="+ Add set").tap()
    tick(page, 0, 3)
    wait_pending(page, 2)

    # Cut the first sync after the server committed it, whether the page or
    # the worker (Background Sync) sends it: the phone never hears back.
    sync_tap.plan("cut")
    page.context.set_offline(False)
    wait_outbox_empty(page)
    assert sync_tap.posts()[0].plan == "cut"
    assert min(sync_tap.deliveries().values()) >= 2, "both changes were sent again"

    sets = server_sets(lifter)
    assert len(sets) == 10
    assert sets[3] == (0, Decimal(60), 5, "normal", True)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SyncChange)) == 2


def test_start_log_and_finish_a_workout_with_no_network_at_all(
    offline_phone, live_server, lifter
):
    page = offline_phone
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
    offline_phone, live_server, lifter, make_user
):
    page = offline_phone
    make_user("second@example.com")
    install(page, live_server, lifter.email)  # waits for the kept pages

    tabs = page.get_by_role("navigation", name="Main")
    tabs.get_by_text("More", exact=True).tap()  # the phone's menu holds it
    tabs.get_by_role("button", name="Log out").tap()
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    assert kept_pages(page) == []

    # Offline, the next person on this phone sees no page of the last one.
    page.context.set_offline(True)
    page.goto(f"{live_server}/workouts/start")
    expect(page.locator("h1")).to_have_text("You are offline")
    page.context.set_offline(False)

    log_in(page, live_server, "second@example.com")
    wait_until(
        page,
        "caches.open('homegym-pages').then((cache) => cache.match('/'))"
        ".then((found) => !!found)",
    )
    kept = page.evaluate(
        "caches.open('homegym-pages').then((cache) => cache.match('/'))"
        ".then((response) => response.headers.get('X-HomeGym-User'))"
    )
    assert kept == page.locator('meta[name="homegym-user"]').get_attribute("content")


def test_an_htmx_fragment_is_never_answered_with_a_kept_page(
    offline_phone, live_server, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    page.context.set_offline(True)

    # The full page comes from the worker's copy; a fragment request for the
    # same URL is never answered with it (htmx would swap a whole page in).
    page.goto(f"{live_server}/workouts/start")
    expect(page.get_by_role("button", name="Start Full body")).to_be_visible()
    answer = page.evaluate(
        """fetch('/workouts/start', {headers: {'HX-Request': 'true'}})
            .then((response) => response.text(), () => 'no answer')"""
    )
    assert answer == "no answer"
