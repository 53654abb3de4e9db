"""Daily quotas per user and feature, held in Flask-Limiter's storage.

A request takes its unit before the provider is asked (an atomic increment:
Redis INCRBY, or the memory storage's per-key lock) and gives it back when
the call fails, is rejected or was over the limit. Checking first and
counting afterwards would let two requests both pass the check; taking first
means concurrent requests can never get more than the limit between them,
across workers, as long as they share the storage. An answer in flight
holds its unit, so for that moment a request may be refused that would
have fit had the other one failed.

The counts live only in the configured storage, never in Flask-Limiter's
in-memory fallback: each worker would count on its own there. When the
storage cannot be reached, every method raises ``QuotaStoreDown`` and the
coach answers "unavailable" instead of answering uncounted.

The user's calendar day is part of the key, so the count starts afresh at
their midnight; the key itself lives two days so that a 25-hour day (the
clocks going back) cannot outlast it.
"""

import logging
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from limits import RateLimitItemPerDay
from limits.storage import storage_from_string

from homegym import clock
from homegym.extensions import limiter

LIMIT_SETTINGS = {
    "plan": "COACH_PLAN_LIMIT",
    "guidance": "COACH_GUIDANCE_LIMIT",
    "analysis": "COACH_ANALYSIS_LIMIT",
}
FLAG_SETTINGS = {
    "plan": "COACH_PLAN_ENABLED",
    "guidance": "COACH_GUIDANCE_ENABLED",
    "analysis": "COACH_ANALYSIS_ENABLED",
}
KEY_DAYS = 2

logger = logging.getLogger(__name__)


class QuotaStoreDown(Exception):
    """The storage that counts the quotas (Redis) did not answer."""


def storage():
    """Where the quotas are counted: Flask-Limiter's storage, or the same
    storage of the quotas' own when the operator has switched rate limiting
    off (``RATELIMIT_ENABLED``): the quotas are not rate limits, and
    Flask-Limiter then opens no storage at all."""
    if current_app.config.get("RATELIMIT_ENABLED", True):
        return limiter.storage
    found = current_app.extensions.get("coach_quotas")
    if found is None:
        found = storage_from_string(
            current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://",
            **(current_app.config.get("RATELIMIT_STORAGE_OPTIONS") or {}),
        )
        current_app.extensions["coach_quotas"] = found
    return found


@contextmanager
def storage_errors():
    """Turn any failure of the quota storage into ``QuotaStoreDown``."""
    try:
        yield
    except storage().base_exceptions as error:
        raise QuotaStoreDown(f"{type(error).__name__}: {error}") from error


def enabled(feature: str) -> bool:
    """Tell whether the operator has this feature switched on."""
    return bool(current_app.config.get(FLAG_SETTINGS[feature], True))


def local_day(user, now: datetime | None = None) -> date:
    """The user's calendar date at ``now`` (naive UTC, as stored)."""
    moment = (now or clock.utcnow()).replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(clock.zone(user.timezone)).date()


def renews_at(user, now: datetime | None = None) -> datetime:
    """The next midnight in the user's zone, as a naive UTC datetime."""
    tomorrow = local_day(user, now) + timedelta(days=1)
    midnight = datetime.combine(tomorrow, time.min, clock.zone(user.timezone))
    return midnight.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def renews_in(user, now: datetime | None = None) -> timedelta:
    """How long until the user's quotas renew, for "renews in 7 hours"."""
    now = now or clock.utcnow()
    return renews_at(user, now) - now


@dataclass(frozen=True)
class Quota:
    """One user's allowance of one feature on one of their days."""

    feature: str
    user_id: int
    day: date
    limit: int

    @classmethod
    def of(cls, user, feature: str, now: datetime | None = None) -> "Quota":
        limit = int(current_app.config[LIMIT_SETTINGS[feature]])
        return cls(feature, user.id, local_day(user, now), max(limit, 0))

    @property
    def key(self) -> str:
        """The storage key of the count. The limit is not part of it (a limits
        item's own key holds its amount), so an operator who changes the limit
        during the day changes what is left, not what was used."""
        prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or "homegym"
        identifiers = (prefix, self.feature, str(self.user_id), self.day.isoformat())
        return "/".join(("COACH", *identifiers, f"{KEY_DAYS}day"))

    @property
    def _expiry(self) -> int:
        return RateLimitItemPerDay(1, KEY_DAYS).get_expiry()

    def used(self) -> int:
        """How many units are taken today (answers in flight included)."""
        with storage_errors():
            return max(0, storage().get(self.key))

    def remaining(self) -> int:
        return max(0, self.limit - self.used())

    def take(self) -> bool:
        """Take one unit; False (and nothing taken) when none is left.

        The increment is atomic and its result decides, as the limits
        library's fixed window does it."""
        with storage_errors():
            count = storage().incr(self.key, self._expiry)
        if count <= self.limit:
            return True
        self.give_back()
        return False

    def give_back(self) -> None:
        """Return a unit taken for a call that did not succeed.

        With the storage gone the unit stays taken: the user loses one
        answer, which is better than the request failing on its way out."""
        try:
            with storage_errors():
                storage().incr(self.key, self._expiry, amount=-1)
        except QuotaStoreDown as error:
            logger.warning(
                "coach %s unit of user %s not given back: quota storage down (%s)",
                self.feature,
                self.user_id,
                error,
            )
