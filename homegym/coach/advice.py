"""What an analysis advises: a short list of changes, each with its sources."""

from homegym.coach import rules
from homegym.coach.schema import Reason
from homegym.coach.text import _, group_label


def changes(volume, trends, effort, workouts: int, planned, target) -> list[Reason]:
    """Turn the numbers into a short list of changes, each with its sources.

    ``target`` is the user's weekly set range (targets.weekly_target).
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
                    sets=f"{item.weekly_sets:g}",
                    low=target.low,
                    high=target.high,
                ),
                sorted({"schoenfeld2017volume", *target.sources}),
            )
        )
    for item in (v for v in volume if v.status == "high"):
        values = {
            "group": group_label(item.muscle),
            "sets": f"{item.weekly_sets:g}",
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
