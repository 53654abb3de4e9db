"""The installed app: Chromium finds it installable and its shell opens offline."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import wait_until

pytestmark = pytest.mark.browser


def wait_for_worker(page) -> None:
    """Wait until the service worker is active and has filled its cache."""
    wait_until(page, "navigator.serviceWorker.ready.then(() => true)")
    wait_until(
        page,
        "caches.keys().then(keys => keys.some(k => k.startsWith('homegym-shell-')))",
    )


def test_chromium_reports_no_installability_errors(page, live_server):
    page.goto(f"{live_server}/login")
    session = page.context.new_cdp_session(page)

    manifest = session.send("Page.getAppManifest")
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]

    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest.get("errors") == []
    # Playwright's contexts are incognito; that is the test's doing, not the app's.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == []


def test_shell_opens_offline(page, live_server):
    page.goto(f"{live_server}/login")
    wait_for_worker(page)
    page.reload()  # now under the worker's control

    page.context.set_offline(True)
    page.goto(f"{live_server}/settings")

    expect(page.locator("h1")).to_have_text("You are offline")
    # Every sheet of the page came from the worker's cache: none is empty.
    rules = page.evaluate(
        "Array.from(document.styleSheets).map((sheet) => sheet.cssRules.length)"
    )
    assert rules and all(count > 0 for count in rules), rules
    assert sum(rules) > 50
    assert page.evaluate("typeof htmx") == "object"
    page.context.set_offline(False)
