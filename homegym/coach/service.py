"""Run a coach feature: flag, quota, provider, checks, and a record of it all.

Only an answer that passed the schema (and, for plans, was saved) keeps its
quota unit; every other ending gives it back. Each request leaves one row in
coach_requests for the operator, whatever happened.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from homegym.coach.models import CoachRequest
from homegym.coach.providers import ProviderFailed, Usage, current_provider
from homegym.coach.quotas import Quota, QuotaStoreDown, enabled
from homegym.coach.schema import SchemaError, as_dict
from homegym.extensions import commit_keeping_loaded, db

logger = logging.getLogger(__name__)
MESSAGE_LENGTH = 255


class CoachRefused(Exception):
    """The coach did not answer; ``message`` is for the user."""

    def __init__(self, outcome: str, message: str, status: int):
        super().__init__(message)
        self.outcome = outcome
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Answer:
    result: object
    record: CoachRequest


def _record(user_id: int, feature: str, provider, outcome: str, **fields):
    row = CoachRequest(
        user_id=user_id,
        feature=feature,
        provider=getattr(provider, "name", "") or "",
        model=(getattr(provider, "model", "") or "")[:100],
        outcome=outcome,
        **fields,
    )
    db.session.add(row)
    # The answer is drawn right after from the user, the exercises and the
    # record itself: nothing else wrote those rows in between.
    commit_keeping_loaded()
    return row


def switched_off(user, feature: str) -> CoachRefused:
    """Record a request for a feature the operator switched off; say so."""
    _record(user.id, feature, None, "disabled")
    return CoachRefused("disabled", _("This coach feature is switched off."), 404)


def run(user, feature: str, ask: Callable, keep: Callable | None = None) -> Answer:
    """Ask the configured provider for a feature under the user's quota.

    ``ask(provider)`` returns the checked result and the token usage;
    ``keep(result)`` may save it (a plan) and return the plan id. Raises
    CoachRefused with a message for the page.
    """
    if not enabled(feature):
        raise switched_off(user, feature)
    quota = Quota.of(user, feature)
    try:
        taken = quota.take()
    except QuotaStoreDown as error:
        logger.warning(
            "coach %s for user %s: unavailable, quota storage down (%s)",
            feature,
            user.id,
            error,
        )
        _record(user.id, feature, None, "failed", message="quota storage down")
        raise CoachRefused(
            "failed", _("The coach is not available right now. Try again later."), 503
        ) from error
    if not taken:
        _record(user.id, feature, None, "over_quota")
        logger.warning("coach %s refused for user %s: over quota", feature, user.id)
        raise CoachRefused(
            "over_quota",
            _(
                "You have used today’s %(feature)s quota.",
                feature=feature_name(feature),
            ),
            429,
        )

    started = time.perf_counter()
    provider = None
    try:
        provider = current_provider()
        result, usage = ask(provider)
        plan_id = keep(result) if keep is not None else None
    except SchemaError as error:
        db.session.rollback()
        quota.give_back()
        _finish(user, feature, provider, "rejected", started, str(error))
        raise CoachRefused(
            "rejected",
            _("The coach’s answer was rejected: %(reason)s", reason=str(error)),
            422,
        ) from error
    except ProviderFailed as error:
        db.session.rollback()
        quota.give_back()
        _finish(user, feature, provider, "failed", started, str(error))
        raise CoachRefused(
            "failed",
            _("The coach could not answer: %(reason)s", reason=str(error)),
            502,
        ) from error
    except Exception:
        db.session.rollback()
        quota.give_back()
        _finish(user, feature, provider, "failed", started, "unexpected error")
        raise

    record = _finish(
        user,
        feature,
        provider,
        "ok",
        started,
        usage=usage,
        result=as_dict(result),
        plan_id=plan_id,
    )
    return Answer(result, record)


def _finish(user, feature, provider, outcome, started, message="", **fields):
    usage = fields.pop("usage", None) or Usage()
    row = _record(
        user.id,
        feature,
        provider,
        outcome,
        duration_ms=round((time.perf_counter() - started) * 1000),
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        message=message[:MESSAGE_LENGTH],
        **fields,
    )
    logger.info("coach %s for user %s: %s", feature, user.id, outcome)
    return row


def feature_name(feature: str) -> str:
    """Name a feature for people."""
    names = {
        "plan": _("plan generation"),
        "guidance": _("live guidance"),
        "analysis": _("analysis"),
    }
    return names[feature]
