"""Progress photos: store a cleaned upload, list, compare two dates, delete.

The row and its two files come and go together: files are written before the
row is committed and removed if it cannot be; on delete the row goes first,
then the files. A file left behind by a crash sits under the user's prefix,
where ``delete_user_files`` still finds it.
"""

import logging
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.ids import made_with, new_uuid, parse_uuid
from homegym.progress.images import clean_photo
from homegym.progress.models import POSES, ProgressPhoto
from homegym.progress.storage import new_keys, photo_storage, user_prefix
from homegym.web import upload_cap

logger = logging.getLogger(__name__)


class StorageFailed(RuntimeError):
    """The files could not be written; nothing was kept."""


def limits() -> dict:
    """The upload limits of this server, as the form shows them.

    A server-wide MAX_CONTENT_LENGTH below PHOTO_MAX_BYTES wins: the form
    then names the size that really gets through.
    """
    max_bytes = current_app.config["PHOTO_MAX_BYTES"]
    if (cap := upload_cap()) is not None:
        max_bytes = min(max_bytes, cap)
    return {
        "max_bytes": max_bytes,
        "max_pixels": current_app.config["PHOTO_MAX_PIXELS"],
    }


def photo_by_uuid(user_id: int, uuid: str | None) -> ProgressPhoto | None:
    return made_with(ProgressPhoto, user_id, uuid)


def add_photo(
    user_id: int,
    data: bytes,
    taken_on: date,
    pose: str,
    note: str = "",
    uuid: str | None = None,
) -> tuple[ProgressPhoto, bool]:
    """Clean and store an upload; a replayed uuid returns the first photo.

    Raises PhotoRefused (nothing written) when the file is not one we take.
    The files are on disk when this returns; the caller commits, and calls
    ``discard_files`` if that fails.
    """
    uuid = parse_uuid(uuid)
    replayed = photo_by_uuid(user_id, uuid)
    if replayed is not None:
        return replayed, False

    clean = clean_photo(data, **limits())
    image_key, thumb_key = new_keys(user_id)
    photo = ProgressPhoto(
        user_id=user_id,
        uuid=uuid or new_uuid(),
        taken_on=taken_on,
        pose=pose if pose in POSES else POSES[0],
        note=note,
        image_key=image_key,
        thumb_key=thumb_key,
        width=clean.width,
        height=clean.height,
        thumb_width=clean.thumb_width,
        thumb_height=clean.thumb_height,
        byte_size=len(clean.image),
    )
    storage = photo_storage()
    try:
        storage.save(image_key, clean.image)
        storage.save(thumb_key, clean.thumb)
    except OSError as error:
        discard_files(photo)
        # The reason only: the error's own text would name the file.
        logger.error(
            "progress photo of user %s not stored: %s", user_id, error.strerror
        )
        raise StorageFailed(error.strerror) from None
    try:
        db.session.add(photo)
        db.session.flush()
    except BaseException:
        discard_files(photo)
        raise
    logger.info(
        "progress photo %s added by user %s (%s)",
        photo.id,
        user_id,
        clean.source_format,
    )
    return photo, True


def discard_files(photo: ProgressPhoto) -> None:
    """Remove a photo's files (after its row is gone or never made it)."""
    remove_files(photo.image_key, photo.thumb_key)


def remove_files(*keys: str) -> None:
    storage = photo_storage()
    for key in keys:
        storage.delete(key)


def delete_photo(photo: ProgressPhoto) -> None:
    """Delete the row, commit, then the files: never a row without its file."""
    photo_id, user_id = photo.id, photo.user_id
    keys = (photo.image_key, photo.thumb_key)
    db.session.delete(photo)
    db.session.commit()
    remove_files(*keys)
    logger.info("progress photo %s deleted by user %s", photo_id, user_id)


def delete_user_files(user_id: int) -> None:
    """Remove every photo file of a user from storage (for account deletion).

    The rows go with the user (ON DELETE CASCADE); the files only go here.
    """
    photo_storage().delete_prefix(user_prefix(user_id))
    logger.info("progress photo files of user %s deleted", user_id)


def user_photos(user_id: int) -> list[ProgressPhoto]:
    """The user's photos, newest date first, poses in front/side/back order."""
    photos = db.session.scalars(
        select(ProgressPhoto)
        .where(ProgressPhoto.user_id == user_id)
        .order_by(ProgressPhoto.taken_on.desc(), ProgressPhoto.id)
    )
    return sorted(photos, key=lambda p: (-p.taken_on.toordinal(), pose_order(p)))


def pose_order(photo: ProgressPhoto) -> int:
    return POSES.index(photo.pose) if photo.pose in POSES else len(POSES)


def by_date(photos: list[ProgressPhoto]) -> list[tuple[date, list[ProgressPhoto]]]:
    """Group photos (already sorted by date) into days."""
    days: list[tuple[date, list[ProgressPhoto]]] = []
    for photo in photos:
        if days and days[-1][0] == photo.taken_on:
            days[-1][1].append(photo)
        else:
            days.append((photo.taken_on, [photo]))
    return days


def photo_dates(user_id: int) -> list[date]:
    """The days the user has photos of, newest first."""
    return list(
        db.session.scalars(
            select(ProgressPhoto.taken_on)
            .where(ProgressPhoto.user_id == user_id)
            .group_by(ProgressPhoto.taken_on)
            .order_by(ProgressPhoto.taken_on.desc())
        )
    )


@dataclass(frozen=True)
class PosePair:
    """One pose on both days; either side may be missing."""

    pose: str
    before: ProgressPhoto | None
    after: ProgressPhoto | None


def compare(user_id: int, before: date, after: date) -> list[PosePair]:
    """Pair the two days' photos pose by pose (the latest upload of each)."""
    rows = db.session.scalars(
        select(ProgressPhoto)
        .where(
            ProgressPhoto.user_id == user_id,
            ProgressPhoto.taken_on.in_([before, after]),
        )
        .order_by(ProgressPhoto.id)
    )
    chosen: dict[tuple[date, str], ProgressPhoto] = {}
    for photo in rows:
        chosen[photo.taken_on, photo.pose] = photo
    pairs = []
    for pose in POSES:
        pair = PosePair(pose, chosen.get((before, pose)), chosen.get((after, pose)))
        if pair.before or pair.after:
            pairs.append(pair)
    return pairs


def photo_count(user_id: int) -> int:
    return db.session.scalar(
        select(func.count(ProgressPhoto.id)).where(ProgressPhoto.user_id == user_id)
    )
