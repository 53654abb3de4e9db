"""What an analysis advises: a short list of changes, each with its sources."""

from homegym.coach import rules
from homegym.coach.schema import Reason
from homegym.coach.text import _, group_label
from homegym.units import show_number


def changes(
    volume,
    trends,
    effort,
    workouts: int,
    planned,
    target,
    balance=None,
    weeks: int = 1,
    examples=None,
) -> list[Reason]:
    """Turn the numbers into a short list of changes, each with its sources.

    ``target`` is the user's weekly set range (targets.weekly_target);
    ``balance`` the period's sets per side (push, pull, knee, hip) and
    ``examples`` a callable giving exercise names the user can do for a side.
    """
    if not workouts:
        return [
            Reason(
                "adherence",
                _(
                    "No finished workouts in this period yet: start with "
                    "muscle-strengthening work on two or more days a week."
                ),
                ["who2020"],
            )
        ]
    found = _volume_changes(volume, target)
    for item in (v for v in volume if 0 < v.sessions_per_week < 2):
        found.append(
            Reason(
                "frequency",
                _(
                    "Train %(group)s on two days a week instead of one.",
                    group=group_label(item.muscle),
                ),
                list(rules.FREQUENCY_SOURCES),
            )
        )
    stalled = [trend for trend in trends if trend.stalled]
    if stalled:
        found.append(
            Reason(
                "deload",
                _(
                    "%(count)d exercises have stalled: take a deload week (half the "
                    "sets), then progress again, perhaps in a new rep range.",
                    count=len(stalled),
                ),
                ["bell2023deload", "acsm2009progression"],
            )
        )
    found += balance_changes(balance or {}, weeks, examples or (lambda _side: []))
    found += _effort_changes(effort)
    if planned and workouts < 0.75 * planned:
        found.append(
            Reason(
                "adherence",
                _(
                    "You did %(done)d of %(planned)d planned sessions: a plan with "
                    "fewer, shorter days may fit your weeks better.",
                    done=workouts,
                    planned=planned,
                ),
                ["androulakis2020metd"],
            )
        )
    if not found:
        found.append(
            Reason(
                "progression",
                _("Keep going: volume and effort are in range; keep adding load."),
                ["acsm2009progression"],
            )
        )
    return found


def _volume_changes(volume, target) -> list[Reason]:
    found = []
    lows = sorted((v for v in volume if v.status == "low"), key=lambda v: v.weekly_sets)
    for item in lows[:3]:
        found.append(
            Reason(
                "volume",
                _(
                    "Add sets for %(group)s: %(sets)s a week now, below the target "
                    "of %(low)d to %(high)d; more weekly sets grew more muscle.",
                    group=group_label(item.muscle),
                    sets=show_number(item.weekly_sets),
                    low=target.low,
                    high=target.high,
                ),
                sorted({"schoenfeld2017volume", *target.sources}),
            )
        )
    for item in (v for v in volume if v.status == "high"):
        values = {
            "group": group_label(item.muscle),
            "sets": show_number(item.weekly_sets),
            "high": target.high,
        }
        if target.high >= 20:
            # Only at twenty does a source say that more added little.
            text = _(
                "%(group)s gets %(sets)s weekly sets; above %(high)d added little, "
                "so those sets could go elsewhere.",
                **values,
            )
            sources = ["bazvalle2022volume"]
        else:
            text = _(
                "%(group)s gets %(sets)s weekly sets, above the %(high)d the sources "
                "support at your plan's experience level: those sets could go "
                "elsewhere.",
                **values,
            )
            sources = list(target.sources)
        found.append(Reason("volume", text, sources))
    return found


def _effort_changes(effort: dict[str, int]) -> list[Reason]:
    rated = sum(count for bucket, count in effort.items() if bucket != "unrated")
    total = rated + effort["unrated"]
    found = []
    if total and effort["unrated"] > total / 2:
        found.append(
            Reason(
                "effort",
                _(
                    "Log an RPE for your sets: the coach can then adjust loads "
                    "set by set."
                ),
                ["helms2016rir"],
            )
        )
    if rated and effort["easy"] > rated / 2:
        found.append(
            Reason(
                "effort",
                _(
                    "Most of your sets were easy (RPE 6 or less): end them closer "
                    "to failure, around RPE 7 to 9."
                ),
                ["robinson2024proximity", "refalo2023failure"],
            )
        )
    if rated and effort["max"] > rated * 0.3:
        found.append(
            Reason(
                "effort",
                _(
                    "Many sets went to RPE 9.5 or 10: failure is not needed, so "
                    "keep a rep or two in reserve."
                ),
                ["grgic2022failure", "refalo2023failure"],
            )
        )
    return found


def imbalances(balance: dict, weeks: int) -> list[tuple[str, float, str, float]]:
    """The pairs out of balance, as (bigger side, its weekly sets, lagging
    side, its weekly sets); the thresholds are HomeGym's choice (rules)."""
    found = []
    for one, other in (("push", "pull"), ("knee", "hip")):
        a = balance.get(one, 0) / max(weeks, 1)
        b = balance.get(other, 0) / max(weeks, 1)
        (more, more_sets), (less, less_sets) = sorted(
            ((one, a), (other, b)), key=lambda side: -side[1]
        )
        if more_sets >= rules.BALANCE_MIN_WEEKLY and (
            more_sets > rules.BALANCE_RATIO * less_sets
        ):
            found.append((more, more_sets, less, less_sets))
    return found


def balance_changes(balance: dict, weeks: int, examples) -> list[Reason]:
    """Name each imbalance and its fix: which side gets more sets, about how
    many a week (enough to close the gap, at least two), and exercises the
    user can do for it."""
    found = []
    for _more, more_sets, less, less_sets in imbalances(balance, weeks):
        values = {
            "more": show_number(round(more_sets, 1)),
            "less": show_number(round(less_sets, 1)),
            "ratio": show_number(rules.BALANCE_RATIO),
            "sets": max(rules.BALANCE_MIN_ADD, round(more_sets - less_sets)),
        }
        text = _balance_text(less, values)
        names = examples(less)[: rules.BALANCE_EXAMPLES]
        if names:
            text += " " + _(
                "Exercises you can do for it: %(examples)s.",
                examples=", ".join(names),
            )
        else:
            text += " " + _(
                "Nothing your equipment allows trains it yet; more equipment "
                "(a pull-up bar or bands, for example) would fill the gap."
            )
        found.append(Reason("balance", text, list(rules.BALANCE_SOURCES)))
    return found


def _balance_text(less: str, values: dict) -> str:
    """One sentence per lagging side, whole for the translators."""
    if less == "pull":
        return _(
            "Pushing outweighs pulling: %(more)s weekly sets against %(less)s, "
            "more than the %(ratio)s to 1 HomeGym flags (its choice; no study "
            "gives a ratio). Add about %(sets)d sets a week of rows, pull-ups "
            "or pulldowns, or move some pushing sets to them.",
            **values,
        )
    if less == "push":
        return _(
            "Pulling outweighs pushing: %(more)s weekly sets against %(less)s, "
            "more than the %(ratio)s to 1 HomeGym flags (its choice; no study "
            "gives a ratio). Add about %(sets)d sets a week of presses or "
            "push-ups, or move some pulling sets to them.",
            **values,
        )
    if less == "hip":
        return _(
            "Squats and lunges outweigh hinges and bridges: %(more)s weekly sets "
            "against %(less)s, more than the %(ratio)s to 1 HomeGym flags (its "
            "choice; no study gives a ratio). Add about %(sets)d sets a week of "
            "hip-dominant work for the hamstrings and glutes.",
            **values,
        )
    return _(
        "Hinges and bridges outweigh squats and lunges: %(more)s weekly sets "
        "against %(less)s, more than the %(ratio)s to 1 HomeGym flags (its "
        "choice; no study gives a ratio). Add about %(sets)d sets a week of "
        "knee-dominant work for the quads.",
        **values,
    )
