"""Client-made ids: every row a phone can create offline carries one."""

import uuid

from sqlalchemy import String, select
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from homegym.extensions import db


def new_uuid() -> str:
    """Make an id the way the phone does: a random UUID in canonical form."""
    return str(uuid.uuid4())


def parse_uuid(value: str | None) -> str | None:
    """Return the canonical form of a client's UUID, or None if it is not one."""
    if not value:
        return None
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


# Row ids are 32-bit integers on every database HomeGym runs on.
MAX_ROW_ID = 2**31 - 1


def row_id(value) -> int | None:
    """Read a server row id sent by a page; None when no table could hold it.

    A huge number must be "not found", not reach the database: SQLite
    cannot even bind an integer past 64 bits.
    """
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ROW_ID else None


def made_with(model, user_id: int, uuid: str | None):
    """Find the user's row a client already made with this uuid (a replay)."""
    uuid = parse_uuid(uuid)
    if uuid is None:
        return None
    return db.session.scalar(
        select(model).where(model.user_id == user_id, model.uuid == uuid)
    )


class ClientIdMixin:
    """A ``uuid`` column; the table must make (user_id, uuid) unique."""

    @declared_attr
    def uuid(cls) -> Mapped[str]:  # noqa: N805 - SQLAlchemy passes the class
        return mapped_column(String(36), default=new_uuid)
