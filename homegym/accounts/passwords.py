"""Password policy and hashing: long rather than complicated, never a common one."""

import gzip
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

COMMON_PASSWORDS_FILE = Path(__file__).with_name("common-passwords.txt.gz")

# Checked against when no user matches, so unknown e-mails take as long as known.
_DUMMY_HASHES: dict[str, str] = {}


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Load the bundled list of common passwords once per process."""
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip() for line in handle if line.strip())


def password_problems(password: str, email: str = "") -> list[str]:
    """Return why a new password is refused; an empty list means it is fine."""
    problems = []
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        problems.append(str(_l("Use at least %(count)d characters.", count=minimum)))
    lowered = password.strip().lower()
    if lowered in common_passwords():
        problems.append(str(_l("This password is too common; choose another.")))
    local_part = email.split("@")[0].lower()
    if local_part and lowered in {email.lower(), local_part}:
        problems.append(str(_l("The password must not be your e-mail address.")))
    return problems


def hash_password(password: str) -> str:
    """Hash with the configured slow method (made cheap only in tests)."""
    return generate_password_hash(
        password, method=current_app.config["PASSWORD_HASH_METHOD"]
    )


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash, still spend the same work to hide that."""
    if password_hash is None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        if method not in _DUMMY_HASHES:
            _DUMMY_HASHES[method] = generate_password_hash("x" * 16, method=method)
        check_password_hash(_DUMMY_HASHES[method], password)
        return False
    return check_password_hash(password_hash, password)
