"""Why a generated plan is as it is: one reason per choice, with its sources."""

from dataclasses import dataclass

from homegym.coach import rules
from homegym.coach.schema import PlanRequest, Reason
from homegym.coach.text import _, group_label
from homegym.units import show_number


@dataclass(frozen=True)
class PlanContext:
    request: PlanRequest
    low: int
    high: int
    volume_sources: list
    groups: set
    short: list
    equipment: dict
    # Short of sets not for time but because more would overfill these groups.
    crowded: list
    capped: list
    # Above the range because the exercises for other groups train them too.
    over: list = ()
    # The fewest sets a main lift gets in this plan.
    main_lift_sets: int = rules.MIN_SETS
    # Names of the plan's bodyweight exercises prescribed for more reps.
    light_bodyweight: list = ()
    # The rests after compound sets, shortest first.
    rests: list = ()
    # Names of the light bodyweight compound exercises that rest shorter.
    light_rest: list = ()
    # The longest session of the plan, in whole minutes.
    longest_minutes: int = 0
    # The split chosen, and the days of the usual one that had too little to do.
    split: str = ""
    thin_days: list = ()
    # Lower-body days pair a knee-dominant with a hip-dominant lift.
    both_leg_kinds: bool = False
    # Full-body days do too, as far as the weekly range allows.
    full_body_leg_kinds: bool = False


def rationale(context: PlanContext, usable) -> list[Reason]:
    """Explain each choice of the plan, citing the catalogue."""
    request = context.request
    compound = rules.prescription(request.goal, request.experience, True)
    isolation = rules.prescription(request.goal, request.experience, False)
    reasons = [
        _split_reason(context),
        _volume_reason(context),
        _sets_reason(context),
        _intensity_reason(context, compound, isolation),
        _rest_reason(context, compound, isolation),
        Reason(
            "order",
            _("Each session starts with compound lifts, while you are fresh."),
            list(rules.ORDER_SOURCES),
        ),
        _equipment_reason(context, usable),
        _time_reason(context),
        Reason(
            "progression",
            _(
                "Double progression: stay in the rep range; when every set reaches "
                "the top of it at or below the target RPE, add the smallest step "
                "your equipment allows (shown per exercise) and start again at the "
                "bottom. Without a step to add, add reps or a harder variation."
            ),
            list(rules.PROGRESSION_SOURCES),
        ),
        Reason(
            "deload",
            _(
                "Every %(weeks)d weeks, or when progress stalls two weeks running, "
                "deload for a week: half the sets, same loads, about 2 RPE easier.",
                weeks=rules.DELOAD_EVERY_WEEKS[request.experience],
            ),
            list(rules.DELOAD_SOURCES),
        ),
        Reason(
            "warmup",
            _("Warm up before the first working set of each lift."),
            list(rules.WARMUP_SOURCES),
        ),
    ]
    if context.light_bodyweight:
        reasons.append(_bodyweight_reason(context))
    if request.experience == "beginner":
        reasons.append(
            Reason(
                "effort",
                _(
                    "As a beginner you stop further from failure (RPE %(rpe)s at "
                    "most): effort ratings get more accurate with experience.",
                    rpe=show_number(rules.BEGINNER_MAX_RPE),
                ),
                list(rules.BEGINNER_SOURCES),
            )
        )
    return reasons


def _split_reason(context: PlanContext) -> Reason:
    text = _(
        "%(days)d days a week, split so that every major muscle group is "
        "trained at least twice a week: twice a week grew more muscle than "
        "once, mostly because it spreads more sets over the week.",
        days=context.request.days,
    )
    if context.thin_days and context.split == "upper_lower":
        text += " " + _(
            "With your equipment %(thin)s would have too little to do, so the "
            "week rotates upper- and lower-body days instead.",
            thin=", ".join(context.thin_days),
        )
    elif context.thin_days:
        text += " " + _(
            "With your equipment %(thin)s would have too little to do, so "
            "every day trains the whole body instead.",
            thin=", ".join(context.thin_days),
        )
    return Reason("split", text, list(rules.FREQUENCY_SOURCES))


def _intensity_reason(context: PlanContext, compound, isolation) -> Reason:
    goal = context.request.goal
    text = (
        _(
            "Compound lifts %(cmin)d–%(cmax)d reps at RPE %(crpe)s, isolation "
            "%(imin)d–%(imax)d reps at RPE %(irpe)s.",
            cmin=compound.reps_min,
            cmax=compound.reps_max,
            crpe=show_number(compound.rpe),
            imin=isolation.reps_min,
            imax=isolation.reps_max,
            irpe=show_number(isolation.rpe),
        )
        + " "
        + _intensity_why(goal)
    )
    sources = {*rules.INTENSITY_SOURCES[goal], *rules.EFFORT_SOURCES}
    return Reason("intensity", text, sorted(sources))


def _rest_reason(context: PlanContext, compound, isolation) -> Reason:
    longest = max(context.rests, default=compound.rest_seconds)
    if context.light_rest and not context.rests:
        # No heavy compound lift in the plan: only light bodyweight ones.
        text = _(
            "Rest %(lrest)d s after the many-rep bodyweight sets and %(irest)d s "
            "after isolation sets: rests over a minute built muscle as well as "
            "longer ones (the exact numbers are HomeGym's choice).",
            lrest=rules.LIGHT_BODYWEIGHT_REST,
            irest=isolation.rest_seconds,
        )
        return Reason("rest", text, list(rules.REST_SOURCES))
    if longest > compound.rest_seconds:
        text = _(
            "Rest %(crest)d to %(most)d s after compound sets, the longer rests "
            "where the session has time for them, and %(irest)d s after "
            "isolation sets: longer rests gave more strength on big lifts.",
            crest=compound.rest_seconds,
            most=longest,
            irest=isolation.rest_seconds,
        )
    else:
        text = _(
            "Rest %(crest)d s after compound sets and %(irest)d s after "
            "isolation sets: longer rests gave more strength on big lifts.",
            crest=compound.rest_seconds,
            irest=isolation.rest_seconds,
        )
    if context.light_rest:
        text += " " + _(
            "%(exercises)s: %(seconds)d s, as many light reps are not a heavy set "
            "and rests over a minute built muscle too (the %(seconds)d s is "
            "HomeGym's choice).",
            exercises=", ".join(context.light_rest),
            seconds=rules.LIGHT_BODYWEIGHT_REST,
        )
    return Reason("rest", text, list(rules.REST_SOURCES))


def _intensity_why(goal: str) -> str:
    if goal == "strength":
        return _(
            "Heavy loads build the most strength; ending sets a couple of reps "
            "short of failure keeps them productive without failing."
        )
    if goal == "hypertrophy":
        return _(
            "Muscle grows about equally with light or heavy loads when sets end "
            "near failure, so moderate loads a few reps short of it do the job."
        )
    return _(
        "Moderate loads of about 8 to 12 repetitions, as advised for novices, "
        "with a few reps in reserve."
    )


def _volume_reason(context: PlanContext) -> Reason:
    if context.request.experience == "beginner":
        # No study gives a beginner's number: say it is HomeGym's starting dose.
        text = _(
            "About %(low)d to %(high)d weekly sets per major muscle group to "
            "begin with: ten or more did best in the studies, and a beginner "
            "builds up to that by progressing step by step; sets that train a "
            "muscle indirectly count half.",
            low=context.low,
            high=context.high,
        )
    else:
        text = _(
            "About %(low)d to %(high)d weekly sets per major muscle group, the "
            "range the studies support for your experience and goal; sets that "
            "train a muscle indirectly count half.",
            low=context.low,
            high=context.high,
        )
    if "glutes" in context.groups:
        text += " " + _(
            "Squats and lunges count half for the glutes too, as the quads "
            "lead there (HomeGym's counting convention)."
        )
    if context.crowded:
        text += " " + _(
            "%(groups)s stay below that: their exercises also train "
            "%(capped)s, which would go past %(high)d.",
            groups=", ".join(group_label(g) for g in context.crowded),
            capped=", ".join(group_label(g) for g in context.capped),
            high=context.high,
        )
    if context.over:
        text += " " + _(
            "%(groups)s end up a little above that: the exercises your equipment "
            "allows for the other groups train them too.",
            groups=", ".join(group_label(g) for g in context.over),
        )
    if context.request.experience in rules.AIM_HIGH:
        text += " " + _(
            "The plan aims for the top of that range as far as your time "
            "allows: more weekly sets kept adding growth."
        )
    return Reason(
        "volume", text, sorted({*context.volume_sources, *rules.INDIRECT_SOURCES})
    )


def _sets_reason(context: PlanContext) -> Reason:
    text = _(
        "Every main lift gets at least %(main)d working sets and every other "
        "exercise at least %(other)d: fewer exercises with more sets each, "
        "since several sets per exercise built more muscle than a single set.",
        main=context.main_lift_sets,
        other=rules.MIN_SETS,
    )
    if context.main_lift_sets < rules.min_sets(context.request.goal, True):
        text += " " + _(
            "Three sets of each main lift would leave too few lifts in your "
            "time to train every muscle group twice a week, so they get two."
        )
    text += " " + _(
        "Heavy pressing stays within %(most)d sets a session, %(direction)d of "
        "one direction.",
        most=rules.PRESS_MOST_SETS,
        direction=rules.PRESS_MOST_SETS_DIRECTION,
    )
    if context.both_leg_kinds:
        text += " " + _(
            "Each lower-body day pairs a squat or lunge with a hinge or bridge "
            "when the time allows."
        )
    if context.full_body_leg_kinds:
        text += " " + _(
            "Each full-body day pairs a squat or lunge with a hinge or bridge "
            "when the time allows and the muscles they train stay within their "
            "weekly range."
        )
    return Reason("sets", text, list(rules.MIN_SETS_SOURCES))


def _bodyweight_reason(context: PlanContext) -> Reason:
    return Reason(
        "bodyweight",
        _(
            "%(exercises)s: your body weight alone is a light load for most "
            "people, so these take more reps (shown per exercise), enough for "
            "each set to end near failure: light loads built as much muscle as "
            "heavy ones when sets went to failure, and growth rose as sets ended "
            "closer to it. When the top of the range comes easily, move to a "
            "harder variation.",
            exercises=", ".join(context.light_bodyweight),
        ),
        list(rules.LIGHT_BODYWEIGHT_SOURCES),
    )


def _equipment_reason(context: PlanContext, usable) -> Reason:
    missing = sorted(set(rules.MAJOR_MUSCLES) - context.groups)
    missing = [m for m in missing if m not in context.request.excluded_muscles]
    text = _("Only exercises your equipment allows, leaving out what you excluded.")
    if missing:
        text += " " + _(
            "Nothing you can do trains %(groups)s directly; more equipment "
            "(a pull-up bar or bands, for example) would fill the gap.",
            groups=", ".join(group_label(m) for m in missing),
        )
    sources = ["kraemer2004fundamentals"]
    if any("bands" in exercise.equipment for exercise in usable):
        sources += rules.BANDS_SOURCES
    return Reason("equipment", text, sources)


def _time_reason(context: PlanContext) -> Reason:
    minutes = context.request.minutes
    text = _(
        "Each session fits in %(minutes)d minutes, a %(warmup)d-minute warm-up "
        "and the rests included.",
        minutes=minutes,
        warmup=rules.WARMUP_MINUTES,
    )
    sources = list(rules.REST_SOURCES)
    if context.short:
        text += " " + _(
            "That time leaves %(groups)s below %(low)d weekly sets; even one hard "
            "set two or three times a week still builds strength, and more time "
            "would allow more sets.",
            groups=", ".join(group_label(m) for m in context.short),
            low=context.low,
        )
        sources = [*rules.MINIMUM_DOSE_SOURCES, "schoenfeld2017volume"]
    elif context.longest_minutes <= minutes - rules.SPARE_MINUTES:
        text, sources = _spare_time(context, text, sources)
    return Reason("time", text, sources)


def _spare_time(context: PlanContext, text: str, sources: list):
    """Say why sessions come out clearly shorter than the time budget: the
    weekly sets are at the top of the range, or a beginner starts lower."""
    if context.capped:
        text += " " + _(
            "Sessions take about %(longest)d minutes or less: more sets would "
            "exceed what the sources support for your level and goal, %(high)d "
            "weekly sets per muscle group.",
            longest=context.longest_minutes,
            high=context.high,
        )
        return text, sorted({*sources, *context.volume_sources})
    if context.request.experience == "beginner":
        text += " " + _(
            "Sessions take about %(longest)d minutes or less: a beginner starts "
            "with fewer weekly sets and adds more by progressing.",
            longest=context.longest_minutes,
        )
        return text, sorted({*sources, "acsm2009progression"})
    return text, sources
