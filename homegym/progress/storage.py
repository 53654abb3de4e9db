"""Where photo files live: one small interface, a directory by default.

Every key is made by the server ("progress/<user id>/<random>.jpg"), so no
uploaded name ever reaches the file system. Another backend (a shared volume,
an S3-compatible store) only has to offer the same four methods.
"""

import os
import re
import secrets
import shutil
import tempfile

from flask import current_app

KEY = re.compile(r"^[a-z]+(/[0-9a-z_-]+)+(\.[a-z]+)?$")


class DirectoryStorage:
    """Files under one root directory, written atomically."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)

    def path(self, key: str) -> str:
        """Map a key to its file, refusing anything that would leave the root."""
        if not KEY.match(key) or ".." in key:
            raise ValueError("not a storage key")
        full = os.path.abspath(os.path.join(self.root, key))
        if not full.startswith(self.root + os.sep):
            raise ValueError("not a storage key")
        return full

    def save(self, key: str, data: bytes) -> None:
        """Write the whole file or nothing: a reader never sees half of it."""
        target = self.path(key)
        os.makedirs(os.path.dirname(target), mode=0o700, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=os.path.dirname(target), suffix=".part"
        )
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.chmod(temporary, 0o600)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def read(self, key: str) -> bytes:
        with open(self.path(key), "rb") as file:
            return file.read()

    def delete(self, key: str) -> None:
        """Remove a file; one already gone is fine."""
        try:
            os.unlink(self.path(key))
        except FileNotFoundError:
            pass

    def delete_prefix(self, prefix: str) -> None:
        """Remove every file under a folder-like prefix, and the folder."""
        folder = self.path(prefix.rstrip("/"))
        shutil.rmtree(folder, ignore_errors=True)


def photo_storage() -> DirectoryStorage:
    """The storage of this app, under UPLOAD_DIR (never under static)."""
    return DirectoryStorage(current_app.config["UPLOAD_DIR"])


def user_prefix(user_id: int) -> str:
    return f"progress/{int(user_id)}"


def new_keys(user_id: int) -> tuple[str, str]:
    """Make a fresh random pair of keys: the photo and its thumbnail."""
    name = secrets.token_hex(16)
    prefix = user_prefix(user_id)
    return f"{prefix}/{name}.jpg", f"{prefix}/{name}_thumb.jpg"
