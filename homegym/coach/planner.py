"""Plan generation by the built-in engine: a split, exercises, sets, reps, rest.

Steps: pick the split for the days per week; fill each day's movement
patterns with exercises the user can do; give every exercise one set, then
add sets where a major muscle group is furthest below its weekly target,
as long as the session fits the time budget and no group passes the top of
its range. Every choice is explained with catalogue keys.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from homegym.coach import rules
from homegym.coach.catalogue import PATTERNS, choose, usable_exercises
from homegym.coach.facts import working_weights
from homegym.coach.loads import load_step_kg
from homegym.coach.rationale import PlanContext, rationale
from homegym.coach.schema import PlanDayResult, PlanItem, PlanRequest, PlanResult
from homegym.coach.text import _

DAYS = {
    "full_a": ("squat", "hpush", "hpull", "hinge_b", "vpush", "biceps", "calves"),
    "full_b": ("hinge", "vpull", "hpush_b", "lunge", "lateral_raise", "triceps"),
    "full_c": ("squat_b", "hpush", "vpull", "hinge_b", "rear_delt", "core"),
    "upper_a": (
        "hpush",
        "hpull",
        "vpush",
        "vpull",
        "lateral_raise",
        "biceps",
        "triceps",
    ),
    "upper_b": ("hpush_b", "vpull", "vpush", "hpull", "rear_delt", "triceps", "biceps"),
    "lower_a": ("squat", "hinge_b", "lunge", "hamstring_curl", "calves", "core"),
    "lower_b": ("hinge", "squat_b", "lunge", "hamstring_curl", "calves", "core"),
    "push_a": ("hpush", "vpush", "hpush_b", "lateral_raise", "triceps", "chest_fly"),
    "push_b": ("vpush", "hpush_b", "hpush", "chest_fly", "lateral_raise", "triceps"),
    "pull_a": ("vpull", "hpull", "rear_delt", "biceps", "core"),
    "pull_b": ("hpull", "vpull", "rear_delt", "biceps", "core"),
    "legs_a": ("squat", "hinge_b", "lunge", "hamstring_curl", "calves"),
    "legs_b": ("hinge", "squat_b", "lunge", "hamstring_curl", "calves"),
}
# Patterns that add work for a group still short once the template is full.
EXTRA_PATTERNS = {
    "chest": ("chest_fly", "hpush_b", "hpush"),
    "back": ("hpull", "vpull", "rear_delt"),
    "shoulders": ("lateral_raise", "vpush", "rear_delt"),
    "quads": ("lunge", "squat_b", "squat"),
    "hamstrings": ("hamstring_curl", "hinge_b", "hinge"),
    "glutes": ("hinge_b", "lunge", "hinge"),
}
SPLITS = {
    2: ("full_body", ("full_a", "full_b")),
    3: ("full_body", ("full_a", "full_b", "full_c")),
    4: ("upper_lower", ("upper_a", "lower_a", "upper_b", "lower_b")),
    5: ("upper_lower_ppl", ("upper_a", "lower_a", "push_a", "pull_a", "legs_a")),
    6: (
        "push_pull_legs",
        ("push_a", "pull_a", "legs_a", "push_b", "pull_b", "legs_b"),
    ),
}


def day_name(kind: str) -> str:
    names = {
        "full_a": _("Full body A"),
        "full_b": _("Full body B"),
        "full_c": _("Full body C"),
        "upper_a": _("Upper A"),
        "upper_b": _("Upper B"),
        "lower_a": _("Lower A"),
        "lower_b": _("Lower B"),
        "push_a": _("Push A"),
        "push_b": _("Push B"),
        "pull_a": _("Pull A"),
        "pull_b": _("Pull B"),
        "legs_a": _("Legs A"),
        "legs_b": _("Legs B"),
    }
    return names[kind]


@dataclass
class _Slot:
    exercise: object
    compound: bool
    sets: int = 1
    prescription: rules.Prescription | None = None

    @property
    def seconds_per_set(self) -> int:
        return rules.SET_SECONDS + self.prescription.rest_seconds


@dataclass
class _Day:
    kind: str
    slots: list[_Slot] = field(default_factory=list)

    def seconds(self) -> int:
        work = sum(slot.sets * slot.seconds_per_set for slot in self.slots)
        return rules.WARMUP_MINUTES * 60 + work


def muscle_shares(exercise) -> dict[str, float]:
    """Count one set of the exercise per muscle group: direct 1, indirect 0.5."""
    shares: dict[str, float] = {}
    for muscle in exercise.secondary_muscles:
        group = rules.group_of(muscle)
        shares[group] = max(shares.get(group, 0), rules.INDIRECT_SHARE)
    for muscle in exercise.primary_muscles:
        shares[rules.group_of(muscle)] = 1.0
    return shares


def weekly_sets(days: list[_Day]) -> dict[str, float]:
    """Sum the plan's sets per muscle group for one week."""
    totals: dict[str, float] = {}
    for day in days:
        for slot in day.slots:
            for group, share in muscle_shares(slot.exercise).items():
                totals[group] = totals.get(group, 0) + share * slot.sets
    return totals


def trainable_groups(usable) -> set[str]:
    """The major groups some usable exercise trains directly."""
    direct = {rules.group_of(m) for e in usable for m in e.primary_muscles}
    return direct & set(rules.MAJOR_MUSCLES)


def build_days(request: PlanRequest, usable, budget: int) -> list[_Day]:
    """Fill each day with one set per pattern while the session fits the budget."""
    days = []
    for kind in SPLITS[request.days][1]:
        day = _Day(kind)
        taken: set[int] = set()
        for pattern_name in DAYS[kind]:
            pattern = PATTERNS[pattern_name]
            exercise = choose(pattern, usable, taken)
            if exercise is None:
                continue
            compound = exercise.mechanic == "compound"
            slot = _Slot(
                exercise,
                compound,
                prescription=rules.prescription(
                    request.goal, request.experience, compound
                ),
            )
            if day.seconds() + slot.seconds_per_set > budget:
                continue
            day.slots.append(slot)
            taken.add(exercise.id)
        # Compounds first, in the template's order among themselves.
        day.slots.sort(key=lambda slot: not slot.compound)
        days.append(day)
    return days


def _gain(slot: _Slot, totals: dict, target: int, high: int) -> float:
    """How much one more set of this slot brings groups below target; -1 if it
    would push a major group past the top of its range."""
    gain = 0.0
    for group, share in muscle_shares(slot.exercise).items():
        if group not in rules.MAJOR_MUSCLES:
            continue
        if totals.get(group, 0) + share > high:
            return -1
        gain += min(share, max(0.0, target - totals.get(group, 0)))
    return gain


def _side_cost(slot: _Slot, group: str, totals: dict, target: int) -> float:
    """Sets the slot also adds to other major groups that have enough already."""
    return sum(
        share
        for other, share in muscle_shares(slot.exercise).items()
        if other != group
        and other in rules.MAJOR_MUSCLES
        and totals.get(other, 0) >= target
    )


def add_sets(days: list[_Day], target: int, high: int, budget: int, most: int) -> None:
    """Add sets one at a time to the group furthest below target, choosing the
    exercise that trains it directly with the fewest sets and side effects."""
    while True:
        totals = weekly_sets(days)
        short = sorted(
            (g for g in rules.MAJOR_MUSCLES if 0 < totals.get(g, 0) < target),
            key=lambda g: totals.get(g, 0),
        )
        for group in short:
            candidates = [
                (slot.sets, _side_cost(slot, group, totals, target), index, slot)
                for day in days
                for index, slot in enumerate(day.slots)
                if muscle_shares(slot.exercise).get(group) == 1.0
                and slot.sets < most
                and day.seconds() + slot.seconds_per_set <= budget
                and _gain(slot, totals, target, high) > 0
            ]
            if candidates:
                min(candidates, key=lambda c: c[:3])[3].sets += 1
                break
        else:
            return


def add_extra_slot(
    days, request: PlanRequest, usable, low: int, high: int, budget: int
) -> bool:
    """Add one exercise for the group furthest below its range, on the day with
    the most time left that trains it already; False when none can be added."""
    totals = weekly_sets(days)
    trainable = trainable_groups(usable) - set(request.excluded_muscles)
    short = sorted(
        (g for g in EXTRA_PATTERNS if g in trainable and totals.get(g, 0) < low),
        key=lambda g: totals.get(g, 0),
    )
    for group in short:
        hosts = [
            day
            for day in days
            if any(group in muscle_shares(s.exercise) for s in day.slots)
        ]
        for day in sorted(hosts, key=lambda day: day.seconds()):
            taken = {slot.exercise.id for slot in day.slots}
            for name in EXTRA_PATTERNS[group]:
                exercise = choose(PATTERNS[name], usable, taken)
                if exercise is None:
                    continue
                compound = exercise.mechanic == "compound"
                slot = _Slot(
                    exercise,
                    compound,
                    prescription=rules.prescription(
                        request.goal, request.experience, compound
                    ),
                )
                fits = day.seconds() + slot.seconds_per_set <= budget
                if fits and _gain(slot, totals, low, high) > 0:
                    day.slots.append(slot)
                    day.slots.sort(key=lambda each: not each.compound)
                    return True
    return False


def top_up_small_muscles(days: list[_Day], high: int, budget: int) -> None:
    """Give isolation work a second set where the time allows."""
    for day in days:
        for slot in day.slots:
            if slot.compound or slot.sets >= 2:
                continue
            if day.seconds() + slot.seconds_per_set > budget:
                continue
            totals = weekly_sets(days)
            if _gain(slot, totals, high, high) >= 0:
                slot.sets += 1


def generate_plan(user, request: PlanRequest, locale: str = "en") -> PlanResult:
    """Make a plan for the user from the request; deterministic for equal input."""
    usable = usable_exercises(
        user, request.excluded_ids, request.excluded_muscles, locale
    )
    low, high, volume_sources = rules.volume_range(request.goal, request.experience)
    target = (low + high + 1) // 2
    budget = request.minutes * 60
    days = build_days(request, usable, budget)
    most = rules.MAX_SETS[request.experience]
    add_sets(days, target, high, budget, most)
    for _round in range(len(EXTRA_PATTERNS)):
        if not add_extra_slot(days, request, usable, low, high, budget):
            break
        add_sets(days, target, high, budget, most)
    top_up_small_muscles(days, high, budget)

    equipment = user.equipment_settings()
    working = working_weights(
        user.id, [slot.exercise.id for day in days for slot in day.slots]
    )
    result_days = [
        PlanDayResult(
            name=day_name(day.kind),
            items=[_item(slot, equipment, working) for slot in day.slots],
            minutes=-(-day.seconds() // 60),
        )
        for day in days
    ]
    totals = {g: round(v, 1) for g, v in sorted(weekly_sets(days).items())}
    groups = trainable_groups(usable) - set(request.excluded_muscles)
    short = sorted(g for g in groups if totals.get(g, 0) < low)
    out_of_time = [g for g in short if not _room_for(days, g, budget)]
    crowded = [g for g in short if g not in out_of_time]
    capped = sorted(g for g in rules.MAJOR_MUSCLES if totals.get(g, 0) >= high)
    context = PlanContext(
        request,
        low,
        high,
        volume_sources,
        groups,
        out_of_time,
        equipment,
        crowded,
        capped,
    )
    return PlanResult(
        name=_plan_name(request),
        split=SPLITS[request.days][0],
        days=result_days,
        weekly_sets=totals,
        deload_every_weeks=rules.DELOAD_EVERY_WEEKS[request.experience],
        rationale=rationale(context, usable),
    )


def _room_for(days: list[_Day], group: str, budget: int) -> bool:
    """Tell whether some day has time for one more set that trains the group."""
    return any(
        day.seconds() + slot.seconds_per_set <= budget
        for day in days
        for slot in day.slots
        if muscle_shares(slot.exercise).get(group) == 1.0
    )


def _item(slot: _Slot, equipment: dict, working: dict) -> PlanItem:
    step = load_step_kg(slot.exercise, equipment, working.get(slot.exercise.id))
    rx = slot.prescription
    return PlanItem(
        exercise_id=slot.exercise.id,
        sets=slot.sets,
        reps_min=rx.reps_min,
        reps_max=rx.reps_max,
        target_rpe=rx.rpe,
        rest_seconds=rx.rest_seconds,
        load_step_kg=float(step.quantize(Decimal("0.01"))) if step else None,
    )


def _plan_name(request: PlanRequest) -> str:
    goals = {
        "strength": _("Strength"),
        "hypertrophy": _("Muscle"),
        "general": _("Fitness"),
    }
    return _(
        "Coach: %(goal)s, %(days)d days",
        goal=goals[request.goal],
        days=request.days,
    )
