"""The start page: a welcome for visitors, a dashboard for a signed-in lifter."""

import pytest

from homegym.accounts.models import DEFAULT_EQUIPMENT
from homegym.extensions import db
from homegym.home import greeting


def test_visitors_get_the_welcome_page(client):
    response = client.get("/")

    page = response.get_data(True)
    assert response.status_code == 200
    assert "The training log for your home gym." in page
    assert 'href="/register"' in page and 'href="/login"' in page
    assert "Signed in as" not in page


def test_dashboard_greets_the_user_by_email(logged_in, user):
    page = logged_in.get("/").get_data(True)

    assert f"Signed in as {user.email}." in page
    assert "<h1>Dashboard</h1>" in page
    assert '<a href="/" aria-current="page">Dashboard</a>' in page


def test_dashboard_shows_the_settings_at_a_glance(logged_in, user):
    user.units = "lb"
    user.language = None
    user.timezone = "Europe/Berlin"
    db.session.commit()

    page = logged_in.get("/").get_data(True)

    assert "Pounds (lb)" in page
    assert "As my browser (English)" in page
    assert "Europe/Berlin" in page


def test_dashboard_counts_only_the_equipment_the_user_has(logged_in, user):
    user.equipment = {**DEFAULT_EQUIPMENT, "barbell": True, "rack": True}
    db.session.commit()

    page = logged_in.get("/").get_data(True)

    assert "3 kinds of equipment" in page
    for name in ("Barbell", "Squat rack", "Bodyweight"):
        assert f'<li class="badge">{name}</li>' in page
    assert "Kettlebells" not in page


def test_a_new_user_is_asked_to_add_equipment(logged_in):
    page = logged_in.get("/").get_data(True)

    assert "1 kind of equipment" in page
    assert "Add what you own" in page


def test_every_dashboard_link_leads_somewhere(logged_in):
    page = logged_in.get("/").get_data(True)

    for path in ("/settings", "/settings/equipment", "/workouts/start", "/plans"):
        assert f'href="{path}"' in page
        assert logged_in.get(path).status_code == 200


@pytest.mark.parametrize(
    ("hour", "expected"),
    [
        (4, "Hello!"),
        (5, "Good morning!"),
        (11, "Good morning!"),
        (12, "Good afternoon!"),
        (18, "Good evening!"),
        (23, "Hello!"),
    ],
)
def test_greeting_follows_the_hour(app, hour, expected):
    with app.test_request_context("/"):
        assert greeting(hour) == expected
