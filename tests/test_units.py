"""Weights are kept in kilograms and shown in the user's unit without surprises."""

from decimal import Decimal

import pytest

from homegym.units import format_estimate, format_weight, from_kg, show_number, to_kg


@pytest.mark.parametrize("pounds", ["225", "45", "2.5", "315", "1.25"])
def test_pounds_survive_a_round_trip(pounds):
    assert from_kg(to_kg(pounds, "lb"), "lb") == Decimal(pounds)


def test_whole_weights_show_without_exponent_or_trailing_zeros():
    assert str(from_kg(Decimal("20.0000"), "kg")) == "20"
    assert format_weight(Decimal("100"), "kg") == "100 kg"
    assert format_weight(Decimal("102.0582"), "lb") == "225 lb"


def test_every_hundredth_of_a_pound_up_to_1000_survives_a_round_trip():
    # Storage keeps 4 decimals of a kilogram, display 2 of a pound: the error
    # of storing (at most 0.00005 kg = 0.00011 lb) never reaches the display.
    changed = [
        cents
        for cents in range(0, 100_001)
        if from_kg(to_kg(Decimal(cents) / 100, "lb"), "lb") != Decimal(cents) / 100
    ]

    assert changed == []


def test_shown_weights_use_the_decimal_mark_of_the_users_language(app):
    from flask_babel import refresh

    with app.test_request_context(headers={"Accept-Language": "de"}):
        assert format_weight(Decimal("102.5"), "kg") == "102,5 kg"
        assert format_weight(Decimal("1000"), "kg") == "1000 kg"
        assert show_number(1.5) == "1,5"  # the coach's RPE and ratios too
        assert show_number(Decimal("12.0")) == "12"
    with app.test_request_context(headers={"Accept-Language": "en"}):
        refresh()  # the test's app context outlives the German request
        assert format_weight(Decimal("102.5"), "kg") == "102.5 kg"
    # Outside a request (exports, logs) the digits stay plain.
    assert format_weight(Decimal("102.5"), "kg") == "102.5 kg"


def test_estimates_are_shown_to_a_tenth():
    assert format_estimate(Decimal("116.6667"), "kg") == "116.7 kg"
    assert format_estimate(Decimal("120"), "kg") == "120 kg"
    assert format_estimate(Decimal("100"), "lb") == "220.5 lb"  # 220.46 lb
