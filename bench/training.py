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

import re
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


ANALYSE = "coach: ask for an analysis of 260 weeks (POST)"


def page_paths(user: str, workout: int, exercise: int) -> dict[str, tuple]:
    """The pages of one lifter, as (method, path, form)."""
    deep = "/workouts?page=60" if user == HISTORY_USER else "/workouts"
    return {
        "history page (newest)": ("GET", "/workouts", None),
        "history page 60": ("GET", deep, None),
        "workout page (sets, new records)": ("GET", f"/workouts/{workout}", None),
        "exercise page (records, history)": ("GET", f"/exercises/{exercise}", None),
        "progress page (e1RM, volume, weight)": ("GET", "/progress", None),
        ANALYSE: (
            "POST",
            "/coach/analysis",
            {"weeks": "260"},
        ),
    }


# Pages that show records or series worked out from the whole history and
# kept until the lifter's training changes (homegym.workouts.freshness): each
# is also timed right after such a change, when it works them out again.
KEPT = (
    "workout page (sets, new records)",
    "exercise page (records, history)",
    "progress page (e1RM, volume, weight)",
)
ANALYSIS_ID = re.compile(r'id="coach-analysis-(\d+)"')


def measure(browser: Browser, method: str, path: str, form) -> tuple[float, int]:
    """Fetch one page; the server's own time (ms) and SQL statements for it."""
    status, _, headers = browser.request(method, path, form, htmx=method == "POST")
    if status != 200:
        raise RuntimeError(f"{method} {path} answered {status}")
    return float(headers["X-Bench-Server-Ms"]), int(headers["X-Bench-Queries"])


def forget(browser: Browser) -> None:
    """Renew the signed-in lifter's training stamp, as a logged set would."""
    status, _, _ = browser.request("POST", "/bench/forget")
    if status != 204:
        raise RuntimeError(f"/bench/forget answered {status}")


def stored_analysis(browser: Browser) -> str:
    """Ask for an analysis once; the path of the page that shows it again."""
    status, body, _ = browser.request(
        "POST", "/coach/analysis", {"weeks": "260"}, htmx=True
    )
    found = ANALYSIS_ID.search(body)
    if status != 200 or found is None:
        raise RuntimeError(f"POST /coach/analysis answered {status}")
    return f"/coach/results/{found.group(1)}"


def bench_pages(app_base: str, pages: dict, rounds: int) -> list[Row]:
    """Time each page of the five-year lifter right after the layout page,
    round after round; count the queries of both lifters' pages."""
    browsers = {}
    for user in (HISTORY_USER, SHORT_USER):
        browsers[user] = Browser(app_base)
        browsers[user].log_in(user, PASSWORD)
    long_paths = page_paths(HISTORY_USER, *pages[HISTORY_USER])
    short_paths = page_paths(SHORT_USER, *pages[SHORT_USER])
    for paths, user in ((long_paths, HISTORY_USER), (short_paths, SHORT_USER)):
        paths["coach analysis, stored result page"] = (
            "GET",
            stored_analysis(browsers[user]),
            None,
        )
    browser = browsers[HISTORY_USER]

    # Each measured page: (its name, the page, whether to forget first).
    measured = [(name, name, False) for name in long_paths]
    measured += [(f"{name}, first view after a change", name, True) for name in KEPT]
    layout_times: list[float] = []
    times: dict[str, list[float]] = {name: [] for name, _, _ in measured}
    queries: dict[str, tuple[int, int]] = {}
    for name, page, fresh in measured:  # warm-up, and the query counts
        if fresh:
            forget(browser)
            forget(browsers[SHORT_USER])
        _, long_queries = measure(browser, *long_paths[page])
        _, short_queries = measure(browsers[SHORT_USER], *short_paths[page])
        queries[name] = (long_queries, short_queries)
    _, layout_queries = measure(browser, "GET", "/bench/layout", None)

    for number in range(rounds):
        shift = number % len(measured)
        for name, page, fresh in measured[shift:] + measured[:shift]:
            if fresh:
                forget(browser)
            elif page in KEPT:  # kept again, after another row's change
                measure(browser, *long_paths[page])
            layout_ms, _ = measure(browser, "GET", "/bench/layout", None)
            page_ms, _ = measure(browser, *long_paths[page])
            layout_times.append(layout_ms)
            times[name].append(page_ms)

    layout = statistics.median(layout_times)
    print(
        f"pages: {rounds} rounds, each page right after the layout page "
        f"(layout: {layout_queries} queries); medians of the server's own time"
    )
    rows = []
    for name, _, _ in measured:
        long_queries, short_queries = queries[name]
        # Asking for an analysis works one out, which the coach's rows hold
        # against its own floor; the analysis page is the stored result.
        computed = name == ANALYSE
        rows.append(
            Row(
                f"{name}: server time",
                statistics.median(times[name]),
                layout,
                "ms",
                "- (coach rows)" if computed else "<= 4x layout page",
                None if computed else 4.0,
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
