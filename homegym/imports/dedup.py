"""Which workouts of a file are new: each is named by a key, kept unique.

A key names a file's workout by its app, its start time as the file writes
it (local) and its title. It is stored on each imported workout under a
unique index, so the same workout is never imported twice, even by two
imports at once; a re-import or a newer, overlapping export skips what the
user has.
"""

import hashlib
from datetime import datetime

from sqlalchemy import select

from homegym import clock
from homegym.accounts.models import User
from homegym.extensions import db
from homegym.imports.parser import ParsedWorkout
from homegym.workouts.models import Workout


def import_key(source: str, workout: ParsedWorkout) -> str:
    """Name a file's workout by its app, its start time and its title.

    The start is the file's own local time, so a change of the user's time
    zone between two imports of the same history makes nothing new; hashed,
    so that a long title still fits a unique index.
    """
    return _key(source, workout.started, workout.title)


def _key(source: str, local_start: datetime, title: str) -> str:
    text = f"{source}\n{local_start.isoformat()}\n{title}"
    return hashlib.sha256(text.encode()).hexdigest()


def existing_workouts(user: User, source: str) -> set[str]:
    """The keys of the workouts a file of ``source`` must not bring again.

    Those imported before, and those logged here, named as a Hevy file names
    them (local time, to the minute): the user's own HomeGym export, imported
    back, then finds its workouts already there.
    """
    keys = set(
        db.session.scalars(
            select(Workout.import_key).where(
                Workout.user_id == user.id, Workout.import_key.is_not(None)
            )
        )
    )
    tz = clock.zone(user.timezone)
    logged = select(Workout.started_at, Workout.name).where(
        Workout.user_id == user.id, Workout.source.is_(None)
    )
    for started, name in db.session.execute(logged):
        local = clock.local(started, tz).replace(second=0, microsecond=0)
        keys.add(_key(source, local, name))
    return keys
