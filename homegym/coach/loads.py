"""What the user can load: plates, dumbbell pairs, kettlebells, and the step
up from one load to the next."""

from decimal import Decimal, InvalidOperation

from homegym.coach.rules import OTHER_LOAD_STEP_KG
from homegym.exercises.models import Exercise


def decimal(value) -> Decimal | None:
    """Read a stored equipment number; None when it is missing or not a number."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and number > 0 else None


def load_kind(exercise: Exercise) -> str:
    """How the exercise is loaded: plates, dumbbells, kettlebells, body or other."""
    if exercise.load == "bodyweight":
        return "body"
    for kind, flag in (
        ("plates", "barbell"),
        ("dumbbells", "dumbbells"),
        ("kettlebells", "kettlebells"),
    ):
        if flag in exercise.equipment:
            return kind
    return "other"


def owned_loads(exercise: Exercise, equipment: dict) -> list[Decimal]:
    """The dumbbell pairs or kettlebells the user has for this exercise,
    lightest first; empty for other kinds of load."""
    kind = load_kind(exercise)
    if kind == "kettlebells":
        bells = map(decimal, equipment.get("kettlebell_weights") or [])
        return sorted({bell for bell in bells if bell})
    if kind != "dumbbells":
        return []
    low = decimal(equipment.get("dumbbell_min"))
    high = decimal(equipment.get("dumbbell_max"))
    if low is None or high is None or high < low:
        return []
    # Without a step the user has the lightest and the heaviest pair only.
    step = decimal(equipment.get("dumbbell_step"))
    pairs = {low, high}
    if step:
        pairs |= {low + n * step for n in range(int((high - low) / step) + 1)}
    return sorted(pairs)


def load_step_kg(
    exercise: Exercise, equipment: dict, working_kg: Decimal | None = None
) -> Decimal | None:
    """The load to add when the reps are there, as the user's equipment makes it.

    Plates go on in pairs, so a barbell steps by twice the smallest plate.
    Dumbbells and kettlebells step to the next pair or bell up from the
    working weight (None at the heaviest); without a working weight only an
    even spacing of what the user owns gives one step. None also means no
    load to add (bodyweight, bands).
    """
    kind = load_kind(exercise)
    if kind == "plates":
        plates = [p for p in map(decimal, equipment.get("plates") or []) if p]
        return 2 * min(plates) if plates else None
    if kind in ("dumbbells", "kettlebells"):
        loads = owned_loads(exercise, equipment)
        if working_kg is not None:
            heavier = [load for load in loads if load > working_kg]
            return heavier[0] - working_kg if heavier else None
        gaps = {high - low for low, high in zip(loads, loads[1:], strict=False)}
        return gaps.pop() if len(gaps) == 1 else None
    if kind == "other" and "bands" not in exercise.equipment:
        return Decimal(str(OTHER_LOAD_STEP_KG))
    return None
