"""Helpers for the import tests: the library, the test files, one import end to end.

The files under ``files/`` were written for these tests: every variant of
the Hevy and Strong formats the reference lists, in small workouts whose
every set the tests check in the database.
"""

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from homegym.exercises.loader import load_library
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.imports import jobs, storage
from homegym.imports.models import ImportBatch, SetMeasure
from homegym.imports.parser import Parse
from homegym.imports.preview import build_summary
from homegym.imports.writer import run_import
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

FILES = Path(__file__).parent / "files"


@pytest.fixture
def library(app):
    load_library()
    db.session.commit()


@pytest.fixture
def berliner(make_user):
    """A lifter in Berlin: the files' local times are Berlin time."""
    return make_user("berlin@example.com", timezone="Europe/Berlin")


def preview(user, path, unit=None) -> tuple[Parse, dict]:
    parse = Parse(str(path), unit=unit)
    return parse, build_summary(parse, user)


def import_file(user, path, unit=None, mapping=None) -> ImportBatch:
    """Preview and import a file the way the confirm button does, but in-line."""
    path = Path(path)
    if not path.is_absolute():
        path = FILES / path
    parse, summary = preview(user, path, unit)
    assert not summary["problems"], summary["problems"]
    batch = ImportBatch(
        user_id=user.id,
        token=storage.new_token(),
        source=parse.format.source,
        filename=path.name,
        unit=parse.format.weight_unit or unit,
        summary=summary,
        status="running",
        mapping=mapping
        if mapping is not None
        else {item["name"]: item["match"] for item in summary["names"]},
    )
    db.session.add(batch)
    db.session.commit()
    run_import(batch, str(path))
    db.session.commit()
    return batch


def workouts_of(user) -> list[Workout]:
    """The user's workouts, oldest first, with exercises, sets and exercise rows."""
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(Workout)
            .where(Workout.user_id == user.id)
            .order_by(Workout.started_at)
            .options(
                selectinload(Workout.exercises).selectinload(PerformedExercise.sets),
                selectinload(Workout.exercises).selectinload(
                    PerformedExercise.exercise
                ),
            )
        )
    )


def plain(value) -> str | None:
    """A stored decimal as the digits a person writes: 60, 102.5, 4988.966."""
    return None if value is None else f"{value.normalize():f}"


def sets_as_rows(performed: PerformedExercise) -> list[tuple]:
    """(position, kind, weight, reps, rpe, distance, duration) of each set."""
    measures = {
        measure.set_id: measure
        for measure in db.session.scalars(
            select(SetMeasure).where(
                SetMeasure.set_id.in_([s.id for s in performed.sets])
            )
        )
    }
    rows = []
    for each in performed.sets:
        measure = measures.get(each.id)
        rows.append(
            (
                each.position,
                each.kind,
                plain(each.weight_kg),
                each.reps,
                plain(each.rpe),
                None if measure is None else plain(measure.distance_m),
                None if measure is None else measure.duration_seconds,
            )
        )
    return rows


def count(model, **where) -> int:
    statement = select(func.count()).select_from(model)
    for name, value in where.items():
        statement = statement.where(getattr(model, name) == value)
    db.session.rollback()
    return db.session.scalar(statement)


def nothing_written(user) -> bool:
    """No workout, set, own exercise or batch of the user, no waiting file."""
    waiting = list(storage.folder().glob("*"))
    return (
        count(Workout, user_id=user.id) == 0
        and count(WorkoutSet, user_id=user.id) == 0
        and count(Exercise, user_id=user.id) == 0
        and count(ImportBatch, user_id=user.id) == 0
        and waiting == []
    )


@pytest.fixture(autouse=True)
def import_folder(app, tmp_path, monkeypatch):
    """Waiting uploads go to a folder of the test's own, not the instance's."""
    folder = tmp_path / "imports"
    folder.mkdir()
    monkeypatch.setattr(storage, "folder", lambda: folder)
    return folder


# ----- the import pages, as a browser uses them -----

TOKEN_URL = re.compile(r"/imports/([A-Za-z0-9_-]{20,32})$")


def upload(client, name: str, content: bytes | None = None):
    content = content if content is not None else (FILES / name).read_bytes()
    return client.post(
        "/imports",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def uploaded(client, name: str) -> ImportBatch:
    response = upload(client, name)
    assert response.status_code == 303, response.get_data(as_text=True)[-2000:]
    token = TOKEN_URL.search(response.headers["Location"]).group(1)
    db.session.rollback()
    return db.session.scalar(select(ImportBatch).where(ImportBatch.token == token))


def confirm(client, batch: ImportBatch, **fields):
    """Send the preview's form as shown, with ``fields`` changed."""
    page = client.get(f"/imports/{batch.token}").get_data(as_text=True)
    data = dict(re.findall(r'name="(map-\d+)" value="([^"]*)"', page))
    data.update(fields)
    return client.post(f"/imports/{batch.token}", data=data)


def name_field(batch: ImportBatch, name: str) -> str:
    names = [item["name"] for item in batch.summary["names"]]
    return f"map-{names.index(name)}"


def finished(batch: ImportBatch) -> ImportBatch:
    jobs.wait(batch.id, timeout=30)
    db.session.rollback()
    return db.session.get(ImportBatch, batch.id)
