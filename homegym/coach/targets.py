"""The weekly sets per muscle group a user aims for, in one place.

The analysis judges volume against it and the progress chart draws it, so
both say the same. A coach-made plan keeps the request it was made from
with its answer; when the user's active plan is one, the range is the one
the sources give for that plan's experience level. Otherwise (no plan, a
plan made by hand, or an answer older than the stored request) it is the
sources' general range of 10 to 20 sets.
"""

from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select

from homegym.coach import rules
from homegym.coach.models import CoachRequest
from homegym.extensions import db
from homegym.plans.models import Plan
from homegym.sources.loader import DEFAULT_PATH, read_catalogue


@dataclass(frozen=True)
class WeeklyTarget:
    """Weekly sets per muscle group to land between, and the keys it rests on."""

    low: int
    high: int
    sources: tuple[str, ...]
    # The active coach plan's experience level; None for the default range.
    experience: str | None = None


DEFAULT_TARGET = WeeklyTarget(
    rules.DEFAULT_VOLUME[0], rules.DEFAULT_VOLUME[1], tuple(rules.DEFAULT_VOLUME[2])
)


def weekly_target(user_id: int, has_plan: bool = True) -> WeeklyTarget:
    """The user's weekly set range: their active coach plan's level, else 10-20.

    A caller that knows the user has no active plan says so and saves a query.
    """
    experience = plan_experience(user_id) if has_plan else None
    if experience not in rules.VOLUME:
        return DEFAULT_TARGET
    low, high, sources = rules.VOLUME[experience]
    return WeeklyTarget(low, high, tuple(sources), experience)


def plan_experience(user_id: int) -> str | None:
    """The experience level the user's active plan was made for by the coach,
    read from the plan's coach request; None when it was not made so."""
    result = db.session.scalar(
        select(CoachRequest.result)
        .join(Plan, Plan.id == CoachRequest.plan_id)
        .where(
            Plan.user_id == user_id,
            Plan.active.is_(True),
            CoachRequest.user_id == user_id,
            CoachRequest.feature == "plan",
            CoachRequest.outcome == "ok",
        )
        .order_by(Plan.updated_at.desc(), CoachRequest.id.desc())
        .limit(1)
    )
    return result.get("experience") if isinstance(result, dict) else None


def citations(keys) -> list[str]:
    """The full citations of catalogue keys, as the bundled catalogue has them."""
    entries = _catalogue()
    found = []
    for key in keys:
        citation, doi = entries[key]
        found.append(f"{citation} doi:{doi}" if doi else citation)
    return found


@lru_cache(maxsize=1)
def _catalogue() -> dict[str, tuple[str, str | None]]:
    return {
        entry["key"]: (entry["citation"], entry.get("doi"))
        for entry in read_catalogue(DEFAULT_PATH)
    }
