"""The image pipeline on real files: what is taken, what is refused, and what
is left of a photo after it (upright, no metadata, a JPEG)."""

import io

import pytest
from PIL import ExifTags, Image

from homegym.progress.images import PhotoRefused, clean_photo
from tests.progress.conftest import (
    encoded,
    heic_bytes,
    jpeg_with_gps,
    png_bytes,
    png_claiming,
    webp_bytes,
)

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 20_000_000}


def opened(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def colour_at(image: Image.Image, x: int, y: int) -> str:
    red, green, blue = image.getpixel((x, y))[:3]
    if red > 180 and green < 80 and blue < 80:
        return "red"
    if blue > 180 and red < 80 and green < 80:
        return "blue"
    return f"other {red},{green},{blue}"


def test_a_sideways_camera_jpeg_is_stored_upright_without_any_metadata():
    source = jpeg_with_gps(orientation=6)
    original = Image.open(io.BytesIO(source))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo), "the test file has GPS"
    assert original.size == (240, 160)

    clean = clean_photo(source, **LIMITS)

    stored = opened(clean.image)
    assert stored.format == "JPEG"
    # Orientation 6 means "turn 90° clockwise to view": the top half goes right.
    assert stored.size == (160, 240) == (clean.width, clean.height)
    assert colour_at(stored, 150, 120) == "red"
    assert colour_at(stored, 10, 120) == "blue"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info and "icc_profile" not in stored.info
    assert "comment" not in stored.info
    for marker in (b"Exif", b"GPS", b"Acme", b"kitchen"):
        assert marker not in clean.image
        assert marker not in clean.thumb


def test_the_thumbnail_is_small_and_upright_too():
    clean = clean_photo(jpeg_with_gps(orientation=6), **LIMITS)
    big = encoded("JPEG", size=(3000, 2000))

    thumb = opened(clean.thumb)
    large = clean_photo(big, **LIMITS)

    assert thumb.size == (clean.thumb_width, clean.thumb_height) == (160, 240)
    assert (large.width, large.height) == (2048, 1365)
    assert max(opened(large.thumb).size) == 480


@pytest.mark.parametrize(
    ("data", "source_format"),
    [
        (png_bytes(), "PNG"),
        (webp_bytes(), "WEBP"),
        (heic_bytes(), "HEIF"),
        (encoded("JPEG", mode="CMYK", colour=(0, 255, 255, 0)), "JPEG"),
    ],
    ids=["png", "webp", "heic", "cmyk-jpeg"],
)
def test_png_webp_and_heic_become_plain_jpegs(data, source_format):
    clean = clean_photo(data, **LIMITS)

    stored = opened(clean.image)
    assert clean.source_format == source_format
    assert stored.format == "JPEG" and stored.mode == "RGB"


def test_transparency_lands_on_white():
    data = encoded("PNG", mode="RGBA", colour=(0, 0, 0, 0))

    stored = opened(clean_photo(data, **LIMITS).image)

    assert min(stored.getpixel((5, 5))) > 245


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"Dear diary, today I squatted.\n" * 20, "format"),
        (b"GIF89a" + encoded("GIF")[6:], "format"),
        (encoded("BMP"), "format"),
        (jpeg_with_gps()[: len(jpeg_with_gps()) * 2 // 3], "decode"),
        (png_claiming(10_000, 10_000), "pixels"),
        (png_claiming(100_000, 100_000), "pixels"),
    ],
    ids=["empty", "text", "gif", "bmp", "truncated", "bomb", "huge-bomb"],
)
def test_refused_files_say_why(data, reason):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(data, **LIMITS)

    assert refused.value.reason == reason
    assert str(refused.value.message)


def test_the_pixel_limit_is_read_from_the_header_before_decoding(monkeypatch):
    data = png_bytes(size=(100, 100))
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda self: decoded.append(self))

    with pytest.raises(PhotoRefused) as refused:
        clean_photo(data, max_bytes=10**6, max_pixels=9_999)

    assert refused.value.reason == "pixels"
    assert decoded == []
    assert "0.01 megapixels" in str(refused.value.message)


def test_the_byte_limit_is_told_in_megabytes():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(b"x" * 3_000_000, max_bytes=2 * 1024 * 1024, max_pixels=10**6)

    assert refused.value.reason == "bytes"
    assert "2 MB" in str(refused.value.message)
