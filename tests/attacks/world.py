"""A lifter's whole world of objects, built through the real pages, and
snapshots of every row and file that is theirs, for the attack tests.

Every text the lifter types carries their marker, so a page that shows
another user any of it is caught by a plain substring search.
"""

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import select

from homegym.accounts.models import LoginSession, User
from homegym.accounts.reset import SALT, _fingerprint
from homegym.coach.models import CoachRequest
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.imports.models import ImportBatch
from homegym.plans.models import Plan
from homegym.progress.models import BodyMetric, ProgressPhoto
from homegym.workouts.models import Workout
from tests.conftest import PASSWORD
from tests.progress.conftest import png_bytes

HEVY_FILE = Path(__file__).parents[1] / "imports" / "files" / "hevy_kg.csv"


class Visitor:
    """A test client signed in (or not) that fetches its CSRF token once.

    The per-request token fetch of the shared client would double the
    requests of a walk; the token of a session does not change.
    """

    def __init__(self, app, email: str | None = None, user_agent: str = "pytest"):
        self.client = app.test_client()
        self.user_agent = user_agent
        if email is not None:
            response = log_in_with(self.client, email, {"User-Agent": user_agent})
            assert response.status_code == 303, "the lifter must be able to log in"
        self.token = None

    def open(self, url: str, method: str = "GET", headers=None, **kwargs):
        headers = {"User-Agent": self.user_agent, **(headers or {})}
        if method != "GET":
            if self.token is None:
                self.token = self.client.csrf_token()
            headers["X-CSRFToken"] = self.token
        return self.client.open(
            url, method=method, headers=headers, csrf=False, **kwargs
        )


def log_in_with(client, email, headers):
    return client.post(
        "/login", data={"email": email, "password": PASSWORD}, headers=headers
    )


# The URL arguments build_world has an object for; a name used by more than
# one blueprint is keyed by (blueprint, name), as its meaning differs.
ADDRESSED = frozenset(
    {
        "day_id",
        "exercise_id",
        "metric_id",
        "performed_id",
        "photo_id",
        "plan_id",
        "record_id",
        "row_id",
        "session_id",
        "set_id",
        "workout_id",
        ("imports", "token"),
        ("accounts", "token"),
        ("static", "filename"),
    }
)


def key_for(endpoint: str, name: str):
    """How ADDRESSED names a rule's argument: by blueprint where it says so."""
    blueprint = endpoint.partition(".")[0]
    return (blueprint, name) if (blueprint, name) in ADDRESSED else name


@dataclass(eq=False)
class World:
    """One lifter's objects, by the URL argument names that address them."""

    user: User
    marker: str
    ids: dict = field(default_factory=dict)
    visitor: Visitor | None = None


def posted(visitor: Visitor, url: str, data: dict, **kwargs):
    response = visitor.open(url, "POST", data=data, **kwargs)
    assert response.status_code in (200, 302, 303), (url, response.status_code)
    return response


def build_world(app, user: User, marker: str) -> World:
    """Make through the pages what a lifter has: an own exercise, an open
    workout with a performed exercise and two sets, a plan with a day and a
    planned exercise, a body metric, a photo, an import preview waiting for
    confirmation, a coach analysis and a second login session."""
    me = Visitor(app, user.email, user_agent=f"Browser {marker}")
    world = World(user=user, marker=marker)

    posted(
        me,
        "/exercises/new",
        {
            "name_en": f"Press {marker}",
            "name_de": f"Drücken {marker}",
            "primary_muscles": "chest",
            "equipment": "barbell",
            "mechanic": "compound",
            "load": "external",
        },
    )
    exercise = db.session.scalar(select(Exercise).where(Exercise.user_id == user.id))

    posted(me, "/workouts", {})
    workout = db.session.scalar(select(Workout).where(Workout.user_id == user.id))
    posted(me, f"/workouts/{workout.id}/notes", {"name": marker, "notes": marker})
    posted(me, f"/workouts/{workout.id}/exercises", {"exercise_id": exercise.id})
    db.session.expire_all()
    performed = workout.exercises[0]
    base = f"/workouts/{workout.id}/exercises/{performed.id}"
    posted(me, base, {"notes": f"cue {marker}", "rest_seconds": "90"})
    for _ in range(2):
        posted(me, f"{base}/sets", {})
    db.session.expire_all()
    first_set = performed.sets[0]
    posted(
        me,
        f"/workouts/{workout.id}/sets/{first_set.id}",
        {"weight": "123.5", "reps": "7", "done": "1"},
    )

    posted(me, "/plans/new", {"name": f"Plan {marker}"})
    plan = db.session.scalar(select(Plan).where(Plan.user_id == user.id))
    posted(me, f"/plans/{plan.id}/days", {"name": f"Day {marker}"})
    db.session.expire_all()
    day = plan.days[0]
    posted(
        me,
        f"/plans/days/{day.id}/exercises",
        {"exercise_id": exercise.id, "notes": f"row {marker}"},
    )
    db.session.expire_all()
    row = day.exercises[0]

    posted(me, "/progress/body", {"measured_on": "2026-01-05", "weight": "81.37"})
    metric = db.session.scalar(select(BodyMetric).where(BodyMetric.user_id == user.id))

    posted(
        me,
        "/progress/photos",
        {
            "photo": (io.BytesIO(png_bytes()), "me.png"),
            "taken_on": "2026-01-05",
            "pose": "front",
            "note": f"note {marker}",
        },
        content_type="multipart/form-data",
    )
    photo = db.session.scalar(
        select(ProgressPhoto).where(ProgressPhoto.user_id == user.id)
    )

    posted(
        me,
        "/imports",
        {"file": (io.BytesIO(HEVY_FILE.read_bytes()), f"{marker}.csv")},
        content_type="multipart/form-data",
    )
    batch = db.session.scalar(select(ImportBatch).where(ImportBatch.user_id == user.id))
    assert batch.status == "preview"

    posted(me, "/coach/analysis", {"weeks": "4"})
    record = db.session.scalar(
        select(CoachRequest).where(CoachRequest.user_id == user.id)
    )
    assert record.outcome == "ok", record.message

    # A second browser, so revoking it would not even sign the owner out.
    Visitor(app, user.email, user_agent=f"Phone {marker}")
    login_session = db.session.scalar(
        select(LoginSession)
        .where(LoginSession.user_id == user.id)
        .order_by(LoginSession.id.desc())
    )

    world.ids = {
        "day_id": day.id,
        "exercise_id": exercise.id,
        "metric_id": metric.id,
        "performed_id": performed.id,
        "photo_id": photo.id,
        "plan_id": plan.id,
        "record_id": record.id,
        "row_id": row.id,
        "session_id": login_session.id,
        "set_id": first_set.id,
        "workout_id": workout.id,
        # Names used by more than one blueprint, for each meaning:
        ("imports", "token"): batch.token,
        ("accounts", "token"): forged_reset_token(user),
        ("static", "filename"): photo.image_key,
    }
    assert set(world.ids) == ADDRESSED
    world.visitor = me
    return world


def forged_reset_token(user: User) -> str:
    """A reset link for ``user`` as somebody without the server's key makes it.

    A reset token is a bearer credential: whoever holds a valid one may set
    that account's password, which is its purpose. What another user can
    hold is a token they signed themselves; it must count for nothing.
    """
    forger = URLSafeTimedSerializer("not-the-server-key-" * 3, salt=SALT)
    return forger.dumps({"uid": user.id, "fp": _fingerprint(user)})


def rows_of(user_id: int) -> dict:
    """Every row that is the user's, in every table; the shared ones whole."""
    db.session.expire_all()
    found = {}
    for table in db.metadata.sorted_tables:
        statement = select(table)
        if "user_id" in table.c:
            statement = statement.where(table.c.user_id == user_id)
        elif table.name == User.__tablename__:
            statement = statement.where(table.c.id == user_id)
        rows = db.session.execute(statement).all()
        found[table.name] = sorted(tuple(map(str, row)) for row in rows)
    db.session.commit()
    return found


def files_under(*folders) -> dict[str, str]:
    """Every file under the folders, with a digest of its bytes."""
    found = {}
    for folder in folders:
        folder = Path(folder)
        if folder.exists():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found
