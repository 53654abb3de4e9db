"""Benchmark the logbook: logging sets and reading a long history, under gunicorn.

    .venv/bin/python -m bench.training [--sets 400] [--clients 4] [--workers 2]

Prints requests per second and latency percentiles for logging sets through
the live-workout endpoints, the same for history pages of a lifter with five
years of training (~75,000 sets), and the SQL queries each history page runs
(which must not grow with the history). SQLite in a temporary directory by
default; ``--database-url`` points it at MariaDB (the database is emptied).
"""

import argparse
import os
import re
import tempfile
import threading
import time

from sqlalchemy import event

from bench.harness import Browser, bench_env, free_port, gunicorn, percentiles
from bench.seed import make_user, seed_history

PASSWORD = "benchmark password 1"
HISTORY_USER = "history@example.com"
SET_ROW = re.compile(r'id="set-(\d+)"')
CARD = re.compile(r'id="exercise-(\d+)"')


def prepare(env: dict, clients: int, pages: int) -> dict[str, list[str]]:
    """Migrate an empty database, load the exercises and make the users."""
    os.environ.update(env)
    from flask_migrate import upgrade

    from homegym import create_app
    from homegym.exercises.loader import load_library
    from homegym.extensions import db

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
        load_library()
        started = time.perf_counter()
        history = make_user(HISTORY_USER, PASSWORD)
        count = seed_history(history)
        seconds = time.perf_counter() - started
        print(f"seeded {count} sets of five years in {seconds:.1f} s")
        for number in range(clients):
            make_user(f"lifter{number}@example.com", PASSWORD)
        queries_per_page(app)
        return history_paths(pages)


def queries_per_page(app) -> None:
    """Count SQL statements for history pages, near the start and deep in it."""
    from homegym.extensions import db

    client = app.test_client()
    page = client.get("/login").get_data(True)
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    client.post(
        "/login",
        data={"email": HISTORY_USER, "password": PASSWORD},
        headers={"X-CSRFToken": token},
    )
    statements = []

    def count(*_args):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for path in (
            "/workouts",
            "/workouts?page=2",
            "/workouts?page=60",
            "/workouts/1",
            "/workouts/1300",
            "/exercises/1",
        ):
            statements.clear()
            status = client.get(path).status_code
            print(f"queries for GET {path}: {len(statements)} (status {status})")
    finally:
        event.remove(engine, "before_cursor_execute", count)


SETS_PER_EXERCISE = 5


def timed(browser: Browser, timings: list, path: str, data: dict) -> tuple:
    """Post like htmx does and note how long the answer took."""
    started = time.perf_counter()
    answer = browser.request("POST", path, data, htmx=True)
    timings.append(time.perf_counter() - started)
    return answer


def log_sets(base: str, email: str, sets: int, timings: dict, errors: list) -> None:
    """Log ``sets`` sets in an empty workout, five per exercise, as at the rack.

    Timed are the two taps a set costs: "add set" (the exercise card comes
    back) and the tick that completes it with weight and reps (the row).
    """
    browser = Browser(base)
    browser.log_in(email, PASSWORD)
    _, _, headers = browser.request("POST", "/workouts", {})
    workout = re.search(r"/workouts/(\d+)/log", headers["Location"]).group(1)
    _, page, _ = browser.request("GET", f"/workouts/{workout}/log")
    choices = re.findall(r'<option value="(\d+)"', page)

    for number in range(sets):
        if number % SETS_PER_EXERCISE == 0:
            exercise = choices[number // SETS_PER_EXERCISE % len(choices)]
            _, card, _ = browser.request(
                "POST",
                f"/workouts/{workout}/exercises",
                {"exercise_id": exercise},
                htmx=True,
            )
            performed = CARD.search(card).group(1)
        status, card, _ = timed(
            browser,
            timings["add"],
            f"/workouts/{workout}/exercises/{performed}/sets",
            {},
        )
        newest = max(int(found) for found in SET_ROW.findall(card))
        tick = {"weight": str(60 + number % 20), "reps": "8", "done": "1"}
        status, _, _ = timed(
            browser, timings["tick"], f"/workouts/{workout}/sets/{newest}", tick
        )
        if status != 200:
            errors.append(status)


def bench_logging(base: str, clients: int, sets: int) -> None:
    timings: dict[str, list[float]] = {"add": [], "tick": []}
    errors: list[int] = []
    threads = [
        threading.Thread(
            target=log_sets,
            args=(base, f"lifter{n}@example.com", sets // clients, timings, errors),
        )
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    logged = len(timings["tick"])
    print(
        f"logged {logged} sets ({clients} lifters at once, {SETS_PER_EXERCISE} per "
        f"exercise) in {elapsed:.1f} s: {logged / elapsed:.0f} sets/s; errors: "
        f"{len(errors)}\n  tick a set: {percentiles(timings['tick'])}\n"
        f"  add a set: {percentiles(timings['add'])}"
    )


def history_paths(pages: int) -> dict[str, list[str]]:
    """The pages a five-year lifter reads: history, a workout, an exercise."""
    from homegym.extensions import db
    from homegym.workouts.models import PerformedExercise, Workout

    latest = db.session.scalars(
        db.select(Workout.id).order_by(Workout.started_at.desc()).limit(pages)
    ).all()
    exercises = db.session.scalars(
        db.select(PerformedExercise.exercise_id).distinct()
    ).all()
    return {
        "history page": [f"/workouts?page={n % 65 + 1}" for n in range(pages)],
        "workout detail": [f"/workouts/{n}" for n in latest],
        "exercise page": [
            f"/exercises/{exercises[n % len(exercises)]}" for n in range(pages)
        ],
    }


def bench_history(base: str, paths: dict[str, list[str]]) -> None:
    browser = Browser(base)
    browser.log_in(HISTORY_USER, PASSWORD)
    for name, urls in paths.items():
        durations = []
        for path in urls:
            started = time.perf_counter()
            status, _, _ = browser.request("GET", path)
            durations.append(time.perf_counter() - started)
            assert status == 200, (path, status)
        print(
            f"{name}s of a five-year lifter: {len(urls) / sum(durations):.0f}/s "
            f"(one client); {percentiles(durations)}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", type=int, default=400)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--database-url")
    arguments = parser.parse_args()

    directory = tempfile.mkdtemp(prefix="homegym-bench-")
    url = arguments.database_url or f"sqlite:///{directory}/bench.sqlite3"
    port = free_port()
    env = bench_env(url, port, arguments.workers)
    print(f"database: {url.split('@')[-1]}; gunicorn workers: {arguments.workers}")
    paths = prepare(env, arguments.clients, arguments.pages)
    with gunicorn(env, port) as base:
        bench_logging(base, arguments.clients, arguments.sets)
        bench_history(base, paths)


if __name__ == "__main__":
    main()
