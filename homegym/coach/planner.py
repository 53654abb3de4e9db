"""Plan generation by the built-in engine: a split, exercises, sets, reps, rest.

Steps: pick the split for the days per week (a full-body or upper/lower
rotation when a day of the usual one would have too little to do with the
user's equipment); fill each day's movement
patterns with exercises the user can do, each with its fewest sets (two,
three for a strength plan's main lifts); share out the week's sets so every
major muscle group lands in its range, toward its top for trained lifters
(allocation.py), within the time budget; then fit in the smaller muscles as
time allows, and give a strength plan's heavy sets longer rests with the
time left. When three sets of the main lifts leave too few of them to train
every group twice a week, the plan is made again with two.
Every choice is explained with catalogue keys.
"""

from dataclasses import replace
from decimal import Decimal

from homegym.coach import rules
from homegym.coach.allocation import Balancer, Limits
from homegym.coach.catalogue import PATTERNS, choose, options, usable_exercises
from homegym.coach.facts import working_weights
from homegym.coach.loads import load_step_kg
from homegym.coach.rationale import PlanContext, rationale
from homegym.coach.schema import PlanDayResult, PlanItem, PlanRequest, PlanResult
from homegym.coach.sessions import (
    Day,
    Slot,
    is_compound,
    muscle_shares,
    weekly_sets,
)
from homegym.coach.text import _

DAYS = {
    "full_a": ("squat", "hpush", "hpull", "hinge_b", "vpush", "biceps", "calves"),
    "full_b": ("hinge", "vpull", "hpush_b", "lunge", "lateral_raise", "triceps"),
    "full_c": ("squat_b", "hpush", "vpull", "hinge_b", "rear_delt", "core"),
    "full_d": ("lunge", "vpush", "hpull", "hinge", "chest_fly", "biceps"),
    "full_e": ("squat", "hpush_b", "vpull", "hinge_b", "lateral_raise", "calves"),
    "full_f": ("squat_b", "vpush", "hpull", "hinge", "rear_delt", "triceps"),
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
    "upper_c": (
        "vpush",
        "hpull",
        "hpush_b",
        "vpull",
        "lateral_raise",
        "triceps",
        "biceps",
    ),
    "lower_a": ("squat", "hinge_b", "lunge", "hamstring_curl", "calves", "core"),
    "lower_b": ("hinge", "squat_b", "lunge", "hamstring_curl", "calves", "core"),
    "lower_c": ("squat", "hinge", "lunge", "hamstring_curl", "calves", "core"),
    "push_a": ("hpush", "vpush", "hpush_b", "lateral_raise", "triceps", "chest_fly"),
    "push_b": ("vpush", "hpush_b", "hpush", "chest_fly", "lateral_raise", "triceps"),
    "pull_a": ("vpull", "hpull", "rear_delt", "biceps", "core"),
    "pull_b": ("hpull", "vpull", "rear_delt", "biceps", "core"),
    "legs_a": ("squat", "hinge_b", "lunge", "hamstring_curl", "calves"),
    "legs_b": ("hinge", "squat_b", "lunge", "hamstring_curl", "calves"),
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

# When a day of the usual split would have too little to do with the user's
# equipment (a pull day without anything to pull with), the week rotates
# through one of these instead, the first whose days all have enough.
ROTATIONS = {
    "upper_lower": ("upper_a", "lower_a", "upper_b", "lower_b", "upper_c", "lower_c"),
    "full_body": ("full_a", "full_b", "full_c", "full_d", "full_e", "full_f"),
}
# A day with fewer exercises than this that train a major group directly has
# too little to do (HomeGym's choice: a session of one or two such lifts is
# mostly rest).
DAY_MIN_EXERCISES = 3


def day_name(kind: str) -> str:
    names = {
        "full_a": _("Full body A"),
        "full_b": _("Full body B"),
        "full_c": _("Full body C"),
        "full_d": _("Full body D"),
        "full_e": _("Full body E"),
        "full_f": _("Full body F"),
        "upper_a": _("Upper A"),
        "upper_b": _("Upper B"),
        "upper_c": _("Upper C"),
        "lower_a": _("Lower A"),
        "lower_b": _("Lower B"),
        "lower_c": _("Lower C"),
        "push_a": _("Push A"),
        "push_b": _("Push B"),
        "pull_a": _("Pull A"),
        "pull_b": _("Pull B"),
        "legs_a": _("Legs A"),
        "legs_b": _("Legs B"),
    }
    return names[kind]


def trainable_groups(usable) -> set[str]:
    """The major groups some usable exercise trains directly."""
    direct = {rules.group_of(m) for e in usable for m in e.primary_muscles}
    return direct & set(rules.MAJOR_MUSCLES)


def trains_major(exercise) -> bool:
    """Tell whether the exercise counts fully for a major muscle group."""
    shares = muscle_shares(exercise)
    return any(shares.get(group) == 1 for group in rules.MAJOR_MUSCLES)


def day_exercises(kind: str, usable) -> list:
    """The exercises the day's patterns would take, best first, one each."""
    picked = []
    for name in DAYS[kind]:
        exercise = choose(PATTERNS[name], usable, {e.id for e in picked})
        if exercise is not None:
            picked.append(exercise)
    return picked


def major_exercises(kind: str, usable) -> int:
    """How many exercises for the major groups the day's patterns can take."""
    return sum(trains_major(e) for e in day_exercises(kind, usable))


def choose_split(days: int, usable) -> tuple[str, tuple[str, ...], list[str]]:
    """The split for the days per week and what the equipment can train.

    The usual split, unless a day of it would have too little to do; then
    the rotation whose thinnest day has the most to do, when that is more.
    Returns the split's name, its day kinds and the days that were too thin.
    """
    name, kinds = SPLITS[days]
    counts = {kind: major_exercises(kind, usable) for kind in kinds}
    thin = [kind for kind in kinds if counts[kind] < DAY_MIN_EXERCISES]
    if not thin:
        return name, kinds, []
    best = (min(counts.values()), name, kinds)
    for rotation, cycle in ROTATIONS.items():
        chosen = cycle[:days]
        fewest = min(major_exercises(kind, usable) for kind in chosen)
        if fewest > best[0]:
            best = (fewest, rotation, chosen)
    if best[1] == name:
        return name, kinds, []
    return best[1], best[2], thin


def build_days(kinds, usable, prescribe, budget: int):
    """Lay out each day's patterns with their fewest sets, as far as the
    budget goes.

    Exercises for the smaller muscles (arms, calves, core) are held back, so
    the major groups get the time first; each day comes with those it holds.
    """
    laid = []
    for kind in kinds:
        day, held = Day(kind), []
        for position, name in enumerate(DAYS[kind]):
            taken = {slot.exercise.id for slot in (*day.slots, *held)}
            exercise = choose(PATTERNS[name], usable, taken)
            if exercise is None:
                continue
            slot = prescribe(exercise, name)
            slot.position = position
            if not trains_major(exercise):
                held.append(slot)
            elif day.seconds() + slot.sets * slot.seconds_per_set <= budget:
                day.slots.append(slot)
        day.order()
        laid.append((day, held))
    return laid


def add_small_muscles(laid, high: int, budget: int, most: int) -> None:
    """Fit the held-back exercises in with their fewest sets, then a set more
    each in turn, as long as the time allows and no muscle group, small or
    major, goes past the top of the range."""
    days = [day for day, _held in laid]
    for day, held in laid:
        for slot in held:
            seconds = slot.sets * slot.seconds_per_set
            if day.seconds() + seconds <= budget and _stays_in(days, slot, high):
                day.slots.append(slot)
        day.order()
    most = min(most, rules.SMALL_MUSCLE_MOST_SETS)
    added = True
    while added:
        added = False
        for day in days:
            for slot in day.slots:
                if slot.compound or slot.sets >= most or trains_major(slot.exercise):
                    continue
                if day.seconds() + slot.seconds_per_set > budget:
                    continue
                if _stays_in(days, slot, high, count=1):
                    slot.sets += 1
                    added = True


def lengthen_rests(days: list[Day], budget: int) -> None:
    """Give a strength plan's heavy sets longer rests with the time a session
    has left, a step at a time for all of the day's main lifts at once."""
    for day in days:
        heavy = [
            slot
            for slot in day.slots
            if slot.compound and slot.exercise.key not in rules.LIGHT_BODYWEIGHT_REPS
        ]
        step = rules.LONG_REST_STEP
        while heavy and all(
            slot.prescription.rest_seconds + step <= rules.LONG_REST_MAX
            for slot in heavy
        ):
            if day.seconds() + step * sum(slot.sets for slot in heavy) > budget:
                break
            for slot in heavy:
                rest = slot.prescription.rest_seconds + step
                slot.prescription = replace(slot.prescription, rest_seconds=rest)


def _stays_in(days: list[Day], slot: Slot, high: int, count: int = 0) -> bool:
    """Tell whether ``count`` more sets of the slot (all of its sets when 0)
    keep every group it trains within the top of the range."""
    totals = weekly_sets(days)
    count = count or slot.sets
    return all(
        totals.get(group, 0) + share * count <= high
        for group, share in muscle_shares(slot.exercise).items()
        if share == 1 or group in rules.MAJOR_MUSCLES
    )


def twice_a_week(days: list[Day], groups) -> bool:
    """Tell whether every group gets at least a full set's work on two days."""
    for group in groups:
        trained = 0
        for day in days:
            share = sum(
                muscle_shares(slot.exercise).get(group, 0) * slot.sets
                for slot in day.slots
            )
            trained += share >= 1
        if trained < 2:
            return False
    return True


def generate_plan(user, request: PlanRequest, locale: str = "en") -> PlanResult:
    """Make a plan for the user from the request; deterministic for equal input."""
    usable = usable_exercises(
        user, request.excluded_ids, request.excluded_muscles, locale
    )
    usable = rules.suited(usable, request.experience)
    low, high, volume_sources = rules.volume_range(request.goal, request.experience)
    groups = trainable_groups(usable) - set(request.excluded_muscles)
    budget = request.minutes * 60
    split, kinds, thin = choose_split(request.days, usable)
    floor = rules.STRENGTH_MIN_SETS
    days, choices, prescribe = _lay_out(request, kinds, usable, groups, floor)
    if floor > rules.MIN_SETS and not twice_a_week(days, groups):
        floor = rules.MIN_SETS
        days, choices, prescribe = _lay_out(request, kinds, usable, groups, floor)

    equipment = user.equipment_settings()
    working = working_weights(
        user.id, [slot.exercise.id for day in days for slot in day.slots]
    )
    totals = {g: round(v, 1) for g, v in sorted(weekly_sets(days).items())}
    short = sorted(g for g in groups if totals.get(g, 0) < low)
    out_of_time = [
        g for g in short if not _room_for(days, g, choices, prescribe, budget)
    ]
    compound_rest = rules.prescription(
        request.goal, request.experience, True
    ).rest_seconds
    context = PlanContext(
        request,
        low,
        high,
        volume_sources,
        groups,
        out_of_time,
        equipment,
        crowded=[g for g in short if g not in out_of_time],
        capped=sorted(g for g in rules.MAJOR_MUSCLES if totals.get(g, 0) >= high),
        over=sorted(g for g in groups if totals.get(g, 0) > high),
        main_lift_sets=rules.min_sets(request.goal, True, floor),
        split=split,
        thin_days=[day_name(kind) for kind in thin],
        both_leg_kinds=request.goal in rules.BOTH_LEG_KINDS_GOALS
        and any(day.kind.startswith(("lower", "legs")) for day in days),
        full_body_leg_kinds=request.goal in rules.BOTH_LEG_KINDS_GOALS
        and any(day.kind.startswith("full") for day in days),
        light_bodyweight=sorted(
            {
                slot.exercise.name(locale)
                for day in days
                for slot in day.slots
                if slot.exercise.key in rules.LIGHT_BODYWEIGHT_REPS
                and slot.exercise.load == "bodyweight"
            }
        ),
        rests=sorted(
            {
                slot.prescription.rest_seconds
                for day in days
                for slot in day.slots
                if slot.compound and not _light_rest(slot, compound_rest)
            }
        ),
        longest_minutes=max((-(-day.seconds() // 60) for day in days), default=0),
        light_rest=sorted(
            {
                slot.exercise.name(locale)
                for day in days
                for slot in day.slots
                if slot.compound and _light_rest(slot, compound_rest)
            }
        ),
    )
    return PlanResult(
        name=_plan_name(request),
        split=split,
        days=[_day_result(day, equipment, working) for day in days],
        weekly_sets=totals,
        deload_every_weeks=rules.DELOAD_EVERY_WEEKS[request.experience],
        rationale=rationale(context, usable),
        goal=request.goal,
        experience=request.experience,
    )


def _light_rest(slot: Slot, compound_rest: int) -> bool:
    """Tell whether a compound slot rests shorter than the plan's compound
    lifts, as a light bodyweight exercise does."""
    return (
        slot.exercise.key in rules.LIGHT_BODYWEIGHT_REPS
        and slot.prescription.rest_seconds < compound_rest
    )


def _lay_out(request: PlanRequest, kinds, usable, groups, floor: int):
    """Lay the days out and share out their sets, a strength plan's main lifts
    getting at least ``floor`` sets; the days, the choices and the prescriber."""
    low, high, _sources = rules.volume_range(request.goal, request.experience)
    budget = request.minutes * 60
    prescribe = _prescriber(request, floor)
    laid = build_days(kinds, usable, prescribe, budget)
    days = [day for day, _held in laid]
    choices = [
        (name, exercise)
        for name, pattern in PATTERNS.items()
        for exercise in options(pattern, usable)
    ]
    most = rules.MAX_SETS[request.experience]
    aim_high = request.experience in rules.AIM_HIGH
    both = request.goal in rules.BOTH_LEG_KINDS_GOALS
    limits = Limits(low, high, frozenset(groups), budget, most, aim_high, both)
    Balancer(days, limits, choices, prescribe).run()
    add_small_muscles(laid, high, budget, most)
    if request.goal == "strength" and request.experience in rules.AIM_HIGH:
        lengthen_rests(days, budget)
    return days, choices, prescribe


def _prescriber(request: PlanRequest, floor: int = rules.STRENGTH_MIN_SETS):
    """Make the slots of this lifter's plan: reps, effort, rest and the fewest
    sets by kind; light bodyweight exercises get the reps that tire them."""
    beginner = request.experience == "beginner"

    def prescribe(exercise, pattern: str) -> Slot:
        compound = is_compound(exercise, pattern)
        rx = rules.prescription(request.goal, request.experience, compound)
        if exercise.key in rules.FEW_REPS:
            low, high = rules.FEW_REPS[exercise.key]
            rx = replace(rx, reps_min=low, reps_max=high)
        rx = rules.light_bodyweight(exercise, rx, beginner) or rx
        fewest = rules.min_sets(request.goal, compound, floor)
        return Slot(exercise, pattern, rx, sets=fewest, floor=fewest)

    return prescribe


def _room_for(days: list[Day], group: str, choices, prescribe, budget: int) -> bool:
    """Tell whether some day has time for one more set of an exercise it has
    that trains the group, or for a new one's fewest sets; if not, the time
    budget is what leaves it short."""
    new = [
        prescribe(exercise, name)
        for name, exercise in choices
        if muscle_shares(exercise).get(group) == 1
    ]
    for day in days:
        spare = budget - day.seconds()
        if any(
            muscle_shares(slot.exercise).get(group) == 1
            and slot.seconds_per_set <= spare
            for slot in day.slots
        ):
            return True
        if any(
            not day.has(slot.exercise) and slot.sets * slot.seconds_per_set <= spare
            for slot in new
        ):
            return True
    return False


def _day_result(day: Day, equipment: dict, working: dict) -> PlanDayResult:
    items = []
    for slot in day.slots:
        step = load_step_kg(slot.exercise, equipment, working.get(slot.exercise.id))
        rx = slot.prescription
        items.append(
            PlanItem(
                exercise_id=slot.exercise.id,
                sets=slot.sets,
                reps_min=rx.reps_min,
                reps_max=rx.reps_max,
                target_rpe=rx.rpe,
                rest_seconds=rx.rest_seconds,
                load_step_kg=float(step.quantize(Decimal("0.01"))) if step else None,
            )
        )
    return PlanDayResult(day_name(day.kind), items, minutes=-(-day.seconds() // 60))


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
