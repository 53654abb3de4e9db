"""Settings: language, units, time zone and the home gym's equipment."""

from decimal import Decimal

from homegym.accounts.models import User
from homegym.extensions import db


def test_switching_to_german_translates_the_pages(logged_in, user):
    response = logged_in.post(
        "/settings", data={"language": "de", "units": "kg", "timezone": "Europe/Berlin"}
    )
    page = logged_in.get("/settings").get_data(True)

    assert response.status_code == 303
    assert '<html lang="de">' in page
    assert "Einstellungen" in page and "Speichern" in page
    assert db.session.get(User, user.id).timezone == "Europe/Berlin"


def test_browser_language_is_used_without_a_setting(client):
    page = client.get("/login", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert "Anmelden" in page.get_data(True)


def test_unknown_time_zone_is_refused(logged_in, user):
    response = logged_in.post(
        "/settings", data={"language": "en", "units": "kg", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200
    assert db.session.get(User, user.id).timezone == "UTC"


def test_equipment_in_pounds_round_trips_exactly(logged_in, user):
    user.units = "lb"
    db.session.commit()

    logged_in.post(
        "/settings/equipment",
        data={
            "barbell": "y",
            "rack": "y",
            "bar_weight": "45",
            "plates": "45 35, 25; 10 5 2.5",
            "kettlebell_weights": "",
        },
    )
    stored = db.session.get(User, user.id).equipment
    page = logged_in.get("/settings/equipment").get_data(True)

    assert stored["barbell"] and stored["rack"] and not stored["bench"]
    assert Decimal(stored["bar_weight"]) == Decimal("20.4117")
    assert 'value="45"' in page
    assert 'value="45 35 25 10 5 2.5"' in page


def test_equipment_with_a_bad_weight_changes_nothing(logged_in, user):
    before = dict(user.equipment_settings())
    response = logged_in.post(
        "/settings/equipment", data={"barbell": "y", "plates": "20 banana"}
    )

    assert "“banana” is not a weight" in response.get_data(True)
    db.session.expire_all()
    assert db.session.get(User, user.id).equipment_settings() == before


def test_equipment_in_kilograms_shows_plain_numbers(logged_in):
    logged_in.post("/settings/equipment", data={"barbell": "y", "bar_weight": "20"})
    page = logged_in.get("/settings/equipment").get_data(True)

    assert 'value="20"' in page and "E+" not in page


def test_dumbbell_range_must_run_upwards(logged_in, user):
    response = logged_in.post(
        "/settings/equipment",
        data={"dumbbells": "y", "dumbbell_min": "30", "dumbbell_max": "10"},
    )

    assert "must not be lighter than the lightest" in response.get_data(True)
    assert not db.session.get(User, user.id).equipment_settings()["dumbbells"]
