"""htmx works under the strict CSP: ending a session swaps the list, shows a toast."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym.accounts.models import LoginSession
from tests.browser.conftest import server_rows
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text(email)


def test_ending_another_session_with_htmx(browser, live_server, user):
    phone = browser.new_context(
        user_agent="Mozilla/5.0 (Linux; Android 14) Firefox/128"
    )
    desktop = browser.new_context()
    phone_page, page = phone.new_page(), desktop.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(phone_page, live_server, user.email)
    log_in(page, live_server, user.email)

    page.goto(f"{live_server}/settings/sessions")
    page.wait_for_function("() => typeof htmx === 'object'")
    with page.expect_request(lambda r: r.headers.get("hx-request") == "true"):
        page.locator("li.row", has_text="Firefox").locator("button").click()

    expect(page.locator("#session-list li.row")).to_have_count(1)
    expect(page.locator("#toasts")).to_contain_text("Session ended.")
    assert problems == []
    assert len(server_rows(select(LoginSession))) == 1
    phone_page.goto(f"{live_server}/settings")
    expect(phone_page.locator("h1")).to_have_text("Log in")
    phone.close()
    desktop.close()
