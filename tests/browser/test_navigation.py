"""The main navigation on a phone and on a desk: every page within two taps."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, nav_to
from tests.conftest import PASSWORD

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
    # Waited for first: the tab bar is hidden by a style rule, not by markup.
    expect(page.locator(".tabbar")).to_be_hidden()
    nav = page.get_by_role("banner").get_by_role("navigation", name="Main")
    for label, _heading in PLACES[1:]:
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Dashboard")).to_be_visible()
    context.close()


# Pages a lifter opens on a phone; none may scroll sideways or cut a button.
KEY_PAGES = [
    "/",
    "/workouts/start",
    "/workouts",
    "/plans",
    "/exercises",
    "/progress",
    "/progress/body",
    "/progress/photos",
    "/imports",
    "/settings",
    "/settings/equipment",
    "/settings/sessions",
    "/settings/export",
    "/tools/plates",
]

CUT_BUTTONS = """
() => [...document.querySelectorAll('main .button, main button')]
  .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
  .map(b => b.textContent.trim())
"""


def sign_in(page, base: str, email: str) -> None:
    """Log in by the form's fields, whatever language the account uses."""
    page.goto(f"{base}/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(f"{base}/")
    expect(page.locator("h1")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "de"])
def test_key_pages_fit_a_phone_and_their_buttons(
    phone, live_server, make_user, language
):
    page = phone
    user = make_user(language=language)
    sign_in(page, live_server, user.email)
    for path in KEY_PAGES:
        page.goto(live_server + path)
        assert fits_the_screen(page), f"{path} scrolls sideways ({language})"
        assert page.evaluate(CUT_BUTTONS) == [], f"a button on {path} cuts its label"
        cut_tabs = page.evaluate(
            "[...document.querySelectorAll('.tabbar .tab span')]"
            ".filter(s => s.scrollWidth > s.clientWidth).map(s => s.textContent)"
        )
        assert cut_tabs == [], f"tab labels cut short on {path}: {cut_tabs}"
    assert not page.problems


def test_the_german_tab_bar_keeps_its_labels_on_a_small_phone(
    browser, live_server, app, make_user
):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    sign_in(page, live_server, make_user(language="de").email)
    tabs = page.locator(".tabbar .tab span")
    expect(tabs).to_have_text(["Start", "Training", "Verlauf", "Fortschritt", "Mehr"])
    assert page.evaluate(
        "[...document.querySelectorAll('.tabbar .tab span')]"
        ".every(s => s.scrollWidth <= s.clientWidth)"
    ), "a tab label ends in an ellipsis"
    assert fits_the_screen(page)
    context.close()


@pytest.mark.parametrize("width", [800, 1024, 1280])
@pytest.mark.parametrize("language", ["en", "de"])
def test_log_out_is_in_sight_in_the_top_bar_on_a_desk(
    browser, live_server, app, make_user, language, width
):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    sign_in(page, live_server, make_user(language=language).email)
    logout = page.locator(".mainnav button", has_text=re.compile("Log out|Abmelden"))
    expect(logout).to_be_in_viewport(ratio=1)
    nav = page.locator(".mainnav")
    assert nav.evaluate("n => n.scrollWidth <= n.clientWidth"), "links hide off-bar"
    context.close()
