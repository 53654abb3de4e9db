"""A lifter registers, logs in, switches to German and sees the dashboard."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from homegym.accounts.models import User
from tests.browser.conftest import server_rows

pytestmark = pytest.mark.browser
PASSWORD = "plates on the garage floor"


def test_register_login_switch_to_german(page, live_server):
    page.goto(f"{live_server}/register")
    page.fill("input[name=email]", "lifter@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("lifter@example.com")

    page.click("header.topbar button:has-text('Log out')")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.fill("input[name=email]", "lifter@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.check("input[name=remember]")
    page.click("main form button[type=submit]")
    expect(page.locator("main")).to_contain_text("lifter@example.com")

    page.goto(f"{live_server}/settings")
    page.select_option("select[name=language]", "de")
    page.click("main form button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator(".flash")).to_have_text("Einstellungen gespeichert.")

    page.goto(f"{live_server}/")
    expect(page.locator("h1")).to_contain_text("Übersicht")
    expect(page.locator("header.topbar")).to_contain_text("Abmelden")
    assert server_rows(select(User.language)) == ["de"]
