"""Redis gone (rate limits, coach quotas and cache pointed at a closed port).

The logbook keeps working; login limits fall back to each worker's memory
while the lockout, kept in the database, still holds; the coach says it is
unavailable (503, shown in place) instead of answering uncounted or failing.
"""

from sqlalchemy import func, select

from homegym.accounts.models import FailedLogin
from homegym.coach.models import CoachRequest
from homegym.extensions import db
from homegym.plans.models import Plan
from tests.conftest import PASSWORD
from tests.faults.client import CSRF, Lifter
from tests.faults.conftest import as_confirmed, stored_sets
from tests.faults.server import free_port, gunicorn

UNAVAILABLE = "The coach is not available right now. Try again later."
PLAN_FORM = {"goal": "strength", "experience": "beginner", "days": "3", "minutes": "45"}
LOGIN_LIMIT = 10  # per minute, counted by each of the two workers on its own
LOCKOUT_AFTER = 3


def test_without_redis_the_logbook_works_and_the_coach_is_unavailable(
    app, make_user, exercise, test_config, tmp_path
):
    user_id, exercise_id = make_user("no-redis@example.com").id, exercise.id
    make_user("target@example.com")
    db.session.commit()
    redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    settings = {
        "RATELIMIT_STORAGE_URI": redis,
        "CACHE_TYPE": "RedisCache",
        "CACHE_REDIS_URL": redis,
        "LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
        "LOCKOUT_FAILURE_LIMIT": str(LOCKOUT_AFTER),
    }

    with gunicorn(
        test_config["SQLALCHEMY_DATABASE_URI"], tmp_path, **settings
    ) as server:
        lifter = Lifter(server.port)
        lifter.log_in("no-redis@example.com", PASSWORD)
        workout_id, _ = lifter.start_workout()
        performed_id, performed_uuid, first = lifter.add_exercise(
            workout_id, exercise_id
        )
        lifter.tick(workout_id, first, 70, 5)
        second = lifter.add_set(workout_id, (performed_id, performed_uuid))
        lifter.tick(workout_id, second, 72, 5)
        assert lifter.failures == [] and lifter.outbox == []
        assert (
            "Back Squat"
            in lifter.expect(200, "GET", f"/workouts/{workout_id}/log").body
        )

        # The coach: its page says so, and each feature answers 503 in place.
        assert UNAVAILABLE in lifter.expect(200, "GET", "/coach").body
        plan = lifter.request("POST", "/coach/plans", form=PLAN_FORM, htmx=True)
        assert plan.status == 503 and UNAVAILABLE in plan.body
        assert plan.headers["X-HomeGym-Swap"] == "true"  # swapped like a 422
        assert 'class="coach-refusal' in plan.body
        set_id = lifter.set_ids[first]
        guidance = lifter.request("POST", f"/coach/sets/{set_id}/guidance", htmx=True)
        assert guidance.status == 503 and UNAVAILABLE in guidance.body
        assert guidance.headers["X-HomeGym-Swap"] == "true"
        page = lifter.request("POST", "/coach/plans", form=PLAN_FORM)
        assert page.status == 503 and UNAVAILABLE in page.body

        lifter.expect(303, "POST", f"/workouts/{workout_id}/finish")
        assert (
            f'href="/workouts/{workout_id}"'
            in lifter.expect(200, "GET", "/workouts").body
        )

        # The lockout lives in the database: it holds without Redis.
        thief = Lifter(server.port)
        thief.token = CSRF.search(thief.expect(200, "GET", "/login").body).group(1)
        wrong = {"email": "target@example.com", "password": "not the password"}
        answers = [
            thief.request("POST", "/login", form=wrong) for _ in range(LOCKOUT_AFTER)
        ]
        assert [a.status for a in answers] == [200] * (LOCKOUT_AFTER - 1) + [429]
        right = {"email": "target@example.com", "password": PASSWORD}
        refused = thief.request("POST", "/login", form=right)
        assert refused.status == 429 and "Too many failed logins" in refused.body
        assert thief.request("GET", "/sync/session").status == 401

        # Login limiting goes on in each worker's memory: two workers let
        # through at most twice the limit, never more.
        spray = [
            thief.request(
                "POST", "/login", form={**wrong, "email": f"x{n}@example.com"}
            )
            for n in range(2 * LOGIN_LIMIT + 1)
        ]
        limited = [a for a in spray if "Too many attempts" in a.body]
        assert limited and all(a.status == 429 for a in limited)

    assert sorted(stored_sets(user_id)) == sorted(as_confirmed(lifter.confirmed))
    assert db.session.scalar(select(func.count(Plan.id))) == 0
    asked = db.session.execute(
        select(CoachRequest.feature, CoachRequest.outcome, CoachRequest.message)
    ).all()
    assert sorted(asked) == sorted(
        [("plan", "failed", "quota storage down")] * 2
        + [("guidance", "failed", "quota storage down")]
    )
    failed = select(func.count()).select_from(FailedLogin)
    assert db.session.scalar(failed.where(FailedLogin.username == "target@example.com"))
    log = server.app_log()
    assert f"coach plan for user {user_id}: unavailable, quota storage down" in log
    assert "Traceback" not in server.app_log("errors.log") + server.log()
