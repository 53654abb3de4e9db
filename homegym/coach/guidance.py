"""Live guidance by the built-in engine: the next set after the one just done.

The e1RM comes from the set's weight, reps and RPE: on the RIR-based RPE
scale (Helms 2016, checked by Zourdos 2016) RPE r means about 10 − r reps
were left, so the set stood for reps + (10 − RPE) reps to failure. That
count goes into the Epley formula, a convention (Epley 1985), not evidence:
1RM = weight × (1 + reps to failure / 30). The "RPE table" is that formula
solved both ways, so it is written here and not copied from a chart.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from homegym.coach import rules
from homegym.coach.loads import decimal, load_kind, owned_loads
from homegym.coach.schema import GuidanceResult, Reason, WarmupStep
from homegym.coach.text import _
from homegym.units import format_estimate, format_weight, to_kg
from homegym.workouts.calculators import (
    EMPTY_BAR_REPS,
    RAMP,
    UNLOADED_RAMP,
    nearest_loadable,
    warmup_sets,
)

TEN = Decimal(10)
HUNDREDTH = Decimal("0.01")
DEFAULT_RPE = Decimal(8)
DEFAULT_REST = {True: 150, False: 90}


def plain(value) -> str:
    """Show a number without a needless ".0": 7.0 -> 7, 7.5 -> 7.5."""
    return f"{Decimal(str(value)).normalize():f}"


def reps_to_failure(reps: int, rpe: Decimal) -> Decimal:
    """The reps the set stood for: those done plus those left in reserve."""
    return Decimal(reps) + (TEN - Decimal(rpe))


def e1rm(weight_kg: Decimal, reps: int, rpe: Decimal) -> Decimal:
    """Estimate the 1RM from a set and its RPE (Epley on reps to failure)."""
    total = reps_to_failure(reps, rpe)
    if total <= 1:
        return Decimal(weight_kg)
    return Decimal(weight_kg) * (1 + total / 30)


def load_for(e1rm_kg: Decimal, reps: int, rpe: Decimal) -> Decimal:
    """The load for ``reps`` at ``rpe`` from an e1RM: the same formula backwards."""
    total = reps_to_failure(reps, rpe)
    if total <= 1:
        return Decimal(e1rm_kg)
    return Decimal(e1rm_kg) / (1 + total / 30)


def _nearest_step(weight: Decimal, start: Decimal, step: Decimal) -> Decimal:
    count = ((weight - start) / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return start + max(count, 0) * step


def round_load(weight_kg: Decimal, exercise, equipment: dict, unit: str):
    """Round a load to what the user can put together; None for bodyweight."""
    kind = load_kind(exercise)
    if kind == "body":
        return None
    if kind == "plates":
        bar = decimal(equipment.get("bar_weight")) or Decimal(0)
        plates = [p for p in map(decimal, equipment.get("plates") or []) if p]
        if not plates:
            return bar
        return nearest_loadable(weight_kg, bar, plates, unit)
    owned = owned_loads(exercise, equipment)
    if kind == "dumbbells" and owned:
        # The nearest pair; between two, the heavier.
        return min(owned, key=lambda pair: (abs(pair - weight_kg), -pair))
    if kind == "dumbbells":
        low = decimal(equipment.get("dumbbell_min")) or Decimal(0)
        step = decimal(equipment.get("dumbbell_step")) or Decimal(1)
        return _nearest_step(weight_kg, low, step)
    if kind == "kettlebells" and owned:
        return min(owned, key=lambda bell: (abs(bell - weight_kg), bell))
    step = to_kg(5, "lb") if unit == "lb" else Decimal(str(rules.OTHER_LOAD_STEP_KG))
    return _nearest_step(weight_kg, Decimal(0), step)


@dataclass(frozen=True)
class SetFacts:
    """What guidance needs to know, read from the database or made by a test."""

    exercise: object
    kind: str
    weight_kg: Decimal | None
    reps: int | None
    rpe: Decimal | None
    target_reps_min: int | None
    target_reps_max: int | None
    target_rpe: Decimal | None
    rest_seconds: int | None
    next_target_reps: int | None
    # Working sets still to do; None when nothing was planned to count down.
    sets_left: int | None
    working_sets_done: int
    # The best e1RM of the last finished workout with this exercise.
    recent_e1rm_kg: Decimal | None = None
    # False for a set not ticked off yet: its numbers are a plan, not a result.
    done: bool = True
    # The weight entered on the first working set not done yet (a plan's target).
    planned_kg: Decimal | None = None


def _kg(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value).quantize(HUNDREDTH))


def _warmup(facts: SetFacts, work_kg, equipment: dict, unit: str) -> list[WarmupStep]:
    if work_kg is None:
        return []
    if load_kind(facts.exercise) == "plates":
        bar = decimal(equipment.get("bar_weight")) or Decimal(0)
        plates = [p for p in map(decimal, equipment.get("plates") or []) if p]
        ramp = warmup_sets(work_kg, bar, plates, facts.exercise.load, unit)
        return [WarmupStep(_kg(step.weight_kg), step.reps) for step in ramp]
    steps = []
    for share, reps in ((Decimal("0.5"), 8), (Decimal("0.75"), 3)):
        weight = round_load(work_kg * share, facts.exercise, equipment, unit)
        if weight is not None and 0 < weight < work_kg:
            steps.append(WarmupStep(_kg(weight), reps))
    return steps


def _targets(facts: SetFacts) -> tuple[int, Decimal]:
    """The reps and RPE the next working set aims for."""
    target_rpe = Decimal(facts.target_rpe or DEFAULT_RPE)
    target_reps = facts.next_target_reps or facts.target_reps_max or facts.reps or 8
    return target_reps, target_rpe


def step_up(kg) -> Decimal:
    """The most the engine moves a load from one set to the next: a tenth."""
    return Decimal(kg) * (1 + Decimal(str(rules.MAX_JUMP_SHARE)))


def _before_first_set(facts: SetFacts) -> bool:
    """Tell whether the answer is for before a working set: after a warm-up
    set, or a set not done yet."""
    return facts.kind == "warmup" or not facts.reps or not facts.done


def advise(facts: SetFacts, equipment: dict, unit: str) -> GuidanceResult:
    """Say what to do next: load and reps, rest, or stop; warm-up before work."""
    compound = facts.exercise.mechanic == "compound"
    target_reps, target_rpe = _targets(facts)
    rest = facts.rest_seconds or DEFAULT_REST[compound]
    reasons: list[Reason] = []

    if _before_first_set(facts):
        return _before_work(facts, equipment, unit, target_reps, target_rpe, rest)
    if facts.weight_kg is None or load_kind(facts.exercise) == "body":
        return _reps_only(facts, target_rpe, rest)

    rpe = facts.rpe
    if rpe is None:
        rpe = target_rpe
        reasons.append(
            Reason(
                "effort",
                _("No RPE was logged, so this assumes the set was at the target RPE."),
                ["helms2016rir"],
            )
        )
    estimate = e1rm(facts.weight_kg, facts.reps, Decimal(rpe))
    reasons.append(
        Reason(
            "load",
            _(
                "%(weight)s × %(reps)d at RPE %(rpe)s leaves about %(rir)s reps in "
                "reserve, so your estimated 1RM today is %(e1rm)s (Epley formula, a "
                "convention, on the reps you could have done).",
                weight=format_weight(facts.weight_kg, unit),
                reps=facts.reps,
                rpe=plain(rpe),
                rir=plain(TEN - Decimal(rpe)),
                e1rm=format_estimate(estimate, unit),
            ),
            list(rules.E1RM_SOURCES),
        )
    )

    stop_reason = _stop_reason(facts, Decimal(rpe), target_rpe)
    if stop_reason is not None:
        reasons.append(stop_reason)
        return GuidanceResult(
            e1rm_kg=_kg(estimate),
            next_weight_kg=None,
            next_reps=None,
            target_rpe=float(target_rpe),
            rest_seconds=rest,
            stop=True,
            warmup=[],
            reasons=reasons,
        )

    wanted = load_for(estimate, target_reps, target_rpe)
    ceiling = step_up(facts.weight_kg)
    if wanted > ceiling:
        wanted = ceiling
        reasons.append(
            Reason(
                "load",
                _(
                    "The estimate points higher still, but effort ratings this "
                    "far from failure are the least accurate: go up by about a "
                    "tenth at most and rate the next set again."
                ),
                list(rules.JUMP_SOURCES),
            )
        )
    next_kg = round_load(wanted, facts.exercise, equipment, unit)
    if Decimal(rpe) >= 9:
        rest += rules.HARD_SET_EXTRA_REST
    reasons.append(_next_reason(facts, next_kg, target_reps, target_rpe, unit))
    reasons.append(
        Reason(
            "rest",
            _("Rest %(seconds)d s before the next set.", seconds=rest),
            list(rules.REST_SOURCES),
        )
    )
    return GuidanceResult(
        e1rm_kg=_kg(estimate),
        next_weight_kg=_kg(next_kg),
        next_reps=target_reps,
        target_rpe=float(target_rpe),
        rest_seconds=rest,
        stop=False,
        warmup=[],
        reasons=reasons,
    )


def jump_cap_kg(facts: SetFacts, equipment: dict, unit: str) -> Decimal | None:
    """The heaviest next set the engine would give after this one: a tenth
    above what was lifted, as the user can load it. None when no cap applies
    (before the working sets, or without a load)."""
    if _before_first_set(facts):
        return None
    if facts.weight_kg is None or load_kind(facts.exercise) == "body":
        return None
    ceiling = step_up(facts.weight_kg)
    loadable = round_load(ceiling, facts.exercise, equipment, unit)
    return ceiling if loadable is None else max(loadable, Decimal(facts.weight_kg))


def hold_jump(result: GuidanceResult, facts: SetFacts, equipment: dict, unit: str):
    """Hold another provider's next load to the engine's set-to-set cap: a
    heavier one is brought down to it, and a reason says so."""
    cap = jump_cap_kg(facts, equipment, unit)
    if cap is None or result.next_weight_kg is None:
        return result
    if Decimal(str(result.next_weight_kg)) <= cap:
        return result
    reason = Reason(
        "load",
        _(
            "The model proposed %(proposed)s, more than a tenth above this set. "
            "The coach moves the load by a tenth at most from one set to the "
            "next, since effort ratings are not precise enough for more: aim "
            "for %(weight)s and rate that set again.",
            proposed=format_weight(Decimal(str(result.next_weight_kg)), unit),
            weight=format_weight(cap, unit),
        ),
        list(rules.JUMP_SOURCES),
    )
    return replace(result, next_weight_kg=_kg(cap), reasons=[reason, *result.reasons])


def first_set_cap_kg(facts: SetFacts, equipment: dict, unit: str):
    """The heaviest first working set the engine would accept, with the load
    it starts from: the load last time's best points to for the target reps
    and RPE (else the weight entered for the set), plus the engine's
    set-to-set step of a tenth, as the user can load it. None when the
    answer is not for before the work or no load is known."""
    if not _before_first_set(facts) or load_kind(facts.exercise) == "body":
        return None
    target_reps, target_rpe = _targets(facts)
    if facts.recent_e1rm_kg:
        base = load_for(facts.recent_e1rm_kg, target_reps, target_rpe)
    elif facts.planned_kg:
        base = Decimal(facts.planned_kg)
    else:
        return None
    base = round_load(base, facts.exercise, equipment, unit) or base
    ceiling = step_up(base)
    loadable = round_load(ceiling, facts.exercise, equipment, unit)
    cap = ceiling if loadable is None else max(loadable, base)
    return cap, base


def hold_first_set(
    result: GuidanceResult, facts: SetFacts, equipment: dict, unit: str
) -> GuidanceResult:
    """Hold another provider's first working-set load to the engine's bounds:
    no more than a tenth above what last time's best points to (brought
    down, and a reason says so); warm-up loads stay below the work."""
    bounds = first_set_cap_kg(facts, equipment, unit)
    if bounds is None:
        return result
    cap, base = bounds
    reasons = list(result.reasons)
    work = result.next_weight_kg
    if work is not None and Decimal(str(work)) > cap:
        target_reps, target_rpe = _targets(facts)
        reasons.insert(
            0,
            Reason(
                "load",
                _(
                    "The model proposed %(proposed)s for the first working set, "
                    "more than a tenth above the %(base)s that your recent best "
                    "points to for %(reps)d reps at RPE %(rpe)s. The coach starts "
                    "at most a tenth above it: aim for %(weight)s and rate the set.",
                    proposed=format_weight(Decimal(str(work)), unit),
                    base=format_weight(base, unit),
                    reps=target_reps,
                    rpe=plain(target_rpe),
                    weight=format_weight(cap, unit),
                ),
                sorted({*rules.E1RM_SOURCES, *rules.JUMP_SOURCES}),
            ),
        )
        work = _kg(cap)
    top = Decimal(str(work)) if work is not None else cap
    ramp = [
        step
        for step in result.warmup
        if step.weight_kg is None or Decimal(str(step.weight_kg)) < top
    ]
    if len(ramp) < len(result.warmup):
        reasons.append(
            Reason(
                "warmup",
                _(
                    "The model’s warm-up went up to or past the first working "
                    "set; those steps are left out, so the warm-up stays "
                    "lighter than the work."
                ),
                list(rules.WARMUP_SOURCES),
            )
        )
    if work == result.next_weight_kg and len(ramp) == len(result.warmup):
        return result
    return replace(result, next_weight_kg=work, warmup=ramp, reasons=reasons)


def _next_reason(facts, next_kg, reps: int, rpe: Decimal, unit: str) -> Reason:
    if next_kg is None:
        text = _(
            "Next set: %(reps)d reps at RPE %(rpe)s; add or drop reps to match.",
            reps=reps,
            rpe=plain(rpe),
        )
    else:
        if next_kg > facts.weight_kg:
            change = _("heavier than this set")
        elif next_kg < facts.weight_kg:
            change = _("lighter than this set")
        else:
            change = _("the same as this set")
        text = _(
            "Next set: %(weight)s × %(reps)d at RPE %(rpe)s (%(change)s), rounded "
            "to what your equipment loads.",
            weight=format_weight(next_kg, unit),
            reps=reps,
            rpe=plain(rpe),
            change=change,
        )
    return Reason("load", text, ["helms2016rir", "epley1985"])


def _stop_reason(facts: SetFacts, rpe: Decimal, target_rpe: Decimal):
    """End the exercise when the planned sets are done or the set went badly."""
    if facts.sets_left is not None and facts.sets_left <= 0:
        return Reason(
            "stop",
            _("That was the last planned set of this exercise: move on."),
            list(rules.ORDER_SOURCES),
        )
    low = facts.target_reps_min or facts.next_target_reps
    if low and facts.reps <= low - rules.MISS_MARGIN:
        return Reason(
            "stop",
            _(
                "You missed the target by %(missed)d reps: stop this exercise for "
                "today. More sets this tired add fatigue, not progress.",
                missed=low - facts.reps,
            ),
            list(rules.STOP_SOURCES),
        )
    if rpe >= min(TEN, target_rpe + Decimal(str(rules.RPE_OVERSHOOT))):
        return Reason(
            "stop",
            _(
                "That set was far harder than planned (RPE %(rpe)s): stop this "
                "exercise, and stop any set where your form breaks down. Going "
                "to failure is not needed.",
                rpe=plain(rpe),
            ),
            list(rules.STOP_SOURCES),
        )
    return None


def _reps_only(facts: SetFacts, target_rpe: Decimal, rest: int) -> GuidanceResult:
    """Without a load to change, the reps move: those the set had in reserve,
    less the reserve the target RPE leaves."""
    rpe = Decimal(facts.rpe) if facts.rpe is not None else target_rpe
    stop = _stop_reason(facts, rpe, target_rpe)
    reps = max(1, int(reps_to_failure(facts.reps, rpe) - (TEN - target_rpe)))
    reason = stop or Reason(
        "load",
        _(
            "Next set: %(reps)d reps at RPE %(rpe)s; add or drop reps to match.",
            reps=reps,
            rpe=plain(target_rpe),
        ),
        ["helms2016rir"],
    )
    return GuidanceResult(
        e1rm_kg=None,
        next_weight_kg=None,
        next_reps=None if stop else reps,
        target_rpe=float(target_rpe),
        rest_seconds=rest,
        stop=stop is not None,
        warmup=[],
        reasons=[reason],
    )


def _before_work(facts, equipment, unit, target_reps, target_rpe, rest):
    """Before the first working set: the load to aim for and a ramp up to it.

    The load comes from last time's best; without one (a first session), from
    the weight entered for the first working set.
    """
    work_kg = None
    if facts.recent_e1rm_kg:
        wanted = load_for(facts.recent_e1rm_kg, target_reps, target_rpe)
        work_kg = round_load(wanted, facts.exercise, equipment, unit)
    reasons = [
        Reason(
            "warmup",
            _("Warm up with a few lighter sets before the first working set."),
            list(rules.WARMUP_SOURCES),
        )
    ]
    if work_kg is None and facts.planned_kg:
        work_kg = round_load(facts.planned_kg, facts.exercise, equipment, unit)
        if work_kg is not None:
            reasons.append(
                Reason(
                    "load",
                    _(
                        "No earlier session to go by: the ramp leads up to the "
                        "%(weight)s entered for the first working set. Aim for "
                        "%(reps)d reps at RPE %(rpe)s and ask again after it.",
                        weight=format_weight(work_kg, unit),
                        reps=target_reps,
                        rpe=plain(target_rpe),
                    ),
                    ["helms2016rir"],
                )
            )
    elif work_kg is not None:
        reasons.append(
            Reason(
                "load",
                _(
                    "From last time’s best, aim for %(weight)s × %(reps)d at RPE "
                    "%(rpe)s in the first working set.",
                    weight=format_weight(work_kg, unit),
                    reps=target_reps,
                    rpe=plain(target_rpe),
                ),
                list(rules.E1RM_SOURCES),
            )
        )
    ramp = []  # once a working set is done the lifter is warm: no second ramp
    if not facts.working_sets_done and work_kg is not None:
        ramp = _warmup(facts, work_kg, equipment, unit)
    elif not facts.working_sets_done:
        ramp, reason = _ramp_without_weight(facts, equipment, unit)
        reasons = [reason]
    return GuidanceResult(
        e1rm_kg=_kg(facts.recent_e1rm_kg),
        next_weight_kg=_kg(work_kg),
        next_reps=target_reps,
        target_rpe=float(target_rpe),
        rest_seconds=min(rest, 90),
        stop=False,
        warmup=ramp,
        reasons=reasons,
    )


def _ramp_without_weight(facts: SetFacts, equipment: dict, unit: str):
    """A ramp the lifter can follow with no working weight known yet: the
    lightest load they own for a first set, then shares of the weight they
    mean to lift, the same shares as the warm-up calculator's; and a hint
    to enter that weight for exact loads."""
    kind = load_kind(facts.exercise)
    lightest, first = None, _("a light load")
    if kind == "plates":
        lightest = decimal(equipment.get("bar_weight"))
        if lightest:
            first = _(
                "the empty bar (%(weight)s)", weight=format_weight(lightest, unit)
            )
    elif kind in ("dumbbells", "kettlebells"):
        owned = owned_loads(facts.exercise, equipment)
        lightest = owned[0] if owned else None
        if lightest and kind == "dumbbells":
            first = _(
                "the lightest dumbbells (%(weight)s)",
                weight=format_weight(lightest, unit),
            )
        elif lightest:
            first = _(
                "the lightest kettlebell (%(weight)s)",
                weight=format_weight(lightest, unit),
            )
    if kind == "body":
        first, second = UNLOADED_RAMP
        text = _(
            "Warm up with a set of %(first)d and a set of %(second)d easy reps, "
            "of this exercise or an easier variation, before the first working "
            "set.",
            first=first,
            second=second,
        )
        ramp = [WarmupStep(None, reps) for reps in UNLOADED_RAMP]
        return ramp, Reason("warmup", text, list(rules.WARMUP_SOURCES))
    steps = ", ".join(
        _("%(share)d%% × %(reps)d", share=int(share * 100), reps=reps)
        for share, reps in RAMP
    )
    text = _(
        "No working weight to go by yet. Warm up with %(first)s × %(reps)d, "
        "then about %(steps)s of the weight you mean to lift in the first "
        "working set. Enter that weight on the set and ask again for exact "
        "loads.",
        first=first,
        reps=EMPTY_BAR_REPS,
        steps=steps,
    )
    ramp = [WarmupStep(_kg(lightest), EMPTY_BAR_REPS)] if lightest else []
    return ramp, Reason("warmup", text, list(rules.WARMUP_SOURCES))
