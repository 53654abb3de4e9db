"""The waiting upload and the progress of a running import, as files.

An upload waits between preview and confirm in ``instance/imports/``, named
by its batch's random token (never by anything the client sends), and is
removed once the import has run or the preview is dropped. Progress is a
small JSON file beside it, rewritten atomically: every worker process can
read it, and writing it never touches the import's database transaction.
"""

import json
import os
import re
import secrets
import time
from pathlib import Path

from flask import current_app

CHUNK = 64 * 1024
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,32}")
STALE_PREVIEW_SECONDS = 24 * 3600


class TooLarge(ValueError):
    """The uploaded file is larger than IMPORT_MAX_BYTES."""


def folder() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def new_token() -> str:
    return secrets.token_urlsafe(18)


def upload_path(token: str) -> Path:
    if not TOKEN.fullmatch(token):
        raise ValueError("not an import token")
    return folder() / f"{token}.csv"


def progress_path(token: str) -> Path:
    return upload_path(token).with_suffix(".progress")


def save_upload(stream, token: str, limit: int) -> int:
    """Copy the upload to its waiting file, never more than ``limit`` bytes.

    Returns the size; raises TooLarge (and leaves no file) past the limit.
    """
    path = upload_path(token)
    size = 0
    with open(path, "wb") as target:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                break
            target.write(chunk)
    if size > limit:
        path.unlink(missing_ok=True)
        raise TooLarge
    return size


def write_progress(token: str, done: int, total: int) -> None:
    path = progress_path(token)
    scratch = path.with_suffix(".progress-new")
    scratch.write_text(json.dumps({"done": done, "total": total}))
    os.replace(scratch, path)


def read_progress(token: str) -> tuple[int, int, float] | None:
    """Return (workouts done, workouts in all, seconds since the last write)."""
    path = progress_path(token)
    try:
        data = json.loads(path.read_text())
        age = time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return None
    return int(data["done"]), int(data["total"]), age


def discard(token: str) -> None:
    """Remove the waiting upload and the progress file of a batch."""
    for path in (upload_path(token), progress_path(token)):
        path.unlink(missing_ok=True)


def sweep(older_than: float = STALE_PREVIEW_SECONDS) -> int:
    """Remove uploads nobody confirmed within a day; return how many went."""
    cutoff = time.time() - older_than
    removed = 0
    for path in folder().glob("*"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
