"""Benchmark the Hevy import on a 10 MB export (~90,000 rows) against its floor.

    .venv/bin/python -m bench.imports [--database-url URL] [--rows 90000]

Generates a Hevy CSV of about 10 MB (the upload limit) and times, each in a
fresh process so that its peak memory is its own:

- the floor: read the file with the ``csv`` module and bulk-insert one
  ``sets`` row per CSV row (in chunks, one transaction), with no checking;
- the import as the app does it: the preview (parse, check every line, match
  the exercise names, count duplicates), then the import proper (parse again,
  write workouts, exercises and sets in one transaction), run by the same
  function the background thread runs.

Target: the import (preview and import together) at most 2x the floor, and
under 150 MB peak memory (the process's maximum resident set). SQLite in a
temporary directory by default; point ``--database-url`` at MariaDB, the
production database (it is emptied first).
"""

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 10 * 1024 * 1024
CHUNK = 5000
HEADER = [
    "title", "start_time", "end_time", "description", "exercise_title",
    "superset_id", "exercise_notes", "set_index", "set_type", "weight_kg",
    "reps", "distance_km", "duration_seconds", "rpe",
]  # fmt: skip
EXERCISES = [
    ("Squat (Barbell)", 100), ("Bench Press (Barbell)", 80),
    ("Deadlift (Barbell)", 140), ("Overhead Press (Barbell)", 50),
    ("Bent Over Row (Barbell)", 70), ("Pull Up", None), ("Chin Up", None),
    ("Lat Pulldown (Cable)", 60), ("Seated Cable Row - V Grip (Cable)", 55),
    ("Incline Bench Press (Dumbbell)", 28), ("Lateral Raise (Dumbbell)", 10),
    ("Bicep Curl (Dumbbell)", 14), ("Hammer Curl (Dumbbell)", 16),
    ("Triceps Pushdown", 30), ("Skullcrusher (Barbell)", 30),
    ("Romanian Deadlift (Barbell)", 90), ("Hip Thrust (Barbell)", 110),
    ("Leg Press (Machine)", 180), ("Leg Extension (Machine)", 50),
    ("Lying Leg Curl (Machine)", 40), ("Goblet Squat", 24), ("Push Up", None),
    ("Plank", None), ("Face Pull", 25), ("Kettlebell Swing", 24),
    ("Bulgarian Split Squat", None), ("Cable Fly Crossovers", 15),
    ("Landmine Squeeze Press", 25), ("Sissy Squat", None),
]  # fmt: skip
TITLES = ["Push 💪", "Pull", "Legs 🦵", "Upper", "Lower", "Full body", "Arms"]


def hevy_date(moment: datetime) -> str:
    return f"{moment.day} {moment:%b %Y}, {moment.hour}:{moment:%M}"


def generate(path: Path, rows: int) -> tuple[int, int]:
    """Write a Hevy export of about ``rows`` rows, below the upload limit."""
    rng = random.Random(6)
    latest = datetime(2026, 11, 30, 18, 0)
    workouts = []
    written = 0
    moment = latest
    while written < rows:
        exercises = rng.sample(EXERCISES, 7)
        blocks = []
        for number, (name, weight) in enumerate(exercises):
            superset = "0" if number in (4, 5) else ""
            blocks.append((name, weight, superset, rng.randint(3, 5)))
        written += sum(block[3] for block in blocks)
        workouts.append((moment, rng.choice(TITLES), blocks))
        # Going back in time: the list runs newest first, as Hevy writes it.
        moment -= timedelta(days=rng.choice((1, 1, 2)), minutes=rng.randint(-90, 90))
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as target:
        writer = csv.writer(target, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(HEADER)
        for moment, title, blocks in workouts:
            end = moment + timedelta(minutes=rng.randint(45, 95))
            note = 'Felt good, "easy"\nslept well' if rng.random() < 0.05 else ""
            head = [title, hevy_date(moment), hevy_date(end), note]
            for name, weight, superset, sets in blocks:
                for index in range(sets):
                    kind = "warmup" if index == 0 else "normal"
                    if index == sets - 1 and rng.random() < 0.2:
                        kind = rng.choice(("failure", "dropset"))
                    load = (
                        ""
                        if weight is None
                        else f"{weight * rng.choice((0.9, 1, 1.025)):g}"
                    )
                    reps = "" if name == "Plank" else str(rng.randint(3, 12))
                    seconds = "60" if name == "Plank" else ""
                    rpe = rng.choice(("", "", "8", "8.5", "9"))
                    writer.writerow(
                        [
                            *head,
                            name,
                            superset,
                            "",
                            index,
                            kind,
                            load,
                            reps,
                            "",
                            seconds,
                            rpe,
                        ]
                    )
                    count += 1
            if target.tell() > MAX_BYTES - 4096:
                break
            if count >= rows:
                break
    return count, path.stat().st_size


def make_app(url: str, folder: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault(
        "SECRET_KEY", "benchmark-secret-key-0123456789-abcdefghijklmnop"
    )
    os.environ["LOG_DIR"] = folder
    os.environ["LOG_LEVEL"] = "WARNING"
    from homegym import create_app
    from homegym.imports import storage

    storage.folder = lambda: Path(folder)
    return create_app({"PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})


def peak_mb() -> float:
    """This process's peak resident memory since it started.

    Linux's ru_maxrss survives exec: a phase started by a big parent (the
    whole bench) would inherit the parent's size. VmHWM belongs to the
    process's own memory map, which exec makes new."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_setup(url: str, folder: str, fresh: int = 1) -> dict:
    """Make the two lifters; with ``fresh``, empty, migrate and fill the
    database with the library first (``python -m bench`` has done that)."""
    app = make_app(url, folder)
    from flask_migrate import upgrade

    from bench.seed import make_user
    from homegym.exercises.loader import load_library
    from homegym.extensions import db
    from homegym.workouts.models import PerformedExercise, Workout

    with app.app_context():
        if fresh:
            db.drop_all()
            db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
            db.session.commit()
            upgrade()
            load_library()
        floor = make_user("floor@example.com", "benchmark password 1")
        make_user("import@example.com", "benchmark password 1")
        workout = Workout(
            user_id=floor.id, name="floor", finished_at=datetime(2026, 1, 1)
        )
        workout.exercises.append(PerformedExercise(user_id=floor.id, exercise_id=1))
        db.session.add(workout)
        db.session.commit()
        return {"performed_id": workout.exercises[0].id, "user_id": floor.id}


def phase_floor(url: str, folder: str, path: str, performed_id: int, user_id: int):
    """Parse with csv and bulk-insert each row as a set: nothing checked."""
    app = make_app(url, folder)
    from sqlalchemy import DateTime, insert, literal, literal_column

    from homegym.extensions import db
    from homegym.imports.writer import random_uuids
    from homegym.workouts.models import WorkoutSet

    with app.app_context():
        db.session.execute(db.text("SELECT 1"))
        started = time.perf_counter()
        # The same cheapest INSERT the import uses: the time written in once.
        stamp = literal_column(
            str(
                literal(datetime.now(), DateTime).compile(
                    dialect=db.engine.dialect, compile_kwargs={"literal_binds": True}
                )
            ),
            DateTime,
        )
        statement = insert(WorkoutSet.__table__).values(
            created_at=stamp, updated_at=stamp
        )
        with open(path, encoding="utf-8-sig", newline="") as source:
            reader = csv.reader(source)
            next(reader)
            rows = []
            ids = random_uuids(CHUNK)
            for fields in reader:
                rows.append(
                    {
                        "uuid": next(ids),
                        "performed_exercise_id": performed_id,
                        "user_id": user_id,
                        "position": int(fields[7]),
                        "kind": fields[8],
                        "weight_kg": fields[9] or None,
                        "reps": fields[10] or None,
                        "rpe": fields[13] or None,
                    }
                )
                if len(rows) == CHUNK:
                    db.session.execute(statement, rows)
                    rows, ids = [], random_uuids(CHUNK)
            if rows:
                db.session.execute(statement, rows)
        db.session.commit()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "peak_mb": peak_mb()}


def phase_import(url: str, folder: str, path: str):
    """Preview and import as the app does, in this process, one after the other."""
    app = make_app(url, folder)
    import shutil

    from homegym.accounts.models import User
    from homegym.extensions import db
    from homegym.imports import jobs, storage
    from homegym.imports.models import ImportBatch
    from homegym.imports.parser import Parse
    from homegym.imports.preview import build_summary

    with app.app_context():
        user = db.session.scalar(
            db.select(User).where(User.email == "import@example.com")
        )
        baseline = peak_mb()
        token = storage.new_token()
        started = time.perf_counter()
        shutil.copyfile(path, storage.upload_path(token))
        parse = Parse(str(storage.upload_path(token)))
        summary = build_summary(parse, user)
        assert not summary["problem_count"], summary["problems"][:5]
        batch = ImportBatch(
            user_id=user.id,
            token=token,
            source=parse.format.source,
            filename="bench.csv",
            unit=parse.format.weight_unit,
            summary=summary,
            status="preview",
        )
        db.session.add(batch)
        db.session.commit()
        mapping = {item["name"]: item["match"] for item in summary["names"]}
        jobs.claim(batch, mapping, batch.unit)
        previewed = time.perf_counter()
        batch_id = batch.id
        db.session.remove()
        jobs.work(app, batch_id)
        finished = time.perf_counter()
        done = db.session.get(ImportBatch, batch_id)
        report = {
            "status": done.status,
            "error": done.error,
            "workouts": done.workouts_created,
            "sets": done.sets_created,
            "exercises": done.exercises_created,
        }
    return {
        "preview_seconds": previewed - started,
        "import_seconds": finished - previewed,
        "peak_mb": peak_mb(),
        "baseline_mb": baseline,
        **report,
    }


PHASES = {"setup": phase_setup, "floor": phase_floor, "import": phase_import}


def run_phase(name: str, *args) -> dict:
    """Run one phase in a fresh interpreter, so its peak memory is its own."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.imports", "--phase", name, *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        sys.exit(f"phase {name} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def bench_imports(url: str, rows: int = 90_000) -> list:
    """Floor, import, floor again: the table's rows for a 10 MB Hevy file.

    The floor runs before and after the import and its mean is the floor,
    so a machine that changes its pace during the import moves both.
    """
    from bench.table import Row

    folder = tempfile.mkdtemp(prefix="homegym-bench-imports-")
    path = Path(folder) / "hevy-export.csv"
    count, size = generate(path, rows)
    setup = run_phase("setup", url, folder, 0)
    ids = (setup["performed_id"], setup["user_id"])
    before = run_phase("floor", url, folder, path, *ids)
    result = run_phase("import", url, folder, path)
    after = run_phase("floor", url, folder, path, *ids)
    floor_seconds = (before["seconds"] + after["seconds"]) / 2
    floor_peak = max(before["peak_mb"], after["peak_mb"])
    total = result["preview_seconds"] + result["import_seconds"]
    print(
        f"import: {size / 1024 / 1024:.1f} MB, {count:,} rows; preview "
        f"{result['preview_seconds']:.1f} s + import {result['import_seconds']:.1f} s;"
        f" floor {before['seconds']:.1f} s before, {after['seconds']:.1f} s after;"
        f" peak {result['peak_mb']:.0f} MB, {result['baseline_mb']:.0f} MB before"
        " reading the file;"
        f" {result['status']}, {result['sets']:,} sets, {result['workouts']:,} "
        f"workouts" + (f", error {result['error']}" if result["error"] else "")
    )
    done = result["status"] == "done" and result["sets"] == count
    label = f"Hevy import {size / 1024 / 1024:.0f} MB (preview + import)"
    return [
        Row(f"{label}: time", total, floor_seconds, "s", "<= 2x floor", 2.0,
            also=done),
        Row(f"{label}: peak memory", result["peak_mb"], floor_peak, "MB",
            "< 150 MB", 150, on_ratio=False, also=done),
    ]  # fmt: skip


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--phase":
        name, args = sys.argv[2], sys.argv[3:]
        typed = [int(a) if a.isdigit() else a for a in args]
        print(json.dumps(PHASES[name](*typed)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--rows", type=int, default=90_000)
    arguments, _others = parser.parse_known_args()  # make bench passes more

    folder = tempfile.mkdtemp(prefix="homegym-bench-imports-")
    url = arguments.database_url or f"sqlite:///{folder}/bench.sqlite3"
    path = Path(folder) / "hevy-export.csv"
    rows, size = generate(path, arguments.rows)
    print(f"database: {url.split('@')[-1]}")
    print(f"file: {size / 1024 / 1024:.1f} MB, {rows} rows (Hevy, kg, day-first dates)")

    setup = run_phase("setup", url, folder)
    floor = run_phase(
        "floor", url, folder, path, setup["performed_id"], setup["user_id"]
    )
    result = run_phase("import", url, folder, path)
    total = result["preview_seconds"] + result["import_seconds"]
    print(
        f"floor (csv module + bulk insert of every row into sets): "
        f"{floor['seconds']:.2f} s, peak {floor['peak_mb']:.0f} MB"
    )
    print(
        f"import: preview {result['preview_seconds']:.2f} s + import "
        f"{result['import_seconds']:.2f} s = {total:.2f} s "
        f"({total / floor['seconds']:.2f}x the floor, target <= 2x); "
        f"peak {result['peak_mb']:.0f} MB (target < 150 MB; "
        f"{result['baseline_mb']:.0f} MB before reading the file)"
    )
    print(
        f"imported: {result['status']}, {result['workouts']} workouts, "
        f"{result['sets']} sets, {result['exercises']} new exercises"
        + (f", error {result['error']}" if result["error"] else "")
    )


if __name__ == "__main__":
    main()
