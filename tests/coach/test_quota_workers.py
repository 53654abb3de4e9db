"""Two gunicorn workers sharing Redis still allow exactly the daily quota.

Skipped when Redis or gunicorn is missing on the machine.
"""

import http.cookiejar
import os
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
from limits.storage import RedisStorage
from sqlalchemy import func, select

from homegym.coach.models import CoachRequest
from homegym.coach.quotas import Quota, local_day
from homegym.extensions import db
from homegym.plans.models import Plan
from tests.conftest import PASSWORD
from tests.faults.server import gunicorn as served

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
REQUESTS = 8
LIMIT = 3


@pytest.fixture
def redis_storage() -> RedisStorage:
    """The Redis the workers share; skip when there is none."""
    try:
        storage = RedisStorage(REDIS)
        if not storage.check():
            raise ConnectionError
    except Exception:  # noqa: BLE001 - any failure means no Redis here
        pytest.skip("Redis is not running")
    return storage


@pytest.fixture
def gunicorn(redis_storage, test_config, tmp_path):
    """Serve the app with two workers on the test database and Redis."""
    with served(
        test_config["SQLALCHEMY_DATABASE_URI"],
        tmp_path,
        RATELIMIT_STORAGE_URI=REDIS,
        WTF_CSRF_ENABLED="false",
        COACH_PLAN_LIMIT=str(LIMIT),
    ) as server:
        yield server.base


def test_two_workers_on_redis_allow_exactly_the_quota(
    library, make_user, redis_storage, gunicorn
):
    storage = redis_storage
    user = make_user()
    key = Quota("plan", user.id, local_day(user), LIMIT).key
    storage.clear(key)  # ids restart with an empty test database
    db.session.commit()  # no read lock held while the workers write

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = urllib.parse.urlencode({"email": user.email, "password": PASSWORD})
    opener.open(f"{gunicorn}/login", login.encode(), timeout=10)

    form = urllib.parse.urlencode(
        {"goal": "strength", "experience": "beginner", "days": "3", "minutes": "45"}
    ).encode()
    statuses = []
    start = threading.Barrier(REQUESTS)

    def ask():
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            f"{gunicorn}/coach/plans", form, headers={"HX-Request": "true"}
        )
        start.wait()
        try:
            statuses.append(opener.open(request, timeout=60).status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=ask) for _ in range(REQUESTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    try:
        assert sorted(statuses) == [200] * LIMIT + [422] * (REQUESTS - LIMIT)
        db.session.rollback()
        plans = select(func.count(Plan.id)).where(Plan.user_id == user.id)
        assert db.session.scalar(plans) == LIMIT
        ok = select(func.count(CoachRequest.id)).where(CoachRequest.outcome == "ok")
        assert db.session.scalar(ok) == LIMIT
        assert storage.get(key) == LIMIT
    finally:
        storage.clear(key)
