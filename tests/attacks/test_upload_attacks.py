"""Hostile uploads to the photo and the import forms.

A refused upload gets a clear message and leaves nothing behind: no row, no
file in the upload or import folders, no file anywhere else. A file that is
a real image with something appended is taken, but only as the server's
re-encoding of its pixels. An uploaded name never reaches the file system.
"""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.imports import storage
from homegym.imports.models import ImportBatch
from homegym.progress.models import ProgressPhoto
from tests.attacks.world import HEVY_FILE, Visitor, files_under
from tests.progress.conftest import encoded, png_bytes, png_claiming

SCRIPT = b"<script>alert('owned')</script>"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"payload.txt" + SCRIPT
BOUNDARY = "attack-boundary"


@pytest.fixture
def places(app, tmp_path, monkeypatch):
    """Photos and imports two folders deep in this test's own folder, so a
    name that climbs out of them would still land where the test looks."""
    deep = tmp_path / "one" / "two"
    (deep / "imports").mkdir(parents=True)
    monkeypatch.setattr(storage, "folder", lambda: deep / "imports")
    app.config["UPLOAD_DIR"] = str(deep / "uploads")
    return tmp_path


@pytest.fixture
def me(app, user):
    return Visitor(app, user.email)


def send_photo(visitor, data: bytes, name: str = "me.jpg"):
    return visitor.open(
        "/progress/photos",
        "POST",
        data={
            "photo": (io.BytesIO(data), name),
            "taken_on": "2026-01-02",
            "pose": "front",
        },
        content_type="multipart/form-data",
    )


def send_import(visitor, data: bytes, name: str = "workouts.csv"):
    return visitor.open(
        "/imports",
        "POST",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def rows() -> tuple[int, int]:
    db.session.rollback()
    count = func.count()
    return (
        db.session.scalar(select(count).select_from(ProgressPhoto)),
        db.session.scalar(select(count).select_from(ImportBatch)),
    )


def new_files(places: Path, before: dict) -> list[str]:
    return sorted(set(files_under(places)) - set(before))


def jpeg_with(payload: bytes) -> bytes:
    return encoded("JPEG") + payload


REFUSED_PHOTOS = {
    "bomb header": (
        png_claiming(40_000, 40_000),
        "too many pixels: at most 50 megapixels",
    ),
    "html named jpg": (
        b"<!doctype html><html><body>" + SCRIPT + b"</body></html>",
        "not a photo HomeGym can read",
    ),
    "png header then html": (
        png_bytes()[:33] + SCRIPT,
        "not a photo HomeGym can read",
    ),
    "png cut short": (png_bytes()[:-30], "damaged or incomplete"),
    "svg with script": (
        b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
        "not a photo HomeGym can read",
    ),
    "zip named jpg": (ZIP, "not a photo HomeGym can read"),
}


@pytest.mark.parametrize(
    ("data", "message"), REFUSED_PHOTOS.values(), ids=REFUSED_PHOTOS.keys()
)
def test_a_hostile_photo_is_refused_and_leaves_nothing(me, places, data, message):
    before = files_under(places)

    response = send_photo(me, data)

    assert response.status_code == 422
    assert message in response.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


def test_a_bomb_past_pillows_own_limit_is_refused_too(app, me, places):
    """An operator may allow more pixels than Pillow's bomb check does: then
    Pillow's DecompressionBombError is the guard, and says the same."""
    app.config["PHOTO_MAX_PIXELS"] = 2_000_000_000
    before = files_under(places)

    response = send_photo(me, png_claiming(30_000, 30_000))

    assert response.status_code == 422
    assert "This image has too many pixels" in response.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


@pytest.mark.parametrize(
    "data",
    [png_bytes() + ZIP, png_bytes() + SCRIPT, jpeg_with(SCRIPT), jpeg_with(ZIP)],
    ids=["png+zip", "png+html", "jpeg+html", "jpeg+zip"],
)
def test_a_polyglot_image_is_kept_only_as_its_pixels(me, places, data):
    response = send_photo(me, data)

    assert response.status_code == 303
    stored = new_files(places, {})
    assert len(stored) == 2, "the photo and its thumbnail"
    for path in stored:
        content = Path(path).read_bytes()
        assert content.startswith(b"\xff\xd8") and content.endswith(b"\xff\xd9")
        assert b"script" not in content and b"PK\x03\x04" not in content


def test_a_photo_over_the_limit_is_refused_with_the_limit(app, me, places):
    app.config["PHOTO_MAX_BYTES"] = 100_000
    before = files_under(places)

    response = send_photo(me, png_bytes() + b"\x00" * 200_000)

    assert response.status_code == 413
    assert "This file is too large: at most 0.1 MB are accepted." in (
        response.get_data(True)
    )
    assert rows() == (0, 0)
    assert files_under(places) == before


def test_a_body_over_the_server_cap_is_refused_on_either_form(app, me, places):
    app.config["MAX_CONTENT_LENGTH"] = 150_000
    before = files_under(places)
    oversized = b"x" * 300_000

    photo = send_photo(me, oversized)
    upload = send_import(me, oversized)

    assert photo.status_code == upload.status_code == 413
    assert "This file is too large" in photo.get_data(True)
    assert "larger than" in upload.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


def test_an_import_over_its_limit_is_refused(app, me, places):
    app.config["IMPORT_MAX_BYTES"] = 1000
    before = files_under(places)

    response = send_import(me, HEVY_FILE.read_bytes())

    assert response.status_code == 413
    assert "larger than" in response.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


@pytest.mark.parametrize(
    "data",
    [png_bytes(), png_bytes() + HEVY_FILE.read_bytes(), ZIP],
    ids=["png", "png+csv", "zip"],
)
def test_an_import_that_is_not_text_is_refused(me, places, data):
    before = files_under(places)

    response = send_import(me, data, name="hevy.csv")

    assert response.status_code == 422
    assert "This is not a text file." in response.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


def part(headers: str, body: bytes = b"content") -> bytes:
    return f"--{BOUNDARY}\r\n{headers}\r\n\r\n".encode() + body + b"\r\n"


MALFORMED = {
    "wrong boundary": b'--other\r\nContent-Disposition: form-data; name="file"; '
    b'filename="a.csv"\r\n\r\ncontent\r\n--other--\r\n',
    "no final boundary": part(
        'Content-Disposition: form-data; name="file"; filename="a.csv"'
    )[:-2],
    "part without a name": part('Content-Disposition: form-data; filename="a.csv"')
    + f"--{BOUNDARY}--\r\n".encode(),
    "part without headers": (
        f"--{BOUNDARY}\r\n\r\ncontent\r\n--{BOUNDARY}--\r\n".encode()
    ),
    "binary junk": bytes(range(256)) * 8,
    "empty": b"",
}


@pytest.mark.parametrize("body", MALFORMED.values(), ids=MALFORMED.keys())
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/imports", "Choose the file to import."),
        ("/progress/photos", "Choose a photo"),
    ],
    ids=["import", "photo"],
)
def test_a_malformed_multipart_body_is_refused(me, places, url, message, body):
    before = files_under(places)

    response = me.open(
        url,
        "POST",
        data=body,
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )

    assert response.status_code in (400, 422)
    assert message in response.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


# Names with a folder path (or a NUL byte) as they reach the app.
PATH_NAMES = [
    "../../etc/passwd",
    "/etc/passwd",
    "a\x00.jpg",
    "<script>alert(1)</script>.csv",
]
# Odd but bare: Werkzeug reads a backslash in a quoted name as an escape, so
# "..\\x.jpg" arrives as "..x.jpg"; neither these nor markup reach the disk.
ODD_NAMES = [
    "..\\..\\x.jpg",
    "C:\\Windows\\win.ini",
    "x" * 5000 + ".jpg",
    "<img src=x onerror=alert(1)>.csv",
]
PLAIN_NAME = "The file name must be a plain name, without a folder path."


@pytest.mark.parametrize("name", PATH_NAMES, ids=range(len(PATH_NAMES)))
def test_a_name_with_a_folder_path_is_refused_plainly(me, places, name):
    """Browsers send a bare name; a path comes from a crafted request."""
    before = files_under(places)

    photo = send_photo(me, png_bytes(), name)
    upload = send_import(me, HEVY_FILE.read_bytes(), name)

    assert photo.status_code == upload.status_code == 422
    assert PLAIN_NAME in photo.get_data(True)
    assert PLAIN_NAME in upload.get_data(True)
    assert rows() == (0, 0)
    assert files_under(places) == before


@pytest.mark.parametrize("name", ODD_NAMES, ids=range(len(ODD_NAMES)))
def test_an_odd_name_never_reaches_the_file_system(me, user, places, name):
    before = files_under(places)

    photo = send_photo(me, png_bytes(), name)
    upload = send_import(me, HEVY_FILE.read_bytes(), name)

    assert photo.status_code == upload.status_code == 303
    made = [str(Path(path).relative_to(places)) for path in new_files(places, before)]
    stored = db.session.scalar(select(ProgressPhoto))
    batch = db.session.scalar(select(ImportBatch))
    assert sorted(made) == sorted(
        [
            f"one/two/uploads/{stored.image_key}",
            f"one/two/uploads/{stored.thumb_key}",
            f"one/two/imports/{batch.token}.csv",
        ]
    )
    assert stored.image_key.startswith(f"progress/{user.id}/")
    preview = me.open(upload.headers["Location"]).get_data(True)
    assert "<img src=x" not in preview
    assert "/" not in batch.filename and "\\" not in batch.filename


@pytest.mark.parametrize(
    "name", PATH_NAMES + ODD_NAMES, ids=range(len(PATH_NAMES + ODD_NAMES))
)
def test_a_refused_file_with_an_odd_name_leaves_nothing(me, places, name):
    before = files_under(places)

    photo = send_photo(me, SCRIPT, name)
    upload = send_import(me, png_bytes(), name)

    assert photo.status_code == upload.status_code == 422
    assert rows() == (0, 0)
    assert files_under(places) == before
