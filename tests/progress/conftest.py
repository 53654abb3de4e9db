"""Real image files made with Pillow, photo and metric factories, and snapshots
of everything the progress tables and the upload folder hold."""

import functools
import io
import struct
import zlib
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pillow_heif
import pytest
from PIL import ExifTags, Image
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.progress import photos
from homegym.progress.models import BodyMetric, ProgressPhoto
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

HTMX = {"HX-Request": "true"}


@pytest.fixture
def uploads(app, tmp_path) -> Path:
    """A fresh upload folder for this test."""
    folder = tmp_path / "uploads"
    app.config["UPLOAD_DIR"] = str(folder)
    return folder


def stored_files(folder: Path) -> list[str]:
    """Every file under the upload folder, as paths relative to it."""
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def halves(size=(240, 160), top="red", bottom="blue") -> Image.Image:
    """A picture whose top half and bottom half differ, to see rotations."""
    image = Image.new("RGB", size, bottom)
    image.paste(Image.new("RGB", (size[0], size[1] // 2), top), (0, 0))
    return image


def jpeg_with_gps(orientation: int = 6) -> bytes:
    """A camera-like JPEG: GPS position, maker, a comment, stored sideways."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Acme Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 0.0)
    buffer = io.BytesIO()
    halves().save(buffer, "JPEG", exif=exif, comment=b"kitchen, 5th floor")
    return buffer.getvalue()


def mpo_with_gps(orientation: int = 6) -> bytes:
    """A phone-camera JPEG that carries a second picture (Pillow: MPO), with GPS."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "Acme Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    depth = Image.new("RGB", (60, 40), "gray")
    buffer = io.BytesIO()
    halves().save(buffer, "MPO", save_all=True, append_images=[depth], exif=exif)
    return buffer.getvalue()


def encoded(fmt: str, mode="RGB", size=(120, 90), colour="green", **options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_bytes(**options) -> bytes:
    return encoded("PNG", **options)


def webp_bytes() -> bytes:
    return encoded("WEBP")


def heic_bytes() -> bytes:
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (96, 64), "orange")).save(
        buffer, format="HEIF", quality=80
    )
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a bomb."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


@functools.cache
def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A complete, valid black-and-white PNG: some 50 KB that decode to
    ``width`` x ``height`` pixels (400 million by default, 400 MB in Pillow)."""
    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte, then 1 bit a pixel
    packer = zlib.compressobj(9)
    pixels = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + png_chunk(b"IEND", b"")
    )


def upload_data(data: bytes, filename: str, **fields) -> dict:
    return {
        "photo": (io.BytesIO(data), filename),
        "taken_on": fields.pop("taken_on", "2026-11-01"),
        "pose": fields.pop("pose", "front"),
        "note": fields.pop("note", ""),
        **fields,
    }


def snapshot(folder: Path | None = None) -> dict:
    """Rows of both progress tables, and the files on disk."""
    db.session.expire_all()
    metrics = [
        (m.id, m.user_id, m.measured_on, m.weight_kg, m.waist_cm, m.body_fat_pct)
        for m in db.session.scalars(select(BodyMetric).order_by(BodyMetric.id))
    ]
    pictures = [
        (p.id, p.user_id, p.taken_on, p.pose, p.note, p.image_key)
        for p in db.session.scalars(select(ProgressPhoto).order_by(ProgressPhoto.id))
    ]
    return {
        "metrics": metrics,
        "photos": pictures,
        "files": stored_files(folder) if folder else [],
    }


@pytest.fixture
def make_photo(app, uploads):
    """Store a photo of a user through the real pipeline."""

    def factory(user, taken_on=date(2026, 11, 1), pose="front", data=None, note=""):
        photo, _ = photos.add_photo(
            user.id, data or png_bytes(), taken_on, pose, note=note
        )
        db.session.commit()
        return photo

    return factory


@pytest.fixture
def make_metric(app):
    def factory(user, measured_on=date(2026, 11, 1), **values) -> BodyMetric:
        metric = BodyMetric(user_id=user.id, measured_on=measured_on, **values)
        db.session.add(metric)
        db.session.commit()
        return metric

    return factory


@pytest.fixture
def lift(app):
    """Store an exercise with its muscles."""
    counter = iter(range(1, 10_000))

    def factory(
        name="Back Squat", primary=("quads",), secondary=(), mechanic="compound"
    ) -> Exercise:
        exercise = Exercise(
            key=f"progress_test_{next(counter)}",
            name_en=name,
            name_de=name,
            primary_muscles=list(primary),
            secondary_muscles=list(secondary),
            equipment=["barbell"],
            mechanic=mechanic,
        )
        db.session.add(exercise)
        db.session.commit()
        return exercise

    return factory


@pytest.fixture
def session(app):
    """Store a finished workout: {exercise: [(weight, reps, kind), ...]}."""

    def factory(user, started_at: datetime, sets: dict, finished=True) -> Workout:
        workout = Workout(
            user_id=user.id,
            started_at=started_at,
            finished_at=started_at + timedelta(hours=1) if finished else None,
        )
        for position, (exercise, rows) in enumerate(sets.items()):
            performed = PerformedExercise(
                user_id=user.id, exercise_id=exercise.id, position=position
            )
            for index, row in enumerate(rows):
                weight, reps, kind = (*row, "normal")[:3]
                performed.sets.append(
                    WorkoutSet(
                        user_id=user.id,
                        position=index,
                        kind=kind,
                        weight_kg=Decimal(weight) if weight is not None else None,
                        reps=reps,
                        completed_at=started_at + timedelta(minutes=index),
                    )
                )
            workout.exercises.append(performed)
        db.session.add(workout)
        db.session.commit()
        return workout

    return factory
