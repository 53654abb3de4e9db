"""A plan as the engine builds it: days of exercises with their sets and time."""

from dataclasses import dataclass, field

from homegym.coach import rules
from homegym.coach.catalogue import PATTERNS


def is_compound(exercise, pattern: str) -> bool:
    """Tell whether the slot is heavy work: a multi-joint lift filling a
    multi-joint pattern. A face pull or a dip that the library calls compound,
    used as an accessory for the rear shoulder or the triceps, gets the
    accessory's reps and rest."""
    return exercise.mechanic == "compound" and PATTERNS[pattern].mechanic == "compound"


@dataclass
class Slot:
    """One exercise of a plan day, the pattern it fills and its sets."""

    exercise: object
    pattern: str
    prescription: rules.Prescription
    sets: int = 1
    # Where the template put it; exercises added later come after.
    position: int = 0
    # The fewest sets it may have: below that it leaves the day instead.
    floor: int = 1

    @property
    def compound(self) -> bool:
        return is_compound(self.exercise, self.pattern)

    @property
    def seconds_per_set(self) -> int:
        return rules.SET_SECONDS + self.prescription.rest_seconds


@dataclass
class Day:
    kind: str
    slots: list[Slot] = field(default_factory=list)

    def seconds(self) -> int:
        """The session's length: the warm-up, then every set and its rest."""
        work = sum(slot.sets * slot.seconds_per_set for slot in self.slots)
        return rules.WARMUP_MINUTES * 60 + work

    def has(self, exercise) -> bool:
        return any(slot.exercise.id == exercise.id for slot in self.slots)

    def order(self) -> None:
        """Put compounds first, each kind in the order the template gave."""
        self.slots.sort(key=lambda slot: (not slot.compound, slot.position))

    def change_sets(self, slot: Slot, count: int) -> None:
        """Add ``count`` sets to the slot, taking it in if it is new and out
        when none is left."""
        if slot not in self.slots:
            slot.position = max((s.position for s in self.slots), default=0) + 1
            self.slots.append(slot)
            self.order()
        slot.sets += count
        if slot.sets <= 0:
            self.slots.remove(slot)


def muscle_shares(exercise) -> dict[str, float]:
    """Count one set of the exercise per muscle group: direct 1, indirect 0.5.

    A group that only helps the prime mover (the glutes in a squat or lunge)
    counts as indirect though the library lists it as primary."""
    shares: dict[str, float] = {}
    for muscle in exercise.secondary_muscles:
        group = rules.group_of(muscle)
        shares[group] = max(shares.get(group, 0), rules.INDIRECT_SHARE)
    primary = {rules.group_of(muscle) for muscle in exercise.primary_muscles}
    for group in primary:
        helps = rules.only_helps(group, primary, exercise.mechanic)
        shares[group] = rules.INDIRECT_SHARE if helps else 1.0
    return shares


def leg_kind(slot) -> str | None:
    """Knee- or hip-dominant, for a lower-body lift; None for anything else."""
    if slot.pattern in rules.KNEE_PATTERNS:
        return "knee"
    if (
        slot.pattern in rules.HIP_PATTERNS
        and slot.exercise.key not in rules.NOT_HIP_DOMINANT
    ):
        return "hip"
    return None


def press_sets(day, pattern: str | None = None) -> int:
    """Heavy pressing sets of the day: all of them, or of the pattern's direction."""
    direction = rules.PRESS_PATTERNS.get(pattern) if pattern else None
    return sum(
        slot.sets
        for slot in day.slots
        if slot.compound
        and slot.pattern in rules.PRESS_PATTERNS
        and direction in (None, rules.PRESS_PATTERNS[slot.pattern])
    )


def press_fits(day, pattern: str, compound: bool, count: int) -> bool:
    """Tell whether ``count`` more sets of a lift filling the pattern keep the
    day's heavy pressing within reason."""
    if not compound or pattern not in rules.PRESS_PATTERNS or count <= 0:
        return True
    return (
        press_sets(day, pattern) + count <= rules.PRESS_MOST_SETS_DIRECTION
        and press_sets(day) + count <= rules.PRESS_MOST_SETS
    )


def weekly_sets(days: list[Day]) -> dict[str, float]:
    """Sum the plan's sets per muscle group for one week."""
    totals: dict[str, float] = {}
    for day in days:
        for slot in day.slots:
            for group, share in muscle_shares(slot.exercise).items():
                totals[group] = totals.get(group, 0) + share * slot.sets
    return totals
