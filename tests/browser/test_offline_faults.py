"""The outbox against a server that fails, refuses, changes and redeploys.

Each test queues changes on a phone with no network, lets the server (through
the ``sync_tap``) answer the way the case needs, and ends by reading the
server's database: every change arrives once, or is shown to the lifter.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from homegym import pwa
from homegym.accounts.models import LoginSession
from homegym.extensions import db
from homegym.workouts.models import SyncChange, WorkoutSet
from tests.browser.conftest import (
    cards,
    eventually,
    install,
    log_in,
    outbox_count,
    rows,
    server_sets,
    start_online,
    tick,
    ticked,
    type_into,
    wait_outbox_empty,
    wait_pending,
    wait_until,
)

pytestmark = pytest.mark.browser

FAILURES = {"fail", "apply-then-fail", "portal"}


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def settled_offline(page) -> None:
    """Wait until the page has tried to send and found no network.

    A tap asks for a flush 50 ms later; going online before it runs would
    let that timer, not the trigger under test, send the changes.
    """
    expect(page.locator("#sync-status")).to_have_attribute("data-state", "offline")


def mute_online(page) -> None:
    """Reload the page deaf to "online", as a page frozen in the background is.

    Listeners of one target run in the order they were added, so a listener
    added before the page's scripts can stop the event reaching them.
    """
    page.add_init_script(
        "window.addEventListener('online', (event) => event.stopImmediatePropagation())"
    )
    page.reload()
    page.wait_for_function("() => !!window.HomeGymSync")


def two_sets_waiting(page, base: str, lifter, deaf: bool = False) -> None:
    """Start the lifter's workout online, then tick two sets with no network.

    ``deaf``: the page is reloaded deaf to "online" first (mute_online)."""
    install(page, base, lifter.email)
    start_online(page)
    if deaf:
        mute_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    tick(page, 0, 1)
    wait_pending(page, 2)
    settled_offline(page)


def deploy(page, monkeypatch, version: str) -> None:
    """Give the worker a new version and wait until it is installed."""
    monkeypatch.setattr(pwa, "shell_version", lambda files: version)
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    wait_until(page, f"caches.has('homegym-shell-{version}')")


def wait_taken_over(page, version: str) -> None:
    """Wait until the new worker is active: its "activate" drops the old shell."""
    wait_until(
        page,
        "caches.keys().then((keys) => keys.filter((k) => "
        f"k.startsWith('homegym-shell-')).join() === 'homegym-shell-{version}')",
    )


def next_attempt_after(tap, failed):
    """The next request of the same sender after a failed one, if any."""
    later = [s for s in tap.seen if s.sender == failed.sender and s.at > failed.at]
    return later[0] if later else None


@pytest.mark.parametrize(
    "plans",
    [
        {"/sync": ("apply-then-fail", "fail")},
        {"/sync/session": ("portal",), "/sync": ("portal",)},
    ],
    ids=["server-error", "wifi-sign-in-page"],
)
def test_a_failing_server_keeps_the_changes_and_retries_with_backoff(
    offline_phone, live_server, sync_tap, lifter, plans
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    type_into(page, 0, 1, "reps", "4")
    tick(page, 0, 2)
    wait_pending(page, 3)
    settled_offline(page)

    for path, actions in plans.items():
        sync_tap.plan(*actions, path=path)
    page.context.set_offline(False)

    eventually(page, lambda: ticked(lifter)[:3] == [True, False, True])
    wait_outbox_empty(page)
    assert not any(sync_tap.plans.values()), "every planned failure was met"
    failed = [seen for seen in sync_tap.seen if seen.plan in FAILURES]
    for failure in failed:
        retry = next_attempt_after(sync_tap, failure)
        assert retry is None or retry.at - failure.at >= 1.5, "tried again at once"
    assert server_sets(lifter)[:3] == [
        (0, Decimal(60), 5, "normal", True),
        (0, Decimal(60), 4, "normal", False),
        (0, Decimal(60), 5, "normal", True),
    ]
    assert count(SyncChange) == 3
    assert count(WorkoutSet) == 9 + 9


def rejected_items(page):
    return page.locator("#sync-status [data-sync-rejected] li")


def test_a_change_the_server_refuses_is_shown_and_the_ones_around_it_arrive(
    offline_phone, live_server, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    type_into(page, 0, 1, "reps", "4")
    tick(page, 0, 2)
    wait_pending(page, 3)

    # Meanwhile the lifter removed the second set on another device.
    db.session.rollback()  # read what the page's start wrote, not an old snapshot
    second = db.session.scalars(
        select(WorkoutSet)
        .where(WorkoutSet.user_id == lifter.id, WorkoutSet.completed_at.is_(None))
        .order_by(WorkoutSet.performed_exercise_id, WorkoutSet.position)
    ).all()[1]
    db.session.delete(second)
    db.session.commit()
    page.context.set_offline(False)

    eventually(page, lambda: ticked(lifter)[:2] == [True, True])
    wait_outbox_empty(page)
    expect(rejected_items(page)).to_have_count(1)
    expect(rejected_items(page)).to_contain_text(
        "The server refused this change: This set is not on the server any more."
    )
    page.reload()  # kept on the phone until the lifter has read it
    expect(rejected_items(page)).to_have_count(1)
    rejected_items(page).get_by_role("button", name="Dismiss").tap()
    expect(rejected_items(page)).to_have_count(0)
    expect(page.locator("#sync-status")).to_be_hidden()

    assert server_sets(lifter)[:2] == [(0, Decimal(60), 5, "normal", True)] * 2
    assert count(SyncChange) == 2
    assert count(WorkoutSet) == 9 + 8


def test_a_batch_the_server_cannot_read_is_sent_again_change_by_change(
    offline_phone, live_server, sync_tap, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)
    page.context.set_offline(True)
    tick(page, 0, 0)
    # A change of an operation this server does not know, as a newer build
    # of the app would queue it: the server refuses the whole request (400).
    page.evaluate(
        """() => {
            const card = document.querySelector('.exercise-card');
            const row = card.querySelector('.set-row');
            return HomeGymOutbox.add({
                user: HomeGymSync.user,
                workout: document.querySelector('[data-live]').dataset.workoutUuid,
                op: 'set.note',
                target: row.dataset.uuid,
                parent: card.dataset.uuid,
                data: {uuid: row.dataset.uuid, note: 'grip felt off'},
            });
        }"""
    )
    tick(page, 0, 1)
    wait_pending(page, 3)
    page.context.set_offline(False)

    eventually(page, lambda: ticked(lifter)[:3] == [True, True, False])
    wait_outbox_empty(page)
    expect(rejected_items(page)).to_have_count(1)
    expect(rejected_items(page)).to_contain_text("unknown operation")
    statuses = [seen.status[:3] for seen in sync_tap.posts()]
    assert statuses == ["400", "200", "400", "200"]
    assert [len(seen.changes) for seen in sync_tap.posts()] == [3, 1, 1, 1]
    assert count(SyncChange) == 2


def test_a_stale_csrf_token_is_renewed_and_the_changes_arrive(
    offline_phone, live_server, sync_tap, lifter
):
    page = offline_phone
    two_sets_waiting(page, live_server, lifter)

    sync_tap.plan("stale-token")
    page.context.set_offline(False)

    eventually(page, lambda: ticked(lifter)[:3] == [True, True, False])
    wait_outbox_empty(page)
    sent = [(seen.method, seen.status[:3]) for seen in sync_tap.seen]
    first = sent.index(("POST", "403"))
    assert sent[first + 1 : first + 3] == [("GET", "200"), ("POST", "200")]
    assert sync_tap.posts()[0].changes == sync_tap.posts()[1].changes
    assert page.locator("#sync-status").get_attribute("data-state") != "login"
    assert count(SyncChange) == 2


def test_coming_back_to_the_foreground_sends_the_outbox(
    offline_phone, live_server, live_app, sync_tap, lifter
):
    page = offline_phone
    two_sets_waiting(page, live_server, lifter, deaf=True)

    # The network returns unseen by the page; the worker's Background Sync
    # meets maintenance and leaves its next try to the browser (minutes).
    live_app.config["DEBUG_MAINTENANCE"] = True
    page.context.set_offline(False)
    eventually(page, lambda: any(s.status[:3] == "503" for s in sync_tap.posts()))
    live_app.config["DEBUG_MAINTENANCE"] = False
    quiet = len(sync_tap.seen)
    page.wait_for_timeout(3000)  # longer than the page's first backoff
    assert len(sync_tap.seen) == quiet, "nothing but the foreground may send now"
    assert ticked(lifter)[:2] == [False, False]

    page.evaluate(
        """(states) => states.forEach((state) => {
            Object.defineProperty(document, 'visibilityState', {
                configurable: true, get: () => state,
            });
            document.dispatchEvent(new Event('visibilitychange'));
        })""",
        ["hidden", "visible"],
    )

    eventually(page, lambda: ticked(lifter)[:3] == [True, True, False])
    assert sync_tap.posts()[-1].sender == "page"
    assert count(SyncChange) == 2


def test_two_tabs_coming_online_together_send_each_change_once(
    offline_phone, live_server, sync_tap, lifter
):
    first = offline_phone
    install(first, live_server, lifter.email)
    start_online(first)
    second = first.context.new_page()
    second.set_default_timeout(10_000)
    second.goto(first.url)
    second.wait_for_function("() => !!window.HomeGymSync")
    first.context.set_offline(True)
    tick(first, 0, 0)
    tick(first, 0, 1)
    tick(second, 1, 0)
    wait_pending(first, 3)
    wait_pending(second, 3)
    settled_offline(second)  # the first tab's news of that last tap: "queued"

    sync_tap.plan("hold")
    first.context.set_offline(False)  # both tabs and the worker hear of it
    eventually(first, lambda: sync_tap.waiting == 1)
    first.wait_for_timeout(1000)  # room for a second flush to show itself
    assert len(sync_tap.posts()) == 1, "a second flush ran alongside the first"
    tick(second, 1, 1)  # made while the first flush is on the wire
    wait_pending(second, 4)
    sync_tap.release()

    eventually(first, lambda: ticked(lifter)[:5] == [True, True, False, True, True])
    for page in (first, second):
        wait_outbox_empty(page)
    delivered = sync_tap.deliveries()
    assert len(delivered) == 4 and set(delivered.values()) == {1}, delivered
    assert count(SyncChange) == 4


def test_maintenance_begun_while_a_sync_is_on_the_wire_keeps_the_changes(
    offline_phone, live_server, live_app, sync_tap, lifter
):
    page = offline_phone
    two_sets_waiting(page, live_server, lifter)

    sync_tap.plan("hold")
    page.context.set_offline(False)
    eventually(page, lambda: sync_tap.waiting == 1)
    live_app.config["DEBUG_MAINTENANCE"] = True
    tick(page, 1, 0)  # queued behind the sync on the wire
    wait_pending(page, 3)
    sync_tap.release()

    eventually(page, lambda: sync_tap.posts()[0].status[:3] == "503")
    expect(page.locator("#sync-status")).to_contain_text("being maintained")
    assert outbox_count(page) == 3
    assert not any(ticked(lifter))

    live_app.config["DEBUG_MAINTENANCE"] = False
    eventually(page, lambda: ticked(lifter)[:4] == [True, True, False, True])
    wait_outbox_empty(page)
    assert count(SyncChange) == 3


def test_a_lost_database_keeps_the_changes_and_says_it_is_not_maintenance(
    offline_phone, live_server, lifter, monkeypatch
):
    """The server's real 503 for a lost database (errors.py), not maintenance:
    the lifter is told the server cannot save, and nothing is lost."""
    from sqlalchemy.exc import OperationalError

    from homegym.workouts import sync

    page = offline_phone
    two_sets_waiting(page, live_server, lifter)
    real = sync.apply_changes

    def lost(*_args, **_kwargs):
        raise OperationalError("COMMIT", {}, Exception(2013, "Lost connection"))

    monkeypatch.setattr(sync, "apply_changes", lost)
    page.context.set_offline(False)

    expect(page.locator("#sync-status")).to_contain_text("cannot save right now")
    expect(page.locator("#sync-status")).not_to_contain_text("being maintained")
    assert outbox_count(page) == 2
    assert not any(ticked(lifter))

    monkeypatch.setattr(sync, "apply_changes", real)
    eventually(page, lambda: ticked(lifter)[:2] == [True, True])
    wait_outbox_empty(page)
    assert count(SyncChange) == 2


@pytest.mark.parametrize("sender", ["worker", "first-to-go"])
def test_a_new_worker_taking_over_mid_sync_loses_and_doubles_nothing(
    offline_phone, live_server, sync_tap, lifter, monkeypatch, sender
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)
    if sender == "worker":
        mute_online(page)  # the page stays still; Background Sync sends
    page.context.set_offline(True)
    tick(page, 0, 0)
    cards(page).nth(0).get_by_role("button", name="+ Add set").tap()
    tick(page, 0, 3)
    wait_pending(page, 3)
    settled_offline(page)

    sync_tap.plan("hold")
    page.context.set_offline(False)
    eventually(page, lambda: sync_tap.waiting == 1)
    if sender == "worker":
        assert sync_tap.posts()[0].sender == "worker"
    # The new worker installs now and takes over once the sync on the wire
    # has ended, whether the page or the old worker sends it.
    deploy(page, monkeypatch, "deployed-mid-sync")
    assert outbox_count(page) == 3
    sync_tap.release()
    wait_taken_over(page, "deployed-mid-sync")

    eventually(page, lambda: ticked(lifter)[:4] == [True, False, False, True])
    wait_outbox_empty(page)
    delivered = sync_tap.deliveries()
    assert len(delivered) == 3 and set(delivered.values()) == {1}, delivered
    assert count(SyncChange) == 3
    assert count(WorkoutSet) == 9 + 10


# The next build's outbox: one more schema step, which reshapes every entry
# and adds an index, as a real upgrade would in its upgrade transaction.
NEXT_STEP = """
    (db, tx) => {
      tx.objectStore("rejected").createIndex("user", "user");
      tx.objectStore("outbox").openCursor().onsuccess = (event) => {
        const cursor = event.target.result;
        if (cursor) {
          cursor.update({ ...cursor.value, shape: 2 });
          cursor.continue();
        }
      };
    },
"""

READ_DATABASE = """() => new Promise((resolve, reject) => {
    const request = indexedDB.open('homegym');
    request.onerror = () => reject(request.error);
    request.onsuccess = () => {
        const db = request.result;
        const tx = db.transaction(['outbox', 'rejected']);
        const all = tx.objectStore('outbox').getAll();
        all.onsuccess = () => {
            resolve({
                version: db.version,
                indexes: Array.from(tx.objectStore('rejected').indexNames),
                shapes: all.result.map((entry) => entry.shape || 1),
            });
            db.close();
        };
    };
})"""


@pytest.fixture
def next_build(live_app, monkeypatch):
    """Serve an outbox.js with one more schema step, as the next release would."""
    source = (Path(live_app.static_folder) / "js" / "outbox.js").read_text()
    upgraded, found = re.subn(
        r"(const MIGRATIONS = \[\n.*?\n)(  \];)",
        lambda match: match[1] + NEXT_STEP + match[2],
        source,
        count=1,
        flags=re.S,
    )
    assert found == 1, "outbox.js no longer lists its MIGRATIONS as this test expects"
    served = live_app.wsgi_app

    def serve(environ, start_response):
        if environ["PATH_INFO"] != "/static/js/outbox.js":
            return served(environ, start_response)
        start_response("200 OK", [("Content-Type", "text/javascript")])
        return [upgraded.encode()]

    def ship(page) -> None:
        monkeypatch.setattr(live_app, "wsgi_app", serve)
        deploy(page, monkeypatch, "next-build")
        wait_taken_over(page, "next-build")

    return ship


def test_the_next_builds_schema_upgrade_keeps_the_outbox_and_old_tabs_working(
    offline_phone, live_server, live_app, lifter, next_build
):
    old = offline_phone
    install(old, live_server, lifter.email)
    start_online(old)
    log_url = old.url
    old.context.set_offline(True)
    tick(old, 0, 0)
    tick(old, 0, 1)
    wait_pending(old, 2)
    assert old.evaluate(READ_DATABASE)["version"] == 1

    # Maintenance holds the changes back while the next build goes out.
    live_app.config["DEBUG_MAINTENANCE"] = True
    old.context.set_offline(False)
    next_build(old)
    new = old.context.new_page()
    new.set_default_timeout(10_000)
    new.goto(log_url)
    wait_pending(new, 2)
    expect(new.locator("form.set-row.is-done")).to_have_count(2)
    database = new.evaluate(READ_DATABASE)
    assert database == {"version": 2, "indexes": ["user"], "shapes": [2, 2]}

    # The tab still running this build works on in the upgraded database.
    tick(old, 0, 2)
    wait_pending(new, 3)
    assert old.evaluate(READ_DATABASE)["shapes"] == [2, 2, 1]

    live_app.config["DEBUG_MAINTENANCE"] = False
    new.reload()
    eventually(new, lambda: ticked(lifter)[:4] == [True, True, True, False])
    wait_outbox_empty(new)
    assert count(SyncChange) == 3


def test_a_tap_during_maintenance_online_waits_on_the_phone_and_arrives(
    offline_phone, live_server, live_app, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)

    # Online, with nothing waiting, a tap goes straight to the server, which
    # is being maintained: the tap is kept on the phone, not lost.
    live_app.config["DEBUG_MAINTENANCE"] = True
    tick(page, 0, 0)
    type_into(page, 0, 1, "reps", "4")
    wait_pending(page, 2)
    status = page.locator("#sync-status")
    expect(status).to_contain_text("being maintained")
    expect(rows(page, 0).nth(0)).to_contain_text("waiting to sync")
    assert ticked(lifter)[:2] == [False, False]

    live_app.config["DEBUG_MAINTENANCE"] = False
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
    wait_outbox_empty(page)
    assert count(SyncChange) == 2


def test_a_tap_after_the_session_ended_online_waits_for_the_login(
    offline_phone, live_server, lifter
):
    page = offline_phone
    install(page, live_server, lifter.email)
    start_online(page)

    db.session.execute(delete(LoginSession).where(LoginSession.user_id == lifter.id))
    db.session.commit()
    tick(page, 0, 0)  # the server answers 401 and would send the page to log in

    status = page.locator("#sync-status")
    expect(status).to_have_attribute("data-state", "login", timeout=20_000)
    expect(page).to_have_url(re.compile(r"/workouts/\d+/log$"))
    assert outbox_count(page) == 1
    assert not any(ticked(lifter))

    status.get_by_role("link", name="Log in").tap()
    # The link's page first, then the login; a goto before it lands cuts it.
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    log_in(page, live_server, lifter.email)
    eventually(page, lambda: ticked(lifter)[:2] == [True, False])
    wait_outbox_empty(page)
    assert count(SyncChange) == 1
