"""The main navigation on a phone and on a desk: every page within two taps."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, nav_to

pytestmark = pytest.mark.browser

# Link label, then the heading of the page it leads to.
PLACES = [
    ("Home", "Dashboard"),
    ("Workout", "Start a workout"),
    ("History", "History"),
    ("Progress", "Progress"),
    ("Plans", "Plans"),
    ("Exercises", "Exercises"),
    ("Coach", "Coach"),
    ("Import", "Import your history"),
    ("Settings", "Settings"),
]


def fits_the_screen(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_every_page_is_two_taps_away_on_a_phone(phone, live_server, make_user):
    page = phone
    log_in(page, live_server, make_user().email)
    tabs = page.get_by_role("navigation", name="Main")
    expect(tabs.get_by_role("link", name="Home")).to_be_in_viewport()
    assert fits_the_screen(page), "the navigation makes the page scroll sideways"

    for label, heading in PLACES:
        nav_to(page, label)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.locator(".tabbar [aria-current=page]")).to_have_text(label)
    assert not page.problems


def test_more_closes_on_a_tap_elsewhere_and_logs_out(phone, live_server, make_user):
    page = phone
    log_in(page, live_server, make_user().email)
    tabs = page.get_by_role("navigation", name="Main")
    menu_link = tabs.get_by_role("link", name="Coach")
    tabs.get_by_text("More", exact=True).tap()
    expect(menu_link).to_be_visible()
    page.get_by_role("heading", name="Dashboard").tap()
    expect(menu_link).to_be_hidden()

    tabs.get_by_text("More", exact=True).tap()
    tabs.get_by_role("button", name="Log out").tap()
    expect(page.get_by_role("heading", name="Log in", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).not_to_contain_text("More")


def test_more_works_without_javascript(phone_without_js, live_server, make_user):
    page = phone_without_js
    log_in(page, live_server, make_user().email)
    nav_to(page, "Settings")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings")


def test_a_desk_shows_every_link_in_the_top_bar(browser, live_server, app, make_user):
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, has_touch=True, locale="en-GB"
    )
    page = context.new_page()
    log_in(page, live_server, make_user().email)
    nav = page.get_by_role("navigation", name="Main")
    for label, _heading in PLACES[1:]:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    expect(page.locator(".tabbar")).to_be_hidden()
    context.close()
