"""Weights are kept in kilograms and shown in the user's unit without surprises."""

from decimal import Decimal

import pytest

from homegym.units import format_weight, from_kg, to_kg


@pytest.mark.parametrize("pounds", ["225", "45", "2.5", "315", "1.25"])
def test_pounds_survive_a_round_trip(pounds):
    assert from_kg(to_kg(pounds, "lb"), "lb") == Decimal(pounds)


def test_whole_weights_show_without_exponent_or_trailing_zeros():
    assert str(from_kg(Decimal("20.0000"), "kg")) == "20"
    assert format_weight(Decimal("100"), "kg") == "100 kg"
    assert format_weight(Decimal("102.0582"), "lb") == "225 lb"
