"""Changes made offline: a phone's outbox replayed here, each exactly once.

A change is ``{"id": uuid, "op": name, "data": {...}}``. Objects are named by
the uuids the phone gave them, never by server ids, so a change made before
its object reached the server still finds it. Every applied change is noted
in ``sync_changes``: a replay (the network cut after the server committed)
does nothing and is answered "duplicate", which the phone counts as success.
Both answers to a create name the object it made, so the phone learns the
server's row whichever answer reached it. A uuid of another user's object
finds nothing, because every lookup is by (user, uuid).

Functions raise ``Rejected`` with a message for the user when a change
cannot be applied; nothing of that change is written.
"""

import logging
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from homegym import clock
from homegym.exercises.library import visible_exercise
from homegym.extensions import db
from homegym.ids import made_with, parse_uuid
from homegym.units import to_kg
from homegym.workouts import finishing, history
from homegym.workouts import logging as live
from homegym.workouts.forms import SetForm
from homegym.workouts.models import (
    SET_KINDS,
    PerformedExercise,
    SyncChange,
    Workout,
    WorkoutSet,
)

logger = logging.getLogger(__name__)

MAX_CHANGES = 100
MAX_EXERCISES = 40
MAX_SETS = 50
# A phone's clock may be off, and a workout may wait days for a network.
CLOCK_SKEW = timedelta(days=1)
OLDEST = timedelta(days=60)
# Row ids are 32-bit integers on every database HomeGym runs on.
MAX_ROW_ID = 2**31 - 1


class Rejected(Exception):
    """A change that cannot be applied; the message is shown to the user."""


class BadPayload(Exception):
    """A request that is not a list of changes at all; nothing is applied."""


def read_changes(payload) -> list[dict]:
    """Check the envelope of every change before any is applied."""
    if not isinstance(payload, dict) or not isinstance(payload.get("changes"), list):
        raise BadPayload(_("Send a JSON object with a list of changes."))
    changes = payload["changes"]
    if len(changes) > MAX_CHANGES:
        raise BadPayload(_("Send at most %(num)d changes at once.", num=MAX_CHANGES))
    checked = []
    for index, change in enumerate(changes, start=1):
        if not isinstance(change, dict):
            raise BadPayload(_("Change %(num)d is not an object.", num=index))
        change_id = parse_uuid(change.get("id"))
        if change_id is None:
            raise BadPayload(_("Change %(num)d has no valid id.", num=index))
        if change.get("op") not in OPERATIONS:
            raise BadPayload(_("Change %(num)d has an unknown operation.", num=index))
        if not isinstance(change.get("data"), dict):
            raise BadPayload(_("Change %(num)d has no data.", num=index))
        checked.append({"id": change_id, "op": change["op"], "data": change["data"]})
    return checked


def apply_changes(user, changes: list[dict]) -> list[dict]:
    """Apply the changes in order, each in its own transaction; report each one.

    A rejected change does not stop the ones after it: each is judged on
    its own, and the phone shows the user every rejection.
    """
    results = []
    for change in changes:
        results.append({"id": change["id"], **_apply_one(user, change)})
    return results


def _seen(user_id: int, change_id: str) -> bool:
    found = select(SyncChange.id).where(
        SyncChange.user_id == user_id, SyncChange.change_id == change_id
    )
    return db.session.scalar(found) is not None


def _apply_one(user, change: dict) -> dict:
    if _seen(user.id, change["id"]):
        return _answer("duplicate", user, change)
    try:
        OPERATIONS[change["op"]](user, change["data"])
        db.session.add(
            SyncChange(user_id=user.id, change_id=change["id"], op=change["op"])
        )
        db.session.commit()
    except Rejected as refusal:
        db.session.rollback()
        logger.info(
            "sync change %s (%s) of user %s rejected: %s",
            change["id"],
            change["op"],
            user.id,
            refusal,
        )
        return {"status": "rejected", "error": str(refusal)}
    except IntegrityError:
        # The same change, or the same object, arrived twice at once.
        db.session.rollback()
        if _seen(user.id, change["id"]):
            return _answer("duplicate", user, change)
        return {"status": "rejected", "error": _("The change reuses an id.")}
    return _answer("applied", user, change)


def _answer(status: str, user, change: dict) -> dict:
    result = {"status": status}
    made = made_object(user.id, change)
    if made is not None:
        result["object"] = made
    return result


def made_object(user_id: int, change: dict) -> dict | None:
    """Name the row a create made (uuid, server id, what holds it), if it is there.

    Looked up by the change's uuid, so a replay answers like the first time;
    None for edits and deletes, and for a row removed since.
    """
    kind, model = CREATES.get(change["op"], (None, None))
    found = made_with(model, user_id, change["data"].get("uuid")) if model else None
    if found is None:
        return None
    if isinstance(found, Workout):
        holder = {"url": url_for("workouts.log", workout_id=found.id)}
    elif isinstance(found, PerformedExercise):
        holder = {"workout": found.workout.uuid}
    else:
        holder = {"exercise": found.performed_exercise.uuid}
    return {"type": kind, "uuid": found.uuid, "id": found.id, **holder}


# Reading the fields of a change -------------------------------------------


def _uuid(data: dict, key: str) -> str:
    value = parse_uuid(data.get(key))
    if value is None:
        raise Rejected(_("The change names nothing it could apply to."))
    return value


def _number(data: dict, key: str, low, high, kind=int):
    """Read an optional number within [low, high]; None when absent or empty."""
    value = data.get(key)
    if value is None or value == "":
        return None
    try:
        number = kind(str(value).replace(",", "."))
    except (ValueError, InvalidOperation):
        raise Rejected(_("A number in the change is not a number.")) from None
    if isinstance(number, Decimal) and not number.is_finite():
        raise Rejected(_("A number in the change is not a number."))
    if not low <= number <= high:
        raise Rejected(_("A number in the change is out of range."))
    return number


def _rpe(data: dict, key: str) -> Decimal | None:
    """Read an RPE: 1 to 10 in steps of 0.5, as the set row offers."""
    rpe = _number(data, key, Decimal(1), Decimal(10), Decimal)
    if rpe is not None and (rpe * 2) % 1:
        raise Rejected(_("RPE goes from 1 to 10 in steps of 0.5."))
    return rpe


def _text(data: dict, key: str, length: int) -> str:
    value = data.get(key) or ""
    if not isinstance(value, str) or len(value) > length:
        raise Rejected(_("A text in the change is too long."))
    return value


def _moment(data: dict, key: str) -> datetime:
    """Read the phone's time of the change, kept only when it is plausible."""
    now = clock.utcnow()
    value = data.get(key)
    if not isinstance(value, str):
        return now
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return now
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    if not now - OLDEST <= moment <= now + CLOCK_SKEW:
        return now
    return moment


def _weight(data: dict, prefix: str = "") -> Decimal | None:
    """Read a weight: exact kilograms, or what was typed in the user's unit."""
    exact = _number(data, prefix + "weight_kg", 0, 1000, Decimal)
    if exact is not None:
        return exact
    typed = _number(data, prefix + "weight", 0, 2205, Decimal)
    if typed is None:
        return None
    unit = data.get("unit", "kg")
    if unit not in ("kg", "lb"):
        raise Rejected(_("The change names an unknown unit."))
    weight = to_kg(typed, unit)
    if weight > 1000:
        raise Rejected(_("A number in the change is out of range."))
    return weight


def _new_set(user_id: int, data: dict, position: int) -> WorkoutSet:
    kind = data.get("kind") or "normal"
    if kind not in SET_KINDS:
        raise Rejected(_("The change names an unknown set type."))
    uuid = _uuid(data, "uuid")
    if made_with(WorkoutSet, user_id, uuid) is not None:
        raise Rejected(_("This set is already on the server."))
    weight = _weight(data)
    reps = _number(data, "reps", 0, 1000)
    target_weight = _weight(data, "target_") if "target_weight_kg" in data else weight
    target_reps = (
        _number(data, "target_reps", 0, 1000) if "target_reps" in data else reps
    )
    return WorkoutSet(
        user_id=user_id,
        uuid=uuid,
        position=position,
        kind=kind,
        weight_kg=weight,
        reps=reps,
        rpe=_rpe(data, "rpe"),
        target_weight_kg=target_weight,
        target_reps=target_reps,
        completed_at=_moment(data, "completed_at") if data.get("completed") else None,
    )


def _new_exercise(user_id: int, data: dict, position: int) -> PerformedExercise:
    refusal = _("That exercise is not in your library.")
    exercise_id = _row_id(data, "exercise_id", refusal)
    exercise = visible_exercise(user_id, exercise_id) if exercise_id else None
    if exercise is None:
        raise Rejected(refusal)
    uuid = _uuid(data, "uuid")
    if made_with(PerformedExercise, user_id, uuid) is not None:
        raise Rejected(_("This exercise is already on the server."))
    group = data.get("superset_group") or None
    if group is not None and group not in live.SUPERSET_GROUPS:
        raise Rejected(_("The change names an unknown superset."))
    sets = data.get("sets") or []
    if not isinstance(sets, list) or len(sets) > MAX_SETS:
        raise Rejected(_("An exercise may have at most %(num)d sets.", num=MAX_SETS))
    performed = PerformedExercise(
        user_id=user_id,
        uuid=uuid,
        exercise=exercise,
        position=position,
        superset_group=group,
        rest_seconds=_number(data, "rest_seconds", 0, 3600),
        target_reps_min=_number(data, "target_reps_min", 0, 1000),
        target_reps_max=_number(data, "target_reps_max", 0, 1000),
        target_rpe=_rpe(data, "target_rpe"),
        notes=_text(data, "notes", 2000),
    )
    for index, values in enumerate(sets):
        if not isinstance(values, dict):
            raise Rejected(_("A set in the change is not an object."))
        performed.sets.append(_new_set(user_id, values, index))
    return performed


def _row_id(data: dict, key: str, refusal: str) -> int | None:
    """Read an optional server row id; one no table could hold is refused.

    A huge number would reach the database and fail there, not here.
    """
    value = data.get(key)
    if value is None or value == "":
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    if number is None or not 0 < number <= MAX_ROW_ID:
        raise Rejected(refusal)
    return number


def _own(model, user_id: int, data: dict, key: str = "uuid"):
    return made_with(model, user_id, _uuid(data, key))


# The operations ------------------------------------------------------------


def start_workout(user, data: dict) -> None:
    """Make the workout the phone started offline, exactly as the phone shows it.

    Only one workout may be open. Starting one offline means the lifter
    has moved on, so an older open workout is finished first, keeping
    every set entered in it (or discarded when it holds nothing at all).
    """
    uuid = _uuid(data, "uuid")
    if made_with(Workout, user.id, uuid) is not None:
        return
    exercises = data.get("exercises") or []
    if not isinstance(exercises, list) or len(exercises) > MAX_EXERCISES:
        raise Rejected(
            _("A workout may have at most %(num)d exercises.", num=MAX_EXERCISES)
        )
    day = None
    day_id = _row_id(
        data, "plan_day_id", _("The change names a plan day that does not exist.")
    )
    if day_id is not None:
        day = live.owned_plan_day(user.id, day_id)

    # Read and check all of the change before the older workout is touched.
    workout = Workout(
        user_id=user.id,
        uuid=uuid,
        plan_day_id=day.id if day else None,
        name=_text(data, "name", 120) or (day.name if day else ""),
        started_at=_moment(data, "started_at"),
    )
    for position, values in enumerate(exercises):
        if not isinstance(values, dict):
            raise Rejected(_("An exercise in the change is not an object."))
        workout.exercises.append(_new_exercise(user.id, values, position))

    older = history.unfinished_workout(user.id)
    if older is not None:
        older_id = older.id
        if finishing.can_finish(older):
            finishing.finish_workout(older)
        else:
            history.delete_workout(user.id, older_id)
        db.session.flush()
        logger.info(
            "workout %s closed for user %s: a workout started offline arrived",
            older_id,
            user.id,
        )

    db.session.add(workout)
    db.session.flush()
    logger.info("workout %s started offline by user %s", workout.id, user.id)


def add_exercise(user, data: dict) -> None:
    """Append an exercise (with the sets the phone made for it) to a workout."""
    workout = _own(Workout, user.id, data, "workout")
    if workout is None:
        raise Rejected(_("The workout of this exercise is not on the server."))
    if made_with(PerformedExercise, user.id, data.get("uuid")) is not None:
        return
    workout.exercises.append(_new_exercise(user.id, data, len(workout.exercises)))
    db.session.flush()


def remove_exercise(user, data: dict) -> None:
    """Remove an exercise; one already gone is fine (the end state is the same)."""
    performed = _own(PerformedExercise, user.id, data)
    if performed is not None:
        live.remove_exercise(performed)


def add_set(user, data: dict) -> None:
    """Append a set to an exercise of a workout."""
    performed = _own(PerformedExercise, user.id, data, "exercise")
    if performed is None:
        raise Rejected(_("The exercise of this set is not on the server."))
    if made_with(WorkoutSet, user.id, data.get("uuid")) is not None:
        return
    performed.sets.append(_new_set(user.id, data, len(performed.sets)))
    db.session.flush()


def update_set(user, data: dict) -> None:
    """Change a set's kind, weight, reps or RPE, and tick or untick it.

    The fields go through the set row's own form, so a value the page
    would refuse is refused here with the same message.
    """
    workout_set = _own(WorkoutSet, user.id, data)
    if workout_set is None:
        raise Rejected(_("This set is not on the server any more."))
    unit = data.get("unit", user.units)
    if unit not in ("kg", "lb"):
        raise Rejected(_("The change names an unknown unit."))
    fields = MultiDict(
        (name, "" if data[name] is None else str(data[name]))
        for name in ("kind", "weight", "reps", "rpe", "done")
        if name in data
    )
    form = SetForm(formdata=fields, meta={"csrf": False})
    if not form.validate():
        raise Rejected(" ".join(form.messages()))
    changes = form.changes(unit)
    done = form.done_value
    if done and changes.get("reps", workout_set.reps) is None:
        raise Rejected(_("Enter the reps before you tick the set."))
    live.update_set(workout_set, changes, done)
    if done and data.get("completed_at"):
        workout_set.completed_at = _moment(data, "completed_at")


def remove_set(user, data: dict) -> None:
    """Remove a set; one already gone is fine."""
    workout_set = _own(WorkoutSet, user.id, data)
    if workout_set is not None:
        live.remove_set(workout_set)


def finish_workout(user, data: dict) -> None:
    """Finish a workout the way the Finish button does; twice changes nothing."""
    workout = _own(Workout, user.id, data)
    if workout is None:
        raise Rejected(_("This workout is not on the server."))
    if workout.finished:
        return
    if not finishing.can_finish(workout):
        raise Rejected(_("Nothing is logged yet. Tick a set, or discard the workout."))
    finishing.finish_workout(workout)
    workout.finished_at = max(workout.started_at, _moment(data, "finished_at"))


def discard_workout(user, data: dict) -> None:
    """Throw away an unfinished workout; a finished one is kept."""
    workout = _own(Workout, user.id, data)
    if workout is not None and not workout.finished:
        history.delete_workout(user.id, workout.id)
        logger.info("workout %s discarded offline by user %s", workout.id, user.id)


CREATES = {
    "workout.start": ("workout", Workout),
    "exercise.add": ("exercise", PerformedExercise),
    "set.add": ("set", WorkoutSet),
}

OPERATIONS = {
    "workout.start": start_workout,
    "workout.finish": finish_workout,
    "workout.discard": discard_workout,
    "exercise.add": add_exercise,
    "exercise.remove": remove_exercise,
    "set.add": add_set,
    "set.update": update_set,
    "set.remove": remove_set,
}
