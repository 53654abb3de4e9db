"""Delete an account: every row that belongs to the user, then their files.

Rows are found by walking the schema for ``user_id`` columns, children first,
so a table added later goes with the user without anyone remembering to list
it here. Files go only after the rows are committed: if the database refuses,
the user still has everything, photos included.
"""

import logging
from dataclasses import dataclass

from sqlalchemy import delete, select

from homegym.accounts.models import FailedLogin, User
from homegym.extensions import db
from homegym.imports import storage as import_storage
from homegym.imports.jobs import notice_stale
from homegym.imports.models import ImportBatch
from homegym.progress.photos import delete_user_files

logger = logging.getLogger(__name__)


@dataclass
class Deleted:
    """What went: rows per table (tables with none left out)."""

    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def owned_tables() -> list:
    """Tables with a ``user_id`` column, children before their parents."""
    return [
        table
        for table in reversed(db.metadata.sorted_tables)
        if "user_id" in table.c and table.name != User.__tablename__
    ]


def delete_account(user: User) -> Deleted:
    """Remove the user's rows in one transaction, then their files on disk."""
    user_id, email = user.id, user.email
    tokens = db.session.scalars(
        select(ImportBatch.token).where(ImportBatch.user_id == user_id)
    ).all()
    rows: dict[str, int] = {}
    for table in owned_tables():
        count = db.session.execute(
            delete(table).where(table.c.user_id == user_id)
        ).rowcount
        if count:
            rows[table.name] = count
    # Failed logins name the address, not the id; they are the user's data too.
    failed = db.session.execute(
        delete(FailedLogin).where(FailedLogin.username == email)
    ).rowcount
    if failed:
        rows[FailedLogin.__tablename__] = failed
    db.session.execute(delete(User).where(User.id == user_id))
    rows[User.__tablename__] = 1
    db.session.commit()
    db.session.expunge_all()

    delete_user_files(user_id)
    for token in tokens:
        import_storage.discard(token)
    logger.info("account %s deleted: %d rows", user_id, sum(rows.values()))
    return Deleted(rows)


def import_running(user: User) -> bool:
    """Whether an import of the user's is still being written.

    Its transaction holds locks on the rows it adds: deleting meanwhile would
    wait for it, or on SQLite fail, so the account waits until it is done. An
    import whose process died is noticed here, so it never blocks the deletion.
    """
    working = db.session.scalars(
        select(ImportBatch).where(
            ImportBatch.user_id == user.id,
            ImportBatch.status.in_(("queued", "running")),
        )
    )
    return any(not notice_stale(batch) for batch in working.all())
