"""A stamp per lifter that changes with every write to their training.

Records are worked out from years of sets, too slow to repeat on every view,
so they are kept in the cache under the lifter's stamp (``training_stamps``). A
wrong record badge is a bug the lifter sees, so the stamp is renewed in the
same transaction as any write that could change a record, whatever path made
it: the ORM's unit of work (logging, sync, edits, deletes) and statements run
through the session (bulk inserts of imports and new workouts, deletes),
noted as they happen and renewed right before the commit. A
reader takes the stamp before the sets, so a result is never filed under a
stamp newer than the data it was worked out from.

Stamps are random, never counted up: a restored backup brings back stamps
together with the very data they were given for. A lifter without a stamp
(made behind the ORM's back) has nothing kept, which is slow but never wrong.
"""

import logging
import secrets
from itertools import chain

from sqlalchemy import ForeignKey, String, event, insert, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import BindParameter

from homegym.accounts.models import User
from homegym.extensions import cache, db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

# What no record is worked out from: a change to only these (an RPE, a note,
# a position, a target) leaves every record as it was. Anything else that
# changes, relationships and collections included, renews the stamp.
HARMLESS = {
    Workout: {"name", "notes", "plan_day_id", "source", "import_key",
              "open_user_id", "created_at", "updated_at", "uuid"},
    PerformedExercise: {"position", "superset_group", "rest_seconds",
                        "target_reps_min", "target_reps_max", "target_rpe",
                        "notes", "uuid"},
    WorkoutSet: {"position", "rpe", "target_weight_kg", "target_reps",
                 "created_at", "updated_at", "uuid"},
}  # fmt: skip
TABLES = {
    model.__table__.name: {column.key for column in model.__table__.columns} - keep
    for model, keep in HARMLESS.items()
}
logger = logging.getLogger(__name__)
USERS_OPTION = "training_users"
# Where a session notes whose stamps its transaction must renew.
PENDING, EVERYONE = "training_stamps_to_renew", "training_stamps_of_everyone"
NEW_USERS = "training_stamps_to_make"
# The stamps this transaction has read: a page that keeps several things reads
# each lifter's stamp once. Within a transaction it cannot change but by this
# session's own commit, which ends the transaction and forgets them.
READ = "training_stamps_read"
# Cached records go when their stamp does; the timeout only frees memory.
CACHE_SECONDS = 24 * 3600


class TrainingStamp(db.Model):
    """The stamp records of a lifter are kept under; see the module."""

    __tablename__ = "training_stamps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    stamp: Mapped[str] = mapped_column(String(32))


def _new_stamp() -> str:
    return secrets.token_hex(16)


def _renew(connection, user_ids) -> None:
    """Give these lifters (None: every lifter) a new stamp."""
    stamps = TrainingStamp.__table__
    statement = update(stamps).values(stamp=_new_stamp())
    if user_ids is not None:
        statement = statement.where(stamps.c.user_id.in_(sorted(user_ids)))
    connection.execute(statement)


def _counted_change(instance, harmless) -> bool:
    """Whether a pending change of this object could change a record."""
    return any(
        attribute.history.has_changes()
        for attribute in db.inspect(instance).attrs
        if attribute.key not in harmless
    )


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    made = {instance.id for instance in session.new if isinstance(instance, User)}
    if made:
        session.info.setdefault(NEW_USERS, set()).update(made)
    users = set()
    for instance in chain(session.new, session.deleted):
        if type(instance) in HARMLESS:
            users.add(instance.user_id)
    for instance in session.dirty:
        harmless = HARMLESS.get(type(instance))
        if harmless is not None and _counted_change(instance, harmless):
            users.add(instance.user_id)
    users.discard(None)
    if users:
        _note(session, users)


@event.listens_for(Session, "do_orm_execute")
def _on_statement(execute_state) -> None:
    """Renew on INSERT, UPDATE or DELETE statements run through the session."""
    if not (
        execute_state.is_insert or execute_state.is_update or execute_state.is_delete
    ):
        return
    table = getattr(execute_state.statement, "table", None)
    columns = TABLES.get(getattr(table, "name", None))
    if columns is None:
        return
    rows = execute_state.parameters or {}
    rows = rows if isinstance(rows, list) else [rows]
    if execute_state.is_update:
        values = execute_state.statement._values or {}
        named = {getattr(key, "key", key) for key in values}
        named.update(key for row in rows for key in row)
        if not named & columns:
            return
    users = execute_state.execution_options.get(USERS_OPTION)
    if users is None and not execute_state.is_insert:
        users = _named_users(execute_state.statement)
    if users is None and execute_state.is_insert:
        users = {row.get("user_id") for row in rows}
        if not rows or None in users:
            users = None
    _note(execute_state.session, users)


def _note(session, users) -> None:
    """Remember whose stamps this transaction must renew (None: everyone's)."""
    if users is None:
        session.info[EVERYONE] = True
    else:
        session.info.setdefault(PENDING, set()).update(users)


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    """Renew the noted stamps as the transaction's last statement.

    Last, so the lock on the user's row is held only for the commit: taken at
    the first write, it would make a second writer of the same lifter that
    already holds a row of theirs wait in a circle (a deadlock)."""
    session.flush()
    made = session.info.pop(NEW_USERS, None)
    users = session.info.pop(PENDING, set()) - (made or set())
    if session.info.pop(EVERYONE, False):
        _renew(session.connection(), None)
    elif users:
        _renew(session.connection(), users)
    if made:
        session.connection().execute(
            insert(TrainingStamp.__table__),
            [{"user_id": user_id, "stamp": _new_stamp()} for user_id in made],
        )


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session, transaction) -> None:
    """Forget what a transaction noted and read, once it ends (not a savepoint)."""
    if transaction.parent is None:
        for key in (PENDING, EVERYONE, NEW_USERS, READ):
            session.info.pop(key, None)


def _named_users(statement) -> set | None:
    """The owners an UPDATE or DELETE names in ``WHERE user_id = ...`` (or
    ``IN``), as deleting an account does; None when it names none."""
    for criterion in getattr(statement, "_where_criteria", ()):
        column = getattr(criterion, "left", None)
        value = getattr(criterion, "right", None)
        table = getattr(column, "table", None)
        if getattr(column, "key", None) != "user_id" or table is None:
            continue
        if table.name != statement.table.name:
            continue
        if criterion.operator is operators.eq and isinstance(value, BindParameter):
            return {value.value}
        if criterion.operator is operators.in_op and isinstance(value, BindParameter):
            return set(value.value)
    return None


def renew(user_id: int) -> None:
    """Have this transaction renew the lifter's stamp: what is kept for them
    is worked out afresh, as after a change to their training."""
    _note(db.session, {user_id})


def about(user_id: int) -> dict:
    """Execution options that name whose training a statement writes."""
    return {USERS_OPTION: {user_id}}


def stamp(user_id: int) -> str | None:
    """The lifter's stamp, read once a transaction (None: the lifter has none)."""
    read = db.session.info.setdefault(READ, {})
    if user_id not in read:
        read[user_id] = db.session.execute(
            select(TrainingStamp.stamp).where(TrainingStamp.user_id == user_id)
        ).scalar()
    return read[user_id]


def remembered(kind: str, user_id: int, key, work):
    """Return ``work()``, kept in the cache for this lifter's current stamp.

    Not while this transaction has written training: its stamp is renewed
    only at the commit, and a rollback would leave a result drawn from
    writes that never happened under the stamp still in use."""
    info = db.session.info
    if info.get(PENDING) or info.get(EVERYONE) or db.session.dirty:
        return work()
    current = stamp(user_id)
    if current is None:
        return work()
    name = f"records:{kind}:{user_id}:{current}:{key}"
    try:
        found = cache.get(name)
    except Exception:  # a cache server that is gone costs speed, not the page
        logger.warning("records cache unavailable, working out %s", kind)
        return work()
    if found is None:
        found = work()
        try:
            cache.set(name, found, timeout=CACHE_SECONDS)
        except Exception:
            logger.warning("records cache unavailable, %s not kept", kind)
    return found
