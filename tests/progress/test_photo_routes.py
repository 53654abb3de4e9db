"""Uploading, seeing, changing, comparing and deleting progress photos."""

import io
import re
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import select

from homegym.extensions import db
from homegym.progress import photos
from homegym.progress.models import ProgressPhoto
from homegym.progress.storage import DirectoryStorage
from tests.progress.conftest import (
    HTMX,
    encoded,
    heic_bytes,
    jpeg_with_gps,
    mpo_with_gps,
    png_bomb,
    png_bytes,
    png_claiming,
    snapshot,
    stored_files,
    upload_data,
    webp_bytes,
)


def test_the_upload_form_shows_the_limits(logged_in, app, uploads):
    app.config.update(PHOTO_MAX_BYTES=8 * 1024 * 1024, PHOTO_MAX_PIXELS=24_000_000)

    page = logged_in.get("/progress/photos").get_data(True)

    assert "at most 8 MB and 24 megapixels" in page
    assert "JPEG, PNG, WebP, HEIC" in page
    assert 'accept="image/jpeg,image/png,image/webp,image/heic' in page
    assert 'enctype="multipart/form-data"' in page
    # No "capture": with it a phone opens only the camera; without, it offers
    # the camera and the gallery.
    file_input = re.search(r'<input[^>]*type="file"[^>]*>', page).group(0)
    assert "capture" not in file_input


def test_a_server_wide_body_cap_below_the_photo_limit_is_the_limit_shown(
    logged_in, app, uploads
):
    app.config.update(PHOTO_MAX_BYTES=20 * 1024 * 1024, MAX_CONTENT_LENGTH=8 << 20)

    page = logged_in.get("/progress/photos").get_data(True)

    assert "at most 7.94 MB and 50 megapixels" in page


@pytest.mark.parametrize(
    "camera", [jpeg_with_gps, mpo_with_gps], ids=["jpeg", "jpeg-with-depth-map"]
)
def test_a_camera_jpeg_is_stored_upright_and_clean_outside_static(
    logged_in, user, uploads, app, camera
):
    response = logged_in.post(
        "/progress/photos",
        data=upload_data(camera(), "IMG_0001.JPG", note="Week 1"),
    )

    assert response.status_code == 303
    photo = db.session.scalar(select(ProgressPhoto))
    assert (photo.user_id, photo.taken_on, photo.pose, photo.note) == (
        user.id,
        date(2026, 11, 1),
        "front",
        "Week 1",
    )
    files = stored_files(uploads)
    assert files == sorted([photo.image_key, photo.thumb_key])
    assert all(name.startswith(f"progress/{user.id}/") for name in files)
    assert "IMG_0001" not in "".join(files)
    assert not str(uploads).startswith(app.static_folder)
    stored = Image.open(uploads / photo.image_key)
    assert stored.size == (160, 240)
    assert dict(stored.getexif()) == {}
    assert getattr(stored, "n_frames", 1) == 1
    for key in (photo.image_key, photo.thumb_key):
        written = (uploads / key).read_bytes()
        assert b"Exif" not in written and b"GPS" not in written
        assert b"Acme" not in written


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (png_bytes(), "screen.png"),
        (webp_bytes(), "photo.webp"),
        (heic_bytes(), "IMG_0002.HEIC"),
        (png_bytes(), "looks-like.jpg"),
        (encoded("JPEG"), "looks-like.png"),
    ],
    ids=["png", "webp", "heic", "png-named-jpg", "jpeg-named-png"],
)
def test_photos_are_read_by_content_not_by_name(logged_in, uploads, data, filename):
    response = logged_in.post("/progress/photos", data=upload_data(data, filename))

    assert response.status_code == 303
    photo = db.session.scalar(select(ProgressPhoto))
    assert Image.open(uploads / photo.image_key).format == "JPEG"
    assert len(stored_files(uploads)) == 2


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"squat 5x5 @ 100 kg\n" * 50, "notes.jpg", "not a photo HomeGym can read"),
        (b"%PDF-1.7\n" + b"0" * 500, "scan.pdf", "not a photo HomeGym can read"),
        (png_bomb(), "bomb.png", "too many pixels: at most 50 megapixels"),
        (png_bomb(10_000, 8_000), "bomb.png", "too many pixels: at most 50"),
        (
            png_claiming(20_000, 20_000),
            "cut-bomb.png",
            "too many pixels: at most 50 megapixels",
        ),
        (encoded("GIF"), "moving.gif", "not a photo HomeGym can read"),
        (encoded("BMP"), "IMG_0003.jpg", "not a photo HomeGym can read"),
        (jpeg_with_gps()[:-600], "cut.jpg", "damaged or incomplete"),
    ],
    ids=[
        "text-named-jpg",
        "pdf",
        "decompression-bomb",
        "decompression-bomb-80-megapixels",
        "bomb-header-only",
        "gif",
        "bmp-named-jpg",
        "truncated",
    ],
)
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_refused_file_writes_nothing_and_says_why(
    logged_in, uploads, data, filename, message, headers
):
    before = snapshot(uploads)

    response = logged_in.post(
        "/progress/photos", data=upload_data(data, filename), headers=headers
    )

    assert response.status_code == 422
    assert message in response.get_data(True)
    assert snapshot(uploads) == before
    assert stored_files(uploads) == []


def test_a_file_over_the_byte_limit_is_refused(logged_in, uploads, app):
    app.config["PHOTO_MAX_BYTES"] = 1024
    before = snapshot(uploads)

    response = logged_in.post(
        "/progress/photos",
        data=upload_data(encoded("PNG", size=(400, 400), colour="white") * 2, "a.png"),
    )

    assert response.status_code == 422
    assert "at most 0" in response.get_data(True)
    assert snapshot(uploads) == before


BOUNDARY = "----homegym-photo-boundary"


class CountingStream(io.RawIOBase):
    """A multipart body of ``size`` bytes made on the fly; counts what is read."""

    def __init__(self, size: int):
        self.head = (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="photo"; '
            f'filename="IMG_0004.HEIC"\r\nContent-Type: image/heic\r\n\r\n'
        ).encode()
        self.size, self.read_bytes, self.position = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = self.size if whence == 2 else offset
        return self.position

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.size - self.read_bytes)
        if count <= 0:
            return 0
        start = self.read_bytes
        chunk = self.head[start : start + count] if start < len(self.head) else b""
        buffer[:count] = chunk + b"x" * (count - len(chunk))
        self.read_bytes += count
        return count


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_photo_over_the_limit_is_refused_unread_with_the_limit(
    logged_in, uploads, headers
):
    """A 20 MB photo is over the 12 MB limit and the server's 16 MB body cap."""
    before = snapshot(uploads)
    stream = CountingStream(20 * 1024 * 1024)

    response = logged_in.post(
        "/progress/photos",
        input_stream=stream,
        content_length=stream.size,
        headers={
            "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            **headers,
        },
    )

    assert response.status_code == 413
    assert stream.read_bytes == 0
    message = "This file is too large: at most 12 MB are accepted."
    if headers:
        assert message in response.headers["HX-Trigger"]
    else:
        assert message in response.get_data(True)
        assert "at most 12 MB and 50 megapixels" in response.get_data(True)
    assert snapshot(uploads) == before


def test_a_photo_of_unknown_length_is_cut_off_at_the_limit(logged_in, uploads, app):
    app.config["PHOTO_MAX_BYTES"] = 1024 * 1024
    stream = CountingStream(20 * 1024 * 1024)

    response = logged_in.post(
        "/progress/photos",
        input_stream=stream,
        headers={"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
        environ_overrides={
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input_terminated": True,
        },
    )

    assert response.status_code == 413
    assert stream.read_bytes < 2 * 1024 * 1024
    assert "at most 1 MB are accepted" in response.get_data(True)
    assert stored_files(uploads) == []


def test_a_refusal_without_javascript_is_not_repeated_on_the_next_page(
    logged_in, uploads
):
    logged_in.post("/progress/photos", data=upload_data(b"not a photo" * 40, "a.jpg"))

    page = logged_in.get("/progress/photos").get_data(True)

    assert "not a photo HomeGym can read" not in page
    assert "Please check the form." not in page


def test_a_form_without_a_file_or_date_stores_nothing(logged_in, uploads):
    response = logged_in.post(
        "/progress/photos", data={"taken_on": "", "pose": "front", "note": ""}
    )

    page = response.get_data(True)
    assert response.status_code == 422
    assert "Choose a photo to upload." in page and "Enter a date." in page
    assert snapshot(uploads) == {"metrics": [], "photos": [], "files": []}


def test_a_future_date_or_an_unknown_pose_is_refused(logged_in, uploads):
    for fields in ({"taken_on": "2999-01-01"}, {"pose": "selfie"}):
        response = logged_in.post(
            "/progress/photos", data=upload_data(png_bytes(), "a.png", **fields)
        )
        assert response.status_code == 422
    assert stored_files(uploads) == []


def test_sending_the_same_upload_twice_stores_one_photo(logged_in, uploads):
    uuid = "5b0f3a38-8c8f-4c84-9d0e-3bb1d2a2b8f1"
    for _ in range(2):
        response = logged_in.post(
            "/progress/photos", data=upload_data(png_bytes(), "a.png", uuid=uuid)
        )
        assert response.status_code == 303

    assert len(db.session.scalars(select(ProgressPhoto)).all()) == 1
    assert len(stored_files(uploads)) == 2


def test_an_htmx_upload_answers_with_the_gallery_and_a_fresh_form(logged_in, uploads):
    uuid = "5b0f3a38-8c8f-4c84-9d0e-3bb1d2a2b8f1"
    response = logged_in.post(
        "/progress/photos",
        data=upload_data(png_bytes(), "a.png", uuid=uuid, pose="side"),
        headers=HTMX,
    )

    page = response.get_data(True)
    assert response.status_code == 200
    assert page.lstrip().startswith('<div class="photo-board" id="photo-board">')
    photo = db.session.scalar(select(ProgressPhoto))
    assert f"/progress/photos/{photo.id}/thumb" in page
    assert uuid not in page
    assert "Photo saved." in response.headers["HX-Trigger"]


def test_the_owner_gets_the_files_never_to_be_cached(logged_in, user, make_photo):
    photo = make_photo(user)

    for url in (
        f"/progress/photos/{photo.id}/image",
        f"/progress/photos/{photo.id}/thumb",
    ):
        response = logged_in.get(url)
        assert response.status_code == 200
        assert response.mimetype == "image/jpeg"
        cache = response.headers["Cache-Control"]
        assert cache == "private, no-store"
        assert Image.open(io.BytesIO(response.data)).format == "JPEG"


def test_a_missing_file_is_not_found(logged_in, user, make_photo, uploads):
    photo = make_photo(user)
    (uploads / photo.image_key).unlink()

    assert logged_in.get(f"/progress/photos/{photo.id}/image").status_code == 404


def test_the_gallery_groups_photos_by_date(logged_in, user, make_photo):
    make_photo(user, taken_on=date(2026, 10, 1), pose="back")
    make_photo(user, taken_on=date(2026, 11, 1), pose="front")

    page = logged_in.get("/progress/photos").get_data(True)

    assert page.index("Nov 1, 2026") < page.index("Oct 1, 2026")
    assert "Back photo of Oct 1, 2026" in page
    assert "Compare two dates" in page


def test_date_pose_and_note_can_be_changed(logged_in, user, make_photo):
    photo = make_photo(user)

    response = logged_in.post(
        f"/progress/photos/{photo.id}",
        data={"taken_on": "2026-10-15", "pose": "side", "note": "Lights on"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert 'id="photo-details"' in response.get_data(True)
    db.session.refresh(photo)
    assert (photo.taken_on, photo.pose, photo.note) == (
        date(2026, 10, 15),
        "side",
        "Lights on",
    )


def test_deleting_a_photo_removes_its_files(logged_in, user, make_photo, uploads):
    photo_id = make_photo(user).id
    other = make_photo(user, pose="side")

    response = logged_in.post(f"/progress/photos/{photo_id}/delete")

    assert response.status_code == 303
    assert stored_files(uploads) == sorted([other.image_key, other.thumb_key])
    assert db.session.get(ProgressPhoto, photo_id) is None


def test_delete_user_files_removes_every_file_of_that_user_only(
    app, make_user, make_photo, uploads
):
    ada, bob = make_user(), make_user()
    make_photo(ada)
    make_photo(ada, pose="back")
    kept = make_photo(bob)

    photos.delete_user_files(ada.id)

    assert stored_files(uploads) == sorted([kept.image_key, kept.thumb_key])
    assert not (uploads / "progress" / str(ada.id)).exists()


def test_compare_shows_two_dates_side_by_side_pose_by_pose(logged_in, user, make_photo):
    first = make_photo(user, taken_on=date(2026, 9, 1), pose="front")
    make_photo(user, taken_on=date(2026, 9, 1), pose="side")
    middle = make_photo(user, taken_on=date(2026, 10, 1), pose="front")
    last = make_photo(user, taken_on=date(2026, 11, 1), pose="front")

    default = logged_in.get("/progress/photos/compare").get_data(True)
    chosen = logged_in.get(
        "/progress/photos/compare?before=2026-10-01&after=2026-09-01"
    ).get_data(True)

    assert f"/progress/photos/{first.id}/image" in default
    assert f"/progress/photos/{last.id}/image" in default
    assert f"/progress/photos/{middle.id}/image" not in default
    assert "No photo in this pose on this day." in default  # side: only in Sept.
    assert chosen.index(f"/photos/{first.id}/image") < chosen.index(
        f"/photos/{middle.id}/image"
    )


def test_compare_with_one_date_asks_for_more(logged_in, user, make_photo):
    make_photo(user)

    page = logged_in.get("/progress/photos/compare").get_data(True)

    assert "Photos from two different days are needed" in page


def test_uploads_are_limited_per_user(logged_in, uploads, app, make_user, client):
    app.config["PHOTO_UPLOAD_RATE_LIMIT"] = "2 per hour"
    for _ in range(2):
        response = logged_in.post(
            "/progress/photos", data=upload_data(png_bytes(), "a.png")
        )
        assert response.status_code == 303

    refused = logged_in.post("/progress/photos", data=upload_data(png_bytes(), "a.png"))

    assert refused.status_code == 429
    assert len(snapshot(uploads)["photos"]) == 2


def test_a_full_disk_keeps_nothing_and_names_no_file(
    logged_in, uploads, monkeypatch, caplog
):
    real_save = DirectoryStorage.save

    def save_then_fill_up(self, key, data):
        """The photo is written; the disk is full when the thumbnail comes."""
        if key.endswith("_thumb.jpg"):
            raise OSError(28, "No space left on device", self.path(key))
        real_save(self, key, data)

    monkeypatch.setattr(DirectoryStorage, "save", save_then_fill_up)

    response = logged_in.post(
        "/progress/photos", data=upload_data(png_bytes(), "a.png")
    )

    assert response.status_code == 503
    assert "could not be saved" in response.get_data(True)
    assert snapshot(uploads) == {"metrics": [], "photos": [], "files": []}
    assert "No space left on device" in caplog.text
    assert "progress/" not in caplog.text
