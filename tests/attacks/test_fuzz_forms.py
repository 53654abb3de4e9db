"""Hostile form posts to every POST rule of the app: never a 500, and a refusal
writes nothing.

The rules come from ``app.url_map``, so a new form is fuzzed without a new
test; id arguments are filled with the signed-in user's own objects so the
post reaches the form's validation instead of a 404. Field names are those of
the WTForms classes the view's module and its package use. Accepted posts may
change rows, but what they store must stay within the ranges the forms promise.
"""

import inspect
import re
import shutil
import sys
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask import url_for
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import event, select, update
from werkzeug.datastructures import MultiDict
from wtforms import Form
from wtforms.fields.core import UnboundField

from homegym.accounts.models import LoginSession, User
from homegym.accounts.reset import make_reset_token
from homegym.exercises.models import Exercise
from homegym.extensions import db, limiter
from homegym.ids import new_uuid
from homegym.imports import jobs, storage
from homegym.imports.models import ImportBatch
from homegym.imports.parser import Parse
from homegym.imports.preview import build_summary
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.progress.models import BodyMetric, ProgressPhoto
from homegym.progress.storage import new_keys
from homegym.workouts.forms import SetForm
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX, log_in
from tests.imports.conftest import FILES

# Forms posted as JSON, or fuzzed in their own file.
ELSEWHERE = {"workouts.apply"}
# A refused login is recorded, by design: it counts towards the lockout.
WRITTEN_ON_REFUSAL = {"accounts.login": {"failed_logins"}}
# Columns every request may touch, refused or not.
VOLATILE = {("login_sessions", "last_seen_at")}
# The fuzzer's budget per rule; derandomized and without a database, so CI
# replays exactly the same posts every run.
FUZZ = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Numbers as a phone, a typo or an attacker types them.
NUMBERS = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "1",
    "2",
    "5",
    "1.5",
    "7.5",
    "82,5",
    "-82,5",
    "1.000,5",
    "0,0001",
    "1e3",
    "1e308",
    "1e999999999",
    "1E-999999999",
    "9" * 30,
    "-" + "9" * 30,
    "2147483648",
    "9223372036854775808",
    "NaN",
    "nan",
    "-NaN",
    "sNaN",
    "-sNaN",
    "Infinity",
    "-inf",
    "inf",
    "0x10",
    "1_000",
    "\u0663",
    "\u00b2",
    "\uff11\uff12",
    "12abc",
    "1 2",
    "5 sNaN",
]
TEXTS = [
    "\x00",
    "1\x00",
    "\x01\x02\x7f",
    "\t\n\r",
    "\u00dcn\u00efc\u00f8d\u00e9 \U0001f4aa",
    "\u202e",
    "\ufeff1",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "a" * 5000,
    "x" * 121,
    "x" * 2001,
    "up",
    "down",
    "sideways",
    "kg",
    "lb",
    "en",
    "de",
    "UTC",
    "Europe/Berlin",
    "normal",
    "warmup",
    "drop",
    "failure",
    "A",
    "Z",
    "zz",
    "y",
    "on",
    "true",
    "2026-03-01",
    "1899-12-31",
    "9999-12-31",
    "2026-02-30",
    "0000-00-00",
    "front",
    "side",
    "back",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
]


def hostile_values(ids: list[str]) -> st.SearchStrategy[str]:
    number = st.integers(-(2**70), 2**70).map(str)
    decimal = st.decimals(allow_nan=True, allow_infinity=True).map(str)
    comma = st.decimals(min_value=-2000, max_value=2000, places=2).map(
        lambda d: str(d).replace(".", ",")
    )
    return st.one_of(
        st.sampled_from(NUMBERS),
        st.sampled_from(TEXTS + ids),
        number,
        decimal,
        comma,
        st.builds(new_uuid),
        st.text(max_size=40),
    )


def form_classes(namespace: dict) -> dict[str, type]:
    return {
        name: value
        for name, value in namespace.items()
        if inspect.isclass(value) and issubclass(value, Form)
    }


def fields_of(classes) -> set[str]:
    return {
        name
        for cls in classes
        for name in dir(cls)
        if isinstance(getattr(cls, name, None), UnboundField)
    }


def field_names(app, rule) -> list[str]:
    """The fields of the form the view builds, else of every form of its package.

    The view's form is the form class its source names; a view that builds
    its form in a helper gets the fields of all forms of its package.
    """
    view = inspect.unwrap(app.view_functions[rule.endpoint])
    known = form_classes(view.__globals__)
    forms = sys.modules.get(view.__module__.rsplit(".", 1)[0] + ".forms")
    if forms is not None:
        known = {**form_classes(vars(forms)), **known}
    source = inspect.getsource(view)
    named = [cls for name, cls in known.items() if re.search(rf"\b{name}\(", source)]
    return sorted(fields_of(named) or fields_of(known.values())) or ["name"]


# The user's own objects, made when missing, one maker per URL argument ------


def _first(model, *where):
    return db.session.scalar(select(model).where(*where).order_by(model.id))


def own_exercise(user, values, endpoint):
    found = _first(Exercise, Exercise.user_id == user.id)
    if found is None:
        found = Exercise(user_id=user.id, name_en="Garage press", name_de="Presse")
        db.session.add(found)
        db.session.flush()
    return found.id


def own_plan(user, values, endpoint):
    found = _first(Plan, Plan.user_id == user.id)
    if found is None:
        found = Plan(user_id=user.id, name="Upper / lower", active=True)
        db.session.add(found)
        db.session.flush()
    return found.id


def own_day(user, values, endpoint):
    found = _first(PlanDay, PlanDay.user_id == user.id)
    if found is None:
        found = PlanDay(user_id=user.id, plan_id=own_plan(user, values, endpoint))
        found.name = "Lower A"
        db.session.add(found)
        db.session.flush()
    return found.id


def own_row(user, values, endpoint):
    found = _first(PlannedExercise, PlannedExercise.user_id == user.id)
    if found is None:
        found = PlannedExercise(
            user_id=user.id,
            day_id=own_day(user, values, endpoint),
            exercise_id=own_exercise(user, values, endpoint),
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def own_workout(user, values, endpoint):
    found = _first(Workout, Workout.user_id == user.id, Workout.finished_at.is_(None))
    if found is None:
        found = Workout(user_id=user.id, name="Garage day")
        db.session.add(found)
        db.session.flush()
    return found.id


def own_performed(user, values, endpoint):
    workout_id = values.get("workout_id") or own_workout(user, values, endpoint)
    found = _first(PerformedExercise, PerformedExercise.workout_id == workout_id)
    if found is None:
        found = PerformedExercise(
            user_id=user.id,
            workout_id=workout_id,
            exercise_id=own_exercise(user, values, endpoint),
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def own_set(user, values, endpoint):
    performed_id = values.get("performed_id") or own_performed(user, values, endpoint)
    found = _first(WorkoutSet, WorkoutSet.performed_exercise_id == performed_id)
    if found is None:
        found = WorkoutSet(
            user_id=user.id,
            performed_exercise_id=performed_id,
            weight_kg=Decimal(100),
            reps=5,
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def own_metric(user, values, endpoint):
    found = _first(BodyMetric, BodyMetric.user_id == user.id)
    if found is None:
        found = BodyMetric(
            user_id=user.id,
            measured_on=date.today() - timedelta(days=3),
            weight_kg=Decimal(80),
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def own_photo(user, values, endpoint):
    found = _first(ProgressPhoto, ProgressPhoto.user_id == user.id)
    if found is None:
        image, thumb = new_keys(user.id)
        found = ProgressPhoto(
            user_id=user.id,
            taken_on=date.today() - timedelta(days=3),
            image_key=image,
            thumb_key=thumb,
            width=600,
            height=800,
            thumb_width=300,
            thumb_height=400,
            byte_size=1000,
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def other_session(user, values, endpoint):
    """A second login session of the user, never the one the client uses."""
    current = db.session.scalar(
        select(LoginSession.id)
        .where(LoginSession.user_id == user.id)
        .order_by(LoginSession.last_seen_at.desc(), LoginSession.id.desc())
    )
    found = _first(
        LoginSession, LoginSession.user_id == user.id, LoginSession.id != current
    )
    if found is None:
        found = LoginSession(
            user_id=user.id,
            token_hash=new_uuid().replace("-", "") * 2,
            expires_at=date.today() + timedelta(days=2),
            user_agent="Phone",
        )
        db.session.add(found)
        db.session.flush()
    return found.id


def token(user, values, endpoint):
    if endpoint.startswith("accounts."):
        return make_reset_token(user)
    found = _first(
        ImportBatch, ImportBatch.user_id == user.id, ImportBatch.status == "preview"
    )
    if found is None:
        path = FILES / "hevy_kg.csv"
        found = ImportBatch(
            user_id=user.id,
            token=storage.new_token(),
            source="hevy",
            filename=path.name,
            unit="kg",
            summary=build_summary(Parse(str(path)), user),
        )
        shutil.copyfile(path, storage.upload_path(found.token))
        db.session.add(found)
        db.session.flush()
    return found.token


MAKERS = {
    "exercise_id": own_exercise,
    "plan_id": own_plan,
    "day_id": own_day,
    "row_id": own_row,
    "workout_id": own_workout,
    "performed_id": own_performed,
    "set_id": own_set,
    "metric_id": own_metric,
    "photo_id": own_photo,
    "session_id": other_session,
    "token": token,
}


def own_objects(user, rule) -> dict:
    """Fill the rule's arguments with the user's objects, making any missing."""
    unknown = set(rule.arguments) - set(MAKERS)
    assert not unknown, f"{rule.endpoint}: add a maker for {sorted(unknown)}"
    values = {}
    for name, maker in MAKERS.items():  # in order: a set needs its exercise first
        if name in rule.arguments:
            values[name] = maker(user, values, rule.endpoint)
    db.session.commit()
    return values


# What the database holds, and what the forms promise about it ---------------


class Snapshots:
    """Every row of every table (the test database holds only this test's).

    Reading them all is the slow part of the fuzzing, so the last reading is
    reused until a statement that writes has been sent on the app's engine
    (requests, the test and import threads all use it).
    """

    WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

    def __init__(self):
        self.rows, self.dirty = None, True

    def notice(self, conn, cursor, statement, parameters, context, many):
        if statement.lstrip().upper().startswith(self.WRITES):
            self.dirty = True

    def take(self) -> dict:
        if self.dirty or self.rows is None:
            self.dirty = False
            self.rows = read_rows()
        return self.rows


def read_rows() -> dict:
    rows = {}
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            columns = [
                column
                for column in table.columns
                if (table.name, column.name) not in VOLATILE
            ]
            query = select(*columns).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]]


def between(value, low, high) -> bool:
    return value is None or low <= value <= high


def check_stored_ranges(user) -> None:
    """What any accepted post stored stays within what the forms allow."""
    db.session.expire_all()
    for found in db.session.scalars(select(WorkoutSet)):
        assert between(found.weight_kg, 0, 1000), found.weight_kg
        assert between(found.target_weight_kg, 0, 1000), found.target_weight_kg
        assert between(found.reps, 0, 1000) and between(found.target_reps, 0, 1000)
        assert between(found.rpe, 1, 10) and (found.rpe or 0) * 2 % 1 == 0
        assert found.kind in SetForm.kind.kwargs["validators"][1].values
    for found in db.session.scalars(select(PerformedExercise)):
        assert between(found.rest_seconds, 0, 3600), found.rest_seconds
        assert len(found.notes) <= 2000
    for found in db.session.scalars(select(Workout)):
        assert len(found.name) <= 120 and len(found.notes) <= 2000
    for found in db.session.scalars(select(PlannedExercise)):
        assert between(found.sets, 1, 20), found.sets
        assert 1 <= found.reps_min <= found.reps_max <= 100
        assert between(found.target_rpe, 5, 10), found.target_rpe
        assert between(found.rest_seconds, 0, 900), found.rest_seconds
        assert found.superset_group is None or (
            len(found.superset_group) == 1 and "A" <= found.superset_group <= "Z"
        )
    for found in db.session.scalars(select(Plan)):
        assert found.name.strip() and len(found.name) <= 120
    for found in db.session.scalars(select(PlanDay)):
        assert found.name.strip() and len(found.name) <= 120
    for found in db.session.scalars(select(BodyMetric)):
        # 44 lb and 880 lb are the widest the form lets through; 120 in for lengths.
        assert between(found.weight_kg, Decimal("19.9"), 400), found.weight_kg
        assert between(found.body_fat_pct, 2, 75), found.body_fat_pct
        for name in ("waist", "chest", "arms", "thighs", "hips"):
            assert between(getattr(found, f"{name}_cm"), 10, Decimal("304.8"))
        assert found.measured_on <= date.today() + timedelta(days=2)
        assert found.measured_on >= date(1900, 1, 1)
    for found in db.session.scalars(select(ProgressPhoto)):
        assert found.pose in ("front", "side", "back") and len(found.note) <= 500
    equipment = user_equipment(user)
    for name, high in (
        ("bar_weight", 100),
        ("dumbbell_min", 200),
        ("dumbbell_max", 200),
        ("dumbbell_step", 50),
    ):
        value = equipment.get(name)
        assert value in (None, "") or 0 <= Decimal(value) <= high, (name, value)


def user_equipment(user) -> dict:
    db.session.refresh(user)
    return user.equipment or {}


# The fuzzing ----------------------------------------------------------------


def post_rules(app) -> list:
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.endpoint not in ELSEWHERE
        ),
        key=lambda rule: rule.rule,
    )


def refused(response) -> bool:
    """A 4xx, or the form shown again with an error beside a field."""
    if 400 <= response.status_code < 500:
        return True
    if response.status_code != 200:
        return False
    page = response.get_data(as_text=True)
    return "has-error" in page or 'class="error' in page


class Session:
    """A fuzzing client, signed in as the user or anonymous, kept that way.

    An accepted post may end the login (log out, a new password) or, for an
    anonymous client, start one (register); the next post must start as the
    one before did, or it would only test the login redirect.
    """

    def __init__(self, client, user=None):
        self.client, self.user = client, user
        self.password_hash = user.password_hash if user else None
        self.csrf = client.csrf_token()

    def headers(self, htmx: bool) -> dict:
        return {"X-CSRFToken": self.csrf, **(HX if htmx else {})}

    def restore(self, user, response) -> None:
        stored = db.session.scalar(select(User.password_hash).where(User.id == user.id))
        if self.password_hash and stored != self.password_hash:
            db.session.execute(
                update(User)
                .where(User.id == user.id)
                .values(password_hash=self.password_hash)
            )
            db.session.commit()
        if not self.may_have_changed_login(response):
            return
        signed_in = self.client.get("/sync/session").status_code == 200
        if self.user is not None and not signed_in:
            assert log_in(self.client, self.user.email).status_code == 303
        elif self.user is None and signed_in:
            self.client.post("/logout", headers=self.headers(False), csrf=False)
        else:
            return
        self.csrf = self.client.csrf_token()

    def may_have_changed_login(self, response) -> bool:
        """A login ends in a redirect (to the login page when it is over)."""
        if response.status_code in (400, 401):  # a CSRF token of an old session
            return True
        if self.user is None:
            return response.status_code in (302, 303)
        return "/login" in response.headers.get("Location", "")


def public(app, rule) -> bool:
    """Tell whether a view takes posts without a login (no login_required layer)."""
    view = app.view_functions[rule.endpoint]
    while view is not None:
        if view.__code__.co_filename.endswith("flask_login/utils.py"):
            return False
        view = getattr(view, "__wrapped__", None)
    return True


def wait_for_imports() -> None:
    for batch_id in list(jobs.running):
        jobs.wait(batch_id)


@pytest.fixture
def fuzzing(app):
    """No rate limits while fuzzing: a 429 would hide what the form does."""
    limiter.enabled = False
    yield
    wait_for_imports()
    limiter.enabled = True


def fuzz_rule(app, user, session, rule, outcomes: Counter, snapshots) -> None:
    """Post hostile data to one rule, as htmx and as a plain form."""
    names = field_names(app, rule)
    seed = own_objects(user, rule)
    ids = [str(value) for value in seed.values() if isinstance(value, int)]
    fields = st.lists(
        st.tuples(st.sampled_from(names), hostile_values(ids)), min_size=1, max_size=8
    )
    allowed = WRITTEN_ON_REFUSAL.get(rule.endpoint, set())

    @FUZZ
    @given(pairs=fields, htmx=st.booleans())
    def post(pairs, htmx):
        url = url_for(rule.endpoint, **own_objects(user, rule))
        before = snapshots.take()
        response = session.client.post(
            url, data=MultiDict(pairs), headers=session.headers(htmx), csrf=False
        )
        wait_for_imports()
        after = snapshots.take()
        assert response.status_code < 500, (rule.endpoint, url)
        outcomes[response.status_code] += 1
        if refused(response):
            changed = set(changed_tables(before, after)) - allowed
            assert not changed, (rule.endpoint, response.status, changed)
        else:
            check_stored_ranges(user)
        session.restore(user, response)

    post()


@pytest.fixture
def snapshots(app):
    found = Snapshots()
    event.listen(db.engine, "before_cursor_execute", found.notice)
    yield found
    event.remove(db.engine, "before_cursor_execute", found.notice)


def test_hostile_form_posts_are_refused_or_stay_in_range(
    app, logged_in, user, fuzzing, snapshots
):
    outcomes = Counter()
    signed_in = Session(logged_in, user)
    anonymous = Session(app.test_client())
    with app.test_request_context():
        for rule in post_rules(app):
            fuzz_rule(app, user, signed_in, rule, outcomes, snapshots)
            if public(app, rule):
                fuzz_rule(app, user, anonymous, rule, outcomes, snapshots)
    # The posts got past the CSRF check to the forms: some were refused by
    # their validation, some were accepted.
    assert outcomes[422] and outcomes[303], outcomes


# Regressions: posts the fuzzing found answered with a 500 --------------------


def test_a_plan_renamed_without_notes_keeps_empty_notes(app, logged_in, user):
    """Fuzzing found: pairs=[("name", <uuid>)] crashed on NOT NULL plans.notes."""
    plan_id = own_plan(user, {}, "plans.update")
    db.session.commit()

    response = logged_in.post(f"/plans/{plan_id}", data={"name": "Push pull"})

    assert response.status_code == 303
    plan = db.session.get(Plan, plan_id)
    assert (plan.name, plan.notes) == ("Push pull", "")


def test_an_exercise_id_no_table_could_hold_is_refused(app, logged_in, user):
    """Fuzzing found: exercise_id=999999999999999999999999999999 (SQLite overflow)."""
    day_id = own_day(user, {}, "plans.add_exercise")
    db.session.commit()
    before = read_rows()

    response = logged_in.post(
        f"/plans/days/{day_id}/exercises", data={"exercise_id": "9" * 30}, headers=HX
    )

    assert response.status_code == 422
    assert "Choose an exercise from the list." in response.get_data(as_text=True)
    assert read_rows() == before


def test_starting_from_a_plan_day_id_no_table_could_hold_is_not_found(
    app, logged_in, user
):
    before = read_rows()
    response = logged_in.post(
        "/workouts", data={"plan_day_id": str(2**64), "uuid": new_uuid()}
    )
    assert response.status_code == 404
    assert read_rows() == before


@pytest.mark.parametrize("rpe", ["1e999999999", "sNaN", "-sNaN", "NaN", "Infinity"])
def test_a_target_rpe_that_is_no_number_is_refused(app, logged_in, user, rpe):
    """Fuzzing found: target_rpe="1e999999999" raised DivisionImpossible."""
    row_id = own_row(user, {}, "plans.update_exercise")
    db.session.commit()
    before = read_rows()

    response = logged_in.post(
        f"/plans/exercises/{row_id}",
        data={
            "sets": "3",
            "reps_min": "8",
            "reps_max": "12",
            "rest_seconds": "90",
            "target_rpe": rpe,
        },
        headers=HX,
    )

    assert response.status_code == 422
    assert "Target RPE goes from 5 to 10." in response.get_data(as_text=True)
    assert read_rows() == before


@pytest.mark.parametrize(
    "data",
    [
        {"bar_weight": "sNaN"},
        {"dumbbell_min": "5", "dumbbell_max": "NaN"},
        {"dumbbell_min": "-sNaN", "dumbbell_max": "5"},
        {"dumbbell_step": "Infinity"},
    ],
)
def test_equipment_weights_that_are_no_number_are_refused(app, logged_in, user, data):
    """A signalling NaN crashed NumberRange ("cannot convert signaling NaN")."""
    before = read_rows()

    response = logged_in.post("/settings/equipment", data=data)

    assert response.status_code == 200
    assert "has-error" in response.get_data(as_text=True)
    assert read_rows() == before
