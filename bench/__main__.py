"""``make bench``: every benchmark of HomeGym in one run, ending in one table.

    .venv/bin/python -m bench [--database-url URL] [--clients 50] ...

MariaDB's ``homegym_bench`` at 127.0.0.1:3306 by default (dropped and created
again); ``--database-url sqlite:///path`` runs on SQLite. Each row of the
table is a figure beside its floor from this same run; see the README's
"Benchmarks" section for what each floor is.
"""

import argparse
import os
import sys
import time
from datetime import datetime

from sqlalchemy import create_engine, make_url, text

from bench import coach, imports, pageweight, training
from bench.floor import create_floor_table
from bench.harness import Browser, bench_env, free_port, gunicorn
from bench.table import render

DEFAULT_URL = "mysql+pymysql://root@127.0.0.1:3306/homegym_bench?charset=utf8mb4"
GZIP_LEVEL = 6


def empty_database(url: str) -> None:
    """Drop and create the MariaDB database, or remove the SQLite file."""
    address = make_url(url)
    if address.get_backend_name() == "sqlite":
        if address.database and os.path.exists(address.database):
            os.remove(address.database)
        return
    server = create_engine(address.set(database=""))
    with server.begin() as connection:
        name = address.database
        connection.execute(text(f"DROP DATABASE IF EXISTS `{name}`"))
        connection.execute(
            text(
                f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 "
                "COLLATE utf8mb4_unicode_ci"
            )
        )
    server.dispose()


def refresh_statistics(db) -> None:
    """Give the query planner statistics of the seeded tables.

    A database that grew over five years has them; one bulk-filled a moment
    ago may not (InnoDB recalculates in the background), and with stale ones
    MariaDB scans every set instead of one lifter's exercise."""
    if db.engine.dialect.name == "sqlite":
        db.session.execute(text("ANALYZE"))
    else:
        db.session.execute(text("ANALYZE TABLE workouts, performed_exercises, sets"))
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="logging rounds")
    parser.add_argument(
        "--per-client", type=int, default=10, help="sets per client per round"
    )
    parser.add_argument("--page-rounds", type=int, default=8)
    parser.add_argument("--coach-runs", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=90_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--only",
        choices=["logging", "pages"],
        help="run only the set-logging rows, or only the pages' rows",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    url = args.database_url
    print(
        f"HomeGym bench, {datetime.now():%Y-%m-%d %H:%M}, database "
        f"{make_url(url).render_as_string(hide_password=True)}, "
        f"gunicorn workers {args.workers}, load average {os.getloadavg()[0]:.1f}"
    )
    empty_database(url)
    app_port, floor_port = free_port(), free_port()
    env = bench_env(url, app_port, args.workers)
    floor_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{floor_port}"}
    os.environ.update(env)

    from flask_migrate import upgrade

    from homegym import create_app
    from homegym.exercises.loader import load_library
    from homegym.extensions import db
    from homegym.sources.loader import load_catalogue

    app = create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade()
        load_library()
        load_catalogue()
        seeded = training.prepare(args.clients, (args.rounds + 1) * args.per_client)
    create_floor_table(url)

    rows = []
    with (
        gunicorn(env, app_port) as app_base,
        gunicorn(floor_env, floor_port, "bench.floor:floor_app()") as floor_base,
    ):
        if args.only != "pages":
            rows += training.bench_logging(
                app_base, floor_base, seeded["racks"], args.rounds, args.per_client
            )
        if args.only != "logging":
            rows += training.bench_pages(app_base, seeded["pages"], args.page_rounds)

    if args.only:
        print(render(rows))
        return
    with app.app_context():
        from bench.seed import seed_open_workout
        from homegym.accounts.models import User

        history = db.session.scalar(
            db.select(User).where(User.email == training.HISTORY_USER)
        )
        coach_rows = coach.bench_coach(history, args.coach_runs)
        workout, _sets = seed_open_workout(history, 32, per_exercise=4)

    weight_env = {**env, "BENCH_GZIP_LEVEL": str(GZIP_LEVEL)}
    with gunicorn(weight_env, app_port) as app_base:
        browser = Browser(app_base)
        browser.log_in(training.HISTORY_USER, training.PASSWORD)
        cookies = [
            {"name": c.name, "value": c.value, "url": app_base} for c in browser.jar
        ]
        rows += pageweight.bench_page_weight(
            app_base, cookies, f"/workouts/{workout}/log", GZIP_LEVEL
        )
    rows += coach_rows
    rows += imports.bench_imports(url, args.import_rows)

    print(
        f"\nfinished in {time.perf_counter() - started:.0f} s, "
        f"load average {os.getloadavg()[0]:.1f}\n"
    )
    print(render(rows))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
