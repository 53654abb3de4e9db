"""The home gym's equipment, kept in kilograms and edited in the user's unit."""

import re
from decimal import Decimal, InvalidOperation

from homegym.units import from_kg, to_kg

FLAGS = (
    "barbell",
    "rack",
    "bench",
    "dumbbells",
    "kettlebells",
    "pullup_bar",
    "bands",
    "cable",
    "machines",
    "bodyweight",
)
SINGLE_WEIGHTS = ("bar_weight", "dumbbell_min", "dumbbell_max", "dumbbell_step")
WEIGHT_LISTS = ("plates", "kettlebell_weights")
SEPARATORS = re.compile(r"[;\s]+|,\s+")


def parse_weights(text: str) -> list[Decimal]:
    """Parse '25 20 2,5' or '25; 20; 2.5'; raise ValueError naming a bad entry."""
    values = []
    for part in SEPARATORS.split(text.strip()):
        if not part:
            continue
        try:
            value = Decimal(part.replace(",", "."))
        except InvalidOperation as error:
            raise ValueError(part) from error
        if not value.is_finite() or value <= 0 or value > 500:
            raise ValueError(part)
        values.append(value)
    return values


def _text(value: Decimal) -> str:
    return f"{value.normalize():f}"


def form_data(equipment: dict, unit: str) -> dict:
    """Turn stored equipment into form values in the user's unit."""
    data = {flag: bool(equipment.get(flag)) for flag in FLAGS}
    for key in SINGLE_WEIGHTS:
        stored = equipment.get(key)
        data[key] = from_kg(stored, unit) if stored not in (None, "") else None
    for key in WEIGHT_LISTS:
        data[key] = " ".join(_text(from_kg(w, unit)) for w in equipment.get(key, []))
    return data


def from_form(form, unit: str) -> dict:
    """Build the stored equipment (kilograms) from a validated form."""
    equipment = {flag: bool(getattr(form, flag).data) for flag in FLAGS}
    for key in SINGLE_WEIGHTS:
        value = getattr(form, key).data
        equipment[key] = _text(to_kg(value, unit)) if value is not None else ""
    for key in WEIGHT_LISTS:
        weights = parse_weights(getattr(form, key).data or "")
        stored = sorted({to_kg(w, unit) for w in weights}, reverse=True)
        equipment[key] = [_text(w) for w in stored]
    return equipment
