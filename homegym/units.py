"""Weights are stored in kilograms as exact decimals and shown in the user's unit."""

from decimal import ROUND_HALF_UP, Decimal

from flask import has_request_context
from flask_babel import format_decimal

KG_PER_LB = Decimal("0.45359237")
STORE_PLACES = Decimal("0.0001")
SHOW_PLACES = Decimal("0.01")
ESTIMATE_PLACES = Decimal("0.1")


def to_kg(value: Decimal | str | float, unit: str) -> Decimal:
    """Convert a weight entered in ``unit`` to kilograms for storage."""
    amount = Decimal(str(value))
    if unit == "lb":
        amount = amount * KG_PER_LB
    return amount.quantize(STORE_PLACES, rounding=ROUND_HALF_UP)


def from_kg(value: Decimal | str, unit: str) -> Decimal:
    """Convert a stored kilogram weight to ``unit``, rounded for display."""
    amount = Decimal(str(value))
    if unit == "lb":
        amount = amount / KG_PER_LB
    shown = amount.quantize(SHOW_PLACES, rounding=ROUND_HALF_UP).normalize()
    # normalize() turns 20 into 2E+1; format back to plain digits for display.
    return Decimal(f"{shown:f}")


def show_number(value) -> str:
    """A shown figure as the user's language writes it ("102,5" in German),
    to two places, without grouping or trailing zeros; plain digits outside a
    request (exports, logs)."""
    figure = Decimal(str(value)).normalize()
    if not has_request_context():
        return f"{figure:f}"
    return format_decimal(figure, format="0.##")


def format_estimate(value: Decimal | str, unit: str) -> str:
    """An estimate (an e1RM, an average) to a tenth of the unit: more digits
    would claim a precision that no formula or scale has."""
    shown = from_kg(value, unit).quantize(ESTIMATE_PLACES, rounding=ROUND_HALF_UP)
    return f"{show_number(shown)} {unit}"


def format_weight(value: Decimal | str, unit: str) -> str:
    """Render a stored weight in the user's unit without trailing zeros."""
    return f"{show_number(from_kg(value, unit))} {unit}"
