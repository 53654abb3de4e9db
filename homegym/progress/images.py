"""Turn an uploaded file into a clean JPEG and a thumbnail, or refuse it.

Only JPEG, PNG, WebP and HEIC are opened. The size in the header is checked
before a single pixel is decoded (a small file can claim billions of pixels);
the EXIF orientation is applied; the result is drawn onto a fresh image and
re-encoded, so no metadata (GPS, camera, comments, colour profile) survives.
Everything happens in memory: a refused file leaves no trace anywhere.
"""

import io
import warnings
from dataclasses import dataclass

import pillow_heif
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

# Pillow's format names of what an upload may be; nothing else is even tried.
OPENED_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
# What the JPEG opener may name a file: phone cameras often write a JPEG that
# carries a second picture (depth map, HDR gain map), which Pillow calls MPO.
# Only its first picture, the photo itself, is decoded.
JPEG_FORMATS = ("JPEG", "MPO")
FORMAT_NAMES = "JPEG, PNG, WebP, HEIC"
STORED_SIDE = 2048
THUMB_SIDE = 480
JPEG_QUALITY = 85
# What a damaged or hostile file can make a decoder raise.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, RuntimeError)


class PhotoRefused(ValueError):
    """The upload is not a photo we take; ``message`` says why, for the user."""

    def __init__(self, reason: str, message) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class CleanPhoto:
    """The re-encoded photo and thumbnail, ready to store."""

    image: bytes
    width: int
    height: int
    thumb: bytes
    thumb_width: int
    thumb_height: int
    source_format: str


def megapixels(pixels: int) -> str:
    """Say a pixel count the way cameras do: 50000000 -> "50"."""
    return short_number(pixels / 1_000_000)


def megabytes(size: int) -> str:
    return short_number(size / (1024 * 1024))


def short_number(value: float) -> str:
    """At most two decimals and none that are zero: 12.0 -> "12", 0.25 -> "0.25"."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def check_size(data: bytes, max_bytes: int) -> None:
    if not data:
        raise PhotoRefused("empty", _l("Choose a photo to upload."))
    if len(data) > max_bytes:
        raise too_many_bytes(max_bytes)


def too_many_bytes(max_bytes: int) -> PhotoRefused:
    return PhotoRefused(
        "bytes",
        _l(
            "This file is too large: at most %(size)s MB are accepted.",
            size=megabytes(max_bytes),
        ),
    )


def open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open the file by its content and check its header; decode nothing yet."""
    try:
        with warnings.catch_warnings():
            # Our own limit decides below; Pillow's warning would only be noise.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=OPENED_FORMATS)
    except Image.DecompressionBombError as error:
        raise too_many_pixels(max_pixels) from error
    except (UnidentifiedImageError, *DECODE_ERRORS) as error:
        raise PhotoRefused(
            "format",
            _l(
                "This file is not a photo HomeGym can read. "
                "Upload a %(formats)s image.",
                formats=FORMAT_NAMES,
            ),
        ) from error
    width, height = image.size
    if image.format not in (*OPENED_FORMATS, *JPEG_FORMATS) or min(width, height) < 1:
        raise PhotoRefused("format", _l("This file is not a photo HomeGym can read."))
    if width * height > max_pixels:
        raise too_many_pixels(max_pixels)
    return image


def too_many_pixels(max_pixels: int) -> PhotoRefused:
    return PhotoRefused(
        "pixels",
        _l(
            "This image has too many pixels: at most %(megapixels)s megapixels "
            "are accepted.",
            megapixels=megapixels(max_pixels),
        ),
    )


def to_srgb_rgb(image: Image.Image) -> Image.Image:
    """Make plain RGB: colours through the image's profile, transparency on white."""
    if image.mode == "P":
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the colours as they are
    return image.convert("RGB")


def fresh_copy(image: Image.Image, side: int) -> Image.Image:
    """Scale down to fit ``side`` and draw onto a new image that carries no info."""
    scaled = image.copy()
    scaled.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    clean = Image.new("RGB", scaled.size)
    clean.paste(scaled)
    return clean


def encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()


def clean_photo(data: bytes, max_bytes: int, max_pixels: int) -> CleanPhoto:
    """Check, decode, turn upright, strip and re-encode an upload."""
    check_size(data, max_bytes)
    image = open_checked(data, max_pixels)
    source_format = image.format
    try:
        if source_format in JPEG_FORMATS:
            # Let libjpeg decode at a smaller scale when the result will be small.
            image.draft("RGB", (STORED_SIDE, STORED_SIDE))
        image.load()
        image = ImageOps.exif_transpose(image)
        image = to_srgb_rgb(image)
        photo = fresh_copy(image, STORED_SIDE)
        thumb = fresh_copy(photo, THUMB_SIDE)
    except Image.DecompressionBombError as error:
        raise too_many_pixels(max_pixels) from error
    except DECODE_ERRORS as error:
        raise PhotoRefused(
            "decode", _l("This image is damaged or incomplete and could not be read.")
        ) from error
    return CleanPhoto(
        image=encode(photo),
        width=photo.width,
        height=photo.height,
        thumb=encode(thumb),
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        source_format=source_format,
    )
