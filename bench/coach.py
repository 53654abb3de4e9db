"""Time the coach's built-in engine: plan generation and a five-year analysis.

    .venv/bin/python -m bench.coach [--database-url URL] [--runs 5]

Seeds a user with five years of history (~75,000 sets, see bench/seed.py) on
a throwaway SQLite database (or an emptied ``--database-url``), then prints
the time of each plan generation over a spread of requests, and of the
analysis of the whole five years and of the last eight weeks, with the
number of SQL statements each analysis sends.
"""

import argparse
import os
import statistics
import tempfile
import time
from datetime import timedelta

PROFILES = [
    (goal, experience, days, minutes)
    for goal in ("strength", "hypertrophy", "general")
    for experience, days, minutes in (
        ("beginner", 2, 45),
        ("intermediate", 4, 60),
        ("advanced", 6, 90),
    )
]


def timed(function, runs: int) -> tuple[float, float]:
    """Run ``function`` ``runs`` times; median and worst milliseconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = args.database_url or "sqlite:///" + os.path.join(
        tempfile.mkdtemp(prefix="homegym-bench-coach-"), "bench.sqlite3"
    )
    os.environ["DATABASE_URL"] = url

    from flask_migrate import upgrade

    from bench.seed import make_user, seed_history
    from homegym import create_app
    from homegym.coach.analysis import Period, analyse
    from homegym.coach.planner import PlanRequest, generate_plan
    from homegym.coach.quotas import local_day
    from homegym.exercises.loader import load_library
    from homegym.extensions import db
    from homegym.sources.loader import load_catalogue
    from tests.conftest import count_queries

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
        load_library()
        load_catalogue()
        user = make_user("coach-bench@example.com", "benchmark-password")
        sets = seed_history(user)
        print(f"seeded {sets} sets of five years ({db.engine.dialect.name})")

        for goal, experience, days, minutes in PROFILES:
            request = PlanRequest(goal, experience, days, minutes)
            median, worst = timed(lambda r=request: generate_plan(user, r), args.runs)
            print(
                f"plan {goal:<11} {experience:<12} {days} days {minutes:>2} min: "
                f"median {median:6.1f} ms, worst {worst:6.1f} ms"
            )

        end = local_day(user)  # the seeded history runs up to about now
        for label, weeks in (("five years", 262), ("eight weeks", 8)):
            period = Period(end - timedelta(days=7 * weeks - 1), end)
            with count_queries() as statements:
                result = analyse(user, period)
            median, worst = timed(lambda p=period: analyse(user, p), args.runs)
            print(
                f"analysis of {label}: {result.workouts} workouts, "
                f"{len(statements)} queries, median {median:.1f} ms, "
                f"worst {worst:.1f} ms"
            )


if __name__ == "__main__":
    main()
