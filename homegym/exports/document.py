"""One JSON document of everything HomeGym keeps about a user, streamed.

Machine readable and complete, as the right to data portability asks: the
account's settings, the user's own exercises, plans, every workout with all
its sets (done or not, the open workout too), body metrics, the list of
progress photos, coach history, imports, login sessions, failed logins to
the account's address and the offline changes applied. Left out are what
would let someone act as the user or reach their files: the password hash,
session tokens, import tokens and photo storage keys; and the server's own
row ids, which mean nothing elsewhere. Rows refer to each other by their
uuids; an exercise is named by its library ``key`` or, for the user's own,
its ``uuid``. Decimals are strings (exact); times are ISO 8601 in UTC.

The document is written section by section and list item by list item, so
a long history never sits in memory whole.
"""

import json
from collections import Counter
from collections.abc import Iterator

from sqlalchemy import select

from homegym import clock
from homegym.accounts.models import FailedLogin, LoginSession, User
from homegym.coach.models import CoachRequest
from homegym.exercises.models import Exercise
from homegym.exports.history import WorkoutRows, read_workouts
from homegym.exports.rows import ExerciseRefs, columns, iso, paged
from homegym.extensions import db
from homegym.imports.models import ImportBatch
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.progress.models import BodyMetric, ProgressPhoto
from homegym.workouts.models import SyncChange

FORMAT = "homegym-export"
VERSION = 1
CHUNK = 64 * 1024


# ----- sections -----


def account(user: User) -> dict:
    """The account's settings, equipment included."""
    found = columns(user, "account")
    found["equipment"] = user.equipment_settings()
    return found


def login_sessions(user: User) -> Iterator[dict]:
    """The user's signed-in browsers, without their tokens."""
    statement = select(LoginSession).where(LoginSession.user_id == user.id)
    for session in db.session.scalars(statement.order_by(LoginSession.created_at)):
        yield columns(session, "login_session")


def failed_logins(user: User) -> Iterator[dict]:
    """Failed logins to the account's address."""
    statement = select(
        FailedLogin.id, FailedLogin.attempted_at, FailedLogin.ip, FailedLogin.user_agent
    ).where(FailedLogin.username == user.email)
    for row in paged(statement, FailedLogin.id):
        yield columns(row, "failed_login")


def own_exercises(user: User) -> Iterator[dict]:
    """The exercises the user made; the library's are named by key elsewhere."""
    statement = select(Exercise).where(Exercise.user_id == user.id)
    for exercise in db.session.scalars(statement.order_by(Exercise.id)):
        yield columns(exercise, "exercise")


def plans(user: User, refs: ExerciseRefs) -> Iterator[dict]:
    """Each plan with its days, each day with its planned exercises in order."""
    days: dict[int, list] = {}
    planned: dict[int, list] = {}
    for item in db.session.scalars(
        select(PlannedExercise)
        .where(PlannedExercise.user_id == user.id)
        .order_by(PlannedExercise.position, PlannedExercise.id)
    ):
        found = columns(item, "planned")
        found["exercise"] = refs(item.exercise_id)
        planned.setdefault(item.day_id, []).append(found)
    for plan_day in db.session.scalars(
        select(PlanDay)
        .where(PlanDay.user_id == user.id)
        .order_by(PlanDay.position, PlanDay.id)
    ):
        found = columns(plan_day, "plan_day")
        found["exercises"] = planned.get(plan_day.id, [])
        days.setdefault(plan_day.plan_id, []).append(found)
    for plan in db.session.scalars(
        select(Plan).where(Plan.user_id == user.id).order_by(Plan.id)
    ):
        found = columns(plan, "plan")
        found["days"] = days.get(plan.id, [])
        yield found


def workout(rows: WorkoutRows, refs: ExerciseRefs, day_uuids: dict) -> dict:
    """One workout with its performed exercises and every set, done or not."""
    found = columns(rows.row, "workout")
    found["plan_day"] = day_uuids.get(rows.row.plan_day_id)
    found["exercises"] = []
    for performed in rows.exercises:
        exercise = columns(performed.row, "performed")
        exercise["exercise"] = refs(performed.row.exercise_id)
        exercise["sets"] = [workout_set(row) for row in performed.sets]
        found["exercises"].append(exercise)
    return found


def workout_set(row) -> dict:
    """One set, with its distance and duration if it has any."""
    found = columns(row, "set")
    found["measure"] = None
    if row.measure_set_id is not None:
        found["measure"] = columns(row, "measure")
    return found


def workouts(user: User, refs: ExerciseRefs, counts: Counter) -> Iterator[dict]:
    """Every workout of the user, oldest first, the open one too."""
    day_uuids = dict(
        db.session.execute(
            select(PlanDay.id, PlanDay.uuid).where(PlanDay.user_id == user.id)
        ).all()
    )
    for rows in read_workouts(user.id):
        counts["sets"] += sum(len(performed.sets) for performed in rows.exercises)
        yield workout(rows, refs, day_uuids)


def body_metrics(user: User) -> Iterator[dict]:
    """Body weight and measurements, oldest first."""
    statement = select(BodyMetric).where(BodyMetric.user_id == user.id)
    for metric in db.session.scalars(statement.order_by(BodyMetric.measured_on)):
        yield columns(metric, "body_metric")


def progress_photos(user: User) -> Iterator[dict]:
    """The list of progress photos: date, pose, note and size, not the pictures."""
    statement = select(ProgressPhoto).where(ProgressPhoto.user_id == user.id)
    order = (ProgressPhoto.taken_on, ProgressPhoto.id)
    for photo in db.session.scalars(statement.order_by(*order)):
        yield columns(photo, "photo")


def coach_requests(user: User, refs: ExerciseRefs) -> Iterator[dict]:
    """Every coach request with its answer."""
    plan_uuids = dict(
        db.session.execute(
            select(Plan.id, Plan.uuid).where(Plan.user_id == user.id)
        ).all()
    )
    statement = select(*CoachRequest.__table__.c).where(CoachRequest.user_id == user.id)
    for row in paged(statement, CoachRequest.id):
        found = columns(row, "coach_request")
        found["result"] = refs.beside_ids(row.result)
        found["plan"] = plan_uuids.get(row.plan_id)
        yield found


def import_batches(user: User, refs: ExerciseRefs) -> Iterator[dict]:
    """Every import with what its preview found and what it wrote."""
    statement = select(*ImportBatch.__table__.c).where(ImportBatch.user_id == user.id)
    for row in paged(statement, ImportBatch.id):
        found = columns(row, "import_batch")
        summary = dict(row.summary or {})
        summary["names"] = [
            {**item, "match_exercise": refs(item.get("match"))}
            for item in summary.get("names", [])
            if isinstance(item, dict)
        ]
        found["summary"] = summary
        found["mapping"] = None
        if row.mapping is not None:
            found["mapping"] = {name: refs(key) for name, key in row.mapping.items()}
        yield found


def sync_changes(user: User) -> Iterator[dict]:
    """The offline changes the server applied, by their ids."""
    statement = select(
        SyncChange.id, SyncChange.change_id, SyncChange.op, SyncChange.applied_at
    ).where(SyncChange.user_id == user.id)
    for row in paged(statement, SyncChange.id):
        yield columns(row, "sync_change")


# ----- the document -----


def export_document(user: User, counts: Counter | None = None) -> Iterator[str]:
    """Yield the user's JSON document in chunks; ``counts`` gets items per section."""
    counts = counts if counts is not None else Counter()
    refs = ExerciseRefs(user)
    parts = (
        ("format", FORMAT),
        ("version", VERSION),
        ("exported_at", iso(clock.utcnow())),
        ("account", account(user)),
        ("exercises", own_exercises(user)),
        ("plans", plans(user, refs)),
        ("workouts", workouts(user, refs, counts)),
        ("body_metrics", body_metrics(user)),
        ("progress_photos", progress_photos(user)),
        ("coach_requests", coach_requests(user, refs)),
        ("import_batches", import_batches(user, refs)),
        ("login_sessions", login_sessions(user)),
        ("failed_logins", failed_logins(user)),
        ("sync_changes", sync_changes(user)),
    )
    return chunked(_document(parts, counts))


def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _document(parts, counts: Counter) -> Iterator[str]:
    yield "{"
    for index, (name, value) in enumerate(parts):
        yield ("," if index else "") + f"\n{_dump(name)}: "
        if isinstance(value, Iterator):
            yield from _array(value, name, counts)
        else:
            yield _dump(value)
    yield "\n}\n"


def _array(items: Iterator, name: str, counts: Counter) -> Iterator[str]:
    empty = True
    yield "["
    for item in items:
        yield ("\n  " if empty else ",\n  ") + _dump(item)
        counts[name] += 1
        empty = False
    yield "]" if empty else "\n]"


def chunked(pieces: Iterator[str], size: int = CHUNK) -> Iterator[str]:
    """Join small pieces into chunks of about ``size`` characters."""
    waiting, length = [], 0
    for piece in pieces:
        waiting.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(waiting)
            waiting, length = [], 0
    if waiting:
        yield "".join(waiting)
