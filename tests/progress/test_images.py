"""The image pipeline on real files: what is taken, what is refused, and what
is left of a photo after it (upright, no metadata, a JPEG)."""

import io
import struct
import zlib

import pytest
from PIL import ExifTags, Image

from homegym.progress.images import PhotoRefused, clean_photo
from tests.progress.conftest import (
    encoded,
    heic_bytes,
    jpeg_with_gps,
    mpo_with_gps,
    png_bomb,
    png_bytes,
    png_claiming,
    webp_bytes,
)

LIMITS = {"max_bytes": 5 * 1024 * 1024, "max_pixels": 20_000_000}


def image_classes(base=Image.Image):
    for cls in base.__subclasses__():
        yield cls
        yield from image_classes(cls)


@pytest.fixture
def decoded(monkeypatch) -> list[str]:
    """Note every decode of a file: the ``load`` of each file image class
    (ImageFile, WebP, HEIF... each has its own), then let it run as usual."""
    calls: list[str] = []
    for cls in set(image_classes()):
        if "load" not in cls.__dict__:
            continue

        def watched(self, *args, _load=cls.__dict__["load"], **kwargs):
            calls.append(type(self).__name__)
            return _load(self, *args, **kwargs)

        monkeypatch.setattr(cls, "load", watched)
    return calls


def test_the_decode_watch_sees_every_format_decode(decoded):
    for data in (encoded("JPEG"), png_bytes(), webp_bytes(), heic_bytes()):
        clean_photo(data, **LIMITS)

    assert len(decoded) >= 4


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


@pytest.mark.parametrize(
    "camera", [jpeg_with_gps, mpo_with_gps], ids=["jpeg", "jpeg-with-depth-map"]
)
def test_a_sideways_camera_jpeg_is_stored_upright_without_any_metadata(camera):
    source = camera(orientation=6)
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
        (png_bomb(), "pixels"),
    ],
    ids=[
        "empty",
        "text",
        "gif",
        "bmp",
        "truncated",
        "bomb-header",
        "huge-bomb-header",
        "complete-bomb",
    ],
)
def test_refused_files_say_why(data, reason):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(data, **LIMITS)

    assert refused.value.reason == reason
    assert str(refused.value.message)


@pytest.mark.parametrize("fmt", ["JPEG", "MPO", "PNG", "WEBP", "HEIF"], ids=str.lower)
def test_the_pixel_limit_is_read_from_the_header_before_decoding(decoded, fmt):
    data = {
        "JPEG": encoded("JPEG", size=(100, 100)),
        "MPO": mpo_with_gps(),
        "PNG": png_bytes(size=(100, 100)),
        "WEBP": encoded("WEBP", size=(100, 100)),
        "HEIF": heic_bytes(),
    }[fmt]
    assert Image.open(io.BytesIO(data)).format == fmt

    with pytest.raises(PhotoRefused) as refused:
        clean_photo(data, max_bytes=10**6, max_pixels=5_000)

    assert refused.value.reason == "pixels"
    assert decoded == []
    assert "0.01 megapixels" in str(refused.value.message)


def test_the_bomb_is_a_real_complete_png():
    """The bomb below is not a cut-off file: every byte of its 400 MB is there."""
    data = png_bomb()
    assert len(data) < 100 * 1024
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, chunks, pixels = 8, [], zlib.decompressobj()
    unpacked = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(
            ">I", data[position + 8 + length : position + 12 + length]
        )
        assert zlib.crc32(kind + body) & 0xFFFFFFFF == crc
        if kind == b"IDAT":
            # Unpack in slices: the test itself must not hold 50 MB at once.
            unpacked += len(pixels.decompress(body, 1 << 20))
            while pixels.unconsumed_tail:
                unpacked += len(pixels.decompress(pixels.unconsumed_tail, 1 << 20))
        chunks.append(kind)
        position += 12 + length
    assert chunks == [b"IHDR", b"IDAT", b"IEND"] and pixels.eof
    assert unpacked == 20_000 * (1 + 20_000 // 8)


@pytest.mark.parametrize(
    "size",
    # 80 megapixels pass Pillow's own guard (89 million): only our limit stops them.
    [(10_000, 8_000), (20_000, 20_000)],
    ids=["80-megapixels", "400-megapixels"],
)
def test_a_decompression_bomb_is_refused_without_decoding_it(decoded, size):
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(png_bomb(*size), max_bytes=12 * 1024 * 1024, max_pixels=50_000_000)

    assert refused.value.reason == "pixels"
    assert "at most 50 megapixels" in str(refused.value.message)
    assert decoded == []


def test_the_byte_limit_is_told_in_megabytes():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(b"x" * 3_000_000, max_bytes=2 * 1024 * 1024, max_pixels=10**6)

    assert refused.value.reason == "bytes"
    assert "2 MB" in str(refused.value.message)
