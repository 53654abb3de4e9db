"""Logging sets and reading a five-year history under gunicorn, beside floors.

Used by ``python -m bench`` (``make bench``). Both servers run the repo's
gunicorn.conf.py with the same workers on the same database:

- the app (``bench.floor:homegym_app()``: HomeGym plus a layout-only page
  and a wrapper that reports server time and SQL statements per response);
- the framework floor (``bench.floor:floor_app()``: one endpoint that
  inserts one row).

Figures and floors are measured in alternating rounds, so a machine that
gets busier for a while slows both.
"""

import statistics
import urllib.parse

from bench.harness import Browser
from bench.load import Outcome, post, run_round
from bench.table import Row, quantile

PASSWORD = "benchmark password 1"
HISTORY_USER = "history@example.com"
SHORT_USER = "weeks@example.com"
SHORT_WEEKS = 4


def lifter(number: int) -> str:
    return f"lifter{number}@example.com"


def prepare(clients: int, sets_per_client: int) -> dict:
    """Seed the lifters: five years, a few weeks, and ``clients`` at the rack.

    Run in an app context on an empty, migrated database with the library.
    """
    import time

    from bench.seed import make_user, seed_history, seed_open_workout
    from homegym.extensions import db
    from homegym.workouts.models import PerformedExercise, Workout

    started = time.perf_counter()
    history = make_user(HISTORY_USER, PASSWORD)
    count = seed_history(history)
    short = make_user(SHORT_USER, PASSWORD)
    short_count = seed_history(short, weeks=SHORT_WEEKS)
    racks = []
    for number in range(clients):
        user = make_user(lifter(number), PASSWORD)
        racks.append(seed_open_workout(user, sets_per_client))
    print(
        f"seeded {count:,} sets of five years, {short_count} sets of "
        f"{SHORT_WEEKS} weeks and {clients} open workouts of {sets_per_client} "
        f"sets in {time.perf_counter() - started:.1f} s"
    )

    def latest(user) -> int:
        return db.session.scalar(
            db.select(Workout.id)
            .where(Workout.user_id == user.id)
            .order_by(Workout.started_at.desc())
            .limit(1)
        )

    def most_done(user) -> int:
        return db.session.scalar(
            db.select(PerformedExercise.exercise_id)
            .where(PerformedExercise.user_id == user.id)
            .group_by(PerformedExercise.exercise_id)
            .order_by(db.func.count().desc(), PerformedExercise.exercise_id)
            .limit(1)
        )

    return {
        "racks": racks,
        "pages": {
            HISTORY_USER: (latest(history), most_done(history)),
            SHORT_USER: (latest(short), most_done(short)),
        },
    }


# ---------------------------------------------------------------- logging


def bench_logging(app_base, floor_base, racks, rounds: int, per_client: int):
    """Tick sets through the live workout's htmx endpoint, and insert rows
    into the floor, in alternating rounds of the same size; return the rows."""
    app_host = urllib.parse.urlsplit(app_base).netloc
    floor_host = urllib.parse.urlsplit(floor_base).netloc
    app_jobs, floor_jobs = [], []
    for number, (workout, sets) in enumerate(racks):
        browser = Browser(app_base)
        browser.log_in(lifter(number), PASSWORD)
        headers = {
            "Cookie": browser.cookie_header(),
            "X-CSRFToken": browser.token,
            "HX-Request": "true",
        }
        app_jobs.append(
            [
                post(
                    app_host,
                    f"/workouts/{workout}/sets/{set_id}",
                    {"weight": str(60 + n % 20), "reps": "8", "done": "1"},
                    headers,
                )
                for n, set_id in enumerate(sets)
            ]
        )
        floor_jobs.append(
            [
                post(
                    floor_host,
                    "/sets",
                    {"user": str(number), "weight": str(60 + n % 20), "reps": "8"},
                )
                for n in range(len(sets))
            ]
        )

    def take(jobs, round_number):
        first = round_number * per_client
        return [job[first : first + per_client] for job in jobs]

    # Round 0 warms both up (workers' first requests, connection pools).
    app, floor = Outcome(), Outcome()
    for number in range(rounds + 1):
        order = [(app_base, app_jobs, app), (floor_base, floor_jobs, floor)]
        if number % 2:
            order.reverse()
        for base, jobs, total in order:
            outcome = run_round(base, take(jobs, number))
            if number:
                total.add(outcome)
    clients = len(racks)
    print(
        f"logging: {clients} clients, {rounds} rounds of {clients * per_client} "
        f"requests each against the app and the floor, alternating; errors: "
        f"app {app.errors}, floor {floor.errors}"
    )
    done = f"{clients} clients, {len(app.latencies):,} req"
    app_rate = len(app.latencies) / app.seconds
    floor_rate = len(floor.latencies) / floor.seconds
    clean = not app.errors and not floor.errors
    rows = [
        Row(
            f"log a set (htmx tick): throughput, {done}",
            app_rate,
            floor_rate,
            "req/s",
            ">= 0.6x floor",
            0.6,
            at_least=True,
            also=clean,
        )
    ]
    for percent in (50, 95, 99):
        rows.append(
            Row(
                f"log a set: p{percent} latency",
                quantile(app.latencies, percent) * 1000,
                quantile(floor.latencies, percent) * 1000,
                "ms",
                "<= 3x floor" if percent == 99 else "",
                3.0 if percent == 99 else None,
                also=clean,
            )
        )
    return rows


# ---------------------------------------------------------------- pages


def page_paths(user: str, workout: int, exercise: int) -> dict[str, tuple]:
    """The pages of one lifter, as (method, path, form)."""
    deep = "/workouts?page=60" if user == HISTORY_USER else "/workouts"
    return {
        "history page (newest)": ("GET", "/workouts", None),
        "history page 60": ("GET", deep, None),
        "workout page (sets, new records)": ("GET", f"/workouts/{workout}", None),
        "exercise page (records, history)": ("GET", f"/exercises/{exercise}", None),
        "coach analysis, 260 weeks": ("POST", "/coach/analysis", {"weeks": "260"}),
    }


def measure(browser: Browser, method: str, path: str, form) -> tuple[float, int]:
    """Fetch one page; the server's own time (ms) and SQL statements for it."""
    status, _, headers = browser.request(method, path, form, htmx=method == "POST")
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status}")
    return float(headers["X-Bench-Server-Ms"]), int(headers["X-Bench-Queries"])


def bench_pages(app_base: str, pages: dict, rounds: int) -> list[Row]:
    """Time each page of the five-year lifter right after the layout page,
    round after round; count the queries of both lifters' pages."""
    browsers = {}
    for user in (HISTORY_USER, SHORT_USER):
        browsers[user] = Browser(app_base)
        browsers[user].log_in(user, PASSWORD)
    long_paths = page_paths(HISTORY_USER, *pages[HISTORY_USER])
    short_paths = page_paths(SHORT_USER, *pages[SHORT_USER])
    browser = browsers[HISTORY_USER]
    layout_times: list[float] = []
    times: dict[str, list[float]] = {name: [] for name in long_paths}
    queries: dict[str, tuple[int, int]] = {}
    for name, request in long_paths.items():  # warm-up, and the query counts
        _, long_queries = measure(browser, *request)
        _, short_queries = measure(browsers[SHORT_USER], *short_paths[name])
        queries[name] = (long_queries, short_queries)
    _, layout_queries = measure(browser, "GET", "/bench/layout", None)

    names = list(long_paths)
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            layout_ms, _ = measure(browser, "GET", "/bench/layout", None)
            page_ms, _ = measure(browser, *long_paths[name])
            layout_times.append(layout_ms)
            times[name].append(page_ms)

    layout = statistics.median(layout_times)
    print(
        f"pages: {rounds} rounds, each page right after the layout page "
        f"(layout: {layout_queries} queries); medians of the server's own time"
    )
    rows = []
    for name in names:
        long_queries, short_queries = queries[name]
        rows.append(
            Row(
                f"{name}: server time",
                statistics.median(times[name]),
                layout,
                "ms",
                "<= 4x layout page",
                4.0,
            )
        )
        rows.append(
            Row(
                f"{name}: SQL queries (5 years vs {SHORT_WEEKS} weeks)",
                long_queries,
                short_queries,
                "queries",
                "<= 10, not growing",
                10,
                on_ratio=False,
                also=long_queries <= short_queries,
            )
        )
    return rows
