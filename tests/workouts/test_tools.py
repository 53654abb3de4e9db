"""The calculator endpoints: fragments for htmx, a page without it, clear errors."""

import re

import pytest

from homegym.accounts.models import DEFAULT_EQUIPMENT
from homegym.workouts.calculators import WARMUP_SOURCE
from tests.conftest import log_in

HTMX = {"HX-Request": "true"}
LB_EQUIPMENT = {
    **DEFAULT_EQUIPMENT,
    "barbell": True,
    "bar_weight": "20.4117",
    "plates": ["20.4117", "15.8757", "11.3398", "4.5359", "2.2680", "1.1340"],
}


def text(response) -> str:
    """The response as the user reads it: tags dropped, spaces squeezed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(True)).split())


def side_plates(response) -> list[str]:
    """The per-side plate list as the screen reader hears it."""
    page = response.get_data(True)
    block = re.search(r'<ul class="plate-list">(.*?)</ul>', page, re.S)
    assert block, "no plate list in the answer"
    return [" ".join(item.split()) for item in re.findall(r"<li>(.*?)</li>", block[1])]


def test_htmx_gets_the_plate_fragment_for_100_kg(logged_in):
    response = logged_in.get("/tools/plates?weight=100", headers=HTMX)

    assert response.status_code == 200
    body = response.get_data(True)
    assert "<html" not in body
    assert 'id="plates-calc"' in body
    assert side_plates(response) == ["1 × 25 kg", "1 × 15 kg"]
    assert 'class="plate plate-6">25<' in body


def test_the_plain_request_gets_the_page_with_a_form_and_the_rest_timer(logged_in):
    response = logged_in.get("/tools/plates?weight=102.5")

    assert response.status_code == 200
    body = response.get_data(True)
    assert "<html" in body
    assert side_plates(response) == ["1 × 25 kg", "1 × 15 kg", "1 × 1.25 kg"]
    assert 'action="/tools/plates"' in body and 'method="get"' in body
    assert 'id="warmup-calc"' in body
    assert 'id="rest-timer"' in body and "js/workouts.js" in body


def test_the_page_without_a_weight_offers_the_form_only(logged_in):
    response = logged_in.get("/tools/plates")

    assert response.status_code == 200
    assert 'name="weight"' in response.get_data(True)
    assert "plate-list" not in response.get_data(True)


def test_an_unloadable_weight_names_the_nearest_below_and_above(logged_in):
    response = logged_in.get("/tools/plates?weight=101", headers=HTMX)

    assert response.status_code == 200
    shown = text(response)
    assert "101 kg cannot be loaded with your plates" in shown
    assert "the nearest below, 100 kg" in shown
    assert "Nearest above: 102.5 kg" in shown
    assert side_plates(response) == ["1 × 25 kg", "1 × 15 kg"]


def test_a_german_decimal_comma_is_understood(logged_in):
    response = logged_in.get("/tools/plates?weight=102,5", headers=HTMX)

    assert response.status_code == 200
    assert side_plates(response)[-1] == "1 × 1.25 kg"


def test_a_lb_lifter_enters_225_and_sees_45_lb_plates(client, make_user):
    lifter = make_user(units="lb", equipment=LB_EQUIPMENT)
    log_in(client, lifter.email)

    response = client.get("/tools/plates?weight=225", headers=HTMX)

    assert response.status_code == 200
    assert side_plates(response) == ["2 × 45 lb"]
    assert "225 lb" in text(response)
    assert "Bar: 45 lb." in text(response)


def test_the_plates_come_from_the_equipment_settings(client, make_user):
    lifter = make_user(equipment={**DEFAULT_EQUIPMENT, "plates": ["10"]})
    log_in(client, lifter.email)

    response = client.get("/tools/plates?weight=100", headers=HTMX)

    assert side_plates(response) == ["4 × 10 kg"]


def test_without_plates_the_user_is_sent_to_the_equipment_settings(client, make_user):
    lifter = make_user(equipment={**DEFAULT_EQUIPMENT, "plates": []})
    log_in(client, lifter.email)

    response = client.get("/tools/plates?weight=60", headers=HTMX)

    assert response.status_code == 200
    assert "No plates in your equipment settings yet." in text(response)
    assert 'href="/settings/equipment"' in response.get_data(True)


@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("", "Enter a weight."),
        ("heavy", "Enter the weight as a number, like 102.5."),
        ("NaN", "Enter the weight as a number, like 102.5."),
        ("Infinity", "Enter the weight as a number, like 102.5."),
        ("0", "Enter a weight above zero."),
        ("-40", "Enter a weight above zero."),
        ("1e9", "Enter at most 1000 kg."),
        ("15", "That is lighter than your bar."),
    ],
)
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "page"])
def test_bad_plate_weights_get_a_clear_message_and_422(
    logged_in, weight, message, headers
):
    response = logged_in.get(
        "/tools/plates", query_string={"weight": weight}, headers=headers
    )

    assert response.status_code == 422
    assert message in text(response)
    assert 'aria-invalid="true"' in response.get_data(True)
    assert ("<html" in response.get_data(True)) == (headers == {})
    assert "plate-list" not in response.get_data(True)


def test_the_warmup_fragment_ramps_up_to_100_kg_and_cites_its_source(logged_in):
    response = logged_in.get("/tools/warmup?weight=100", headers=HTMX)

    assert response.status_code == 200
    assert "<html" not in response.get_data(True)
    shown = text(response)
    assert "20 kg × 10 40 kg × 5 60 kg × 3 80 kg × 2" in shown
    assert "Then your working set: 100 kg" in shown
    assert "79% of the outcomes studied" in shown
    assert WARMUP_SOURCE in shown
    assert 'href="https://doi.org/10.1519/JSC.0b013e3181c643a0"' in response.get_data(
        True
    )


def test_the_warmup_page_works_without_htmx(logged_in):
    response = logged_in.get("/tools/warmup?weight=60")

    assert response.status_code == 200
    assert "<html" in response.get_data(True)
    assert "25 kg × 5 35 kg × 3 47.5 kg × 2" in text(response)


def test_warmup_weights_open_their_plates(logged_in):
    response = logged_in.get("/tools/warmup?weight=100", headers=HTMX)

    assert 'hx-get="/tools/plates?weight=40"' in response.get_data(True)


def test_warmup_in_pounds(client, make_user):
    lifter = make_user(units="lb", equipment=LB_EQUIPMENT)
    log_in(client, lifter.email)

    response = client.get("/tools/warmup?weight=225", headers=HTMX)

    assert "45 lb × 10 90 lb × 5 135 lb × 3 180 lb × 2" in text(response)


def test_a_bodyweight_exercise_warms_up_without_load(logged_in, make_exercise):
    pull_up = make_exercise(name_en="Pull-up", load="bodyweight")

    response = logged_in.get(f"/tools/warmup?exercise_id={pull_up.id}", headers=HTMX)

    assert response.status_code == 200
    shown = text(response)
    assert "Pull-up" in shown
    assert "No load × 8 No load × 4" in shown
    assert 'name="weight"' not in response.get_data(True)


def test_the_users_own_exercise_is_accepted(logged_in, user, make_exercise):
    mine = make_exercise(user, name_en="Garage Squat")

    response = logged_in.get(f"/tools/warmup?weight=80&exercise_id={mine.id}")

    assert response.status_code == 200
    assert "Garage Squat" in text(response)
    assert f'name="exercise_id" value="{mine.id}"' in response.get_data(True)


@pytest.mark.parametrize("weight", ["", "abc", "0", "-5", "5000"])
def test_bad_warmup_weights_get_422(logged_in, weight):
    response = logged_in.get(
        "/tools/warmup", query_string={"weight": weight}, headers=HTMX
    )

    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(True)
    assert "warmup-list" not in response.get_data(True)


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "page"])
@pytest.mark.parametrize("whose", ["other user", "unknown", "not a number"])
def test_an_exercise_the_user_cannot_see_is_not_found(
    logged_in, make_user, make_exercise, headers, whose
):
    theirs = make_exercise(make_user(), name_en="Secret Squat")
    exercise_id = {"other user": theirs.id, "unknown": theirs.id + 999}.get(
        whose, "abc"
    )

    response = logged_in.get(
        "/tools/warmup",
        query_string={"weight": "100", "exercise_id": exercise_id},
        headers=headers,
    )

    assert response.status_code == 404
    assert "Secret Squat" not in response.get_data(True)


def test_a_bodyweight_exercise_ignores_a_stray_weight(logged_in, make_exercise):
    dip = make_exercise(name_en="Dip", load="bodyweight")

    response = logged_in.get(
        "/tools/warmup", query_string={"exercise_id": dip.id, "weight": "abc"}
    )

    assert response.status_code == 200
    assert "No load × 8" in text(response)


@pytest.mark.parametrize("path", ["/tools/plates", "/tools/warmup"])
def test_a_weight_that_rounds_to_nothing_is_refused_even_without_a_bar(
    client, make_user, path
):
    lifter = make_user(equipment={**DEFAULT_EQUIPMENT, "bar_weight": ""})
    log_in(client, lifter.email)

    response = client.get(path, query_string={"weight": "0.00001"}, headers=HTMX)

    assert response.status_code == 422
    assert "Enter a weight above zero." in text(response)


def test_without_a_bar_the_plates_make_the_whole_weight(client, make_user):
    lifter = make_user(equipment={**DEFAULT_EQUIPMENT, "bar_weight": ""})
    log_in(client, lifter.email)

    response = client.get("/tools/plates?weight=50", headers=HTMX)

    assert side_plates(response) == ["1 × 25 kg"]
