"""Another user's workout, performed exercise or set is not found, on every endpoint."""

import pytest
from sqlalchemy import select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX
from tests.workouts.conftest import planned

# Every live-workout endpoint that takes an id, with the form it posts.
CASES = [
    ("GET", "workouts.log", "/workouts/{w}/log", {}),
    ("GET", "workouts.exercise_choices", "/workouts/{w}/exercise-choices?q=b", {}),
    ("POST", "workouts.workout_notes", "/workouts/{w}/notes", {"notes": "mine"}),
    ("POST", "workouts.finish", "/workouts/{w}/finish", {}),
    ("POST", "workouts.discard", "/workouts/{w}/discard", {}),
    (
        "POST",
        "workouts.add_exercise",
        "/workouts/{w}/exercises",
        {"exercise_id": "{e}"},
    ),
    (
        "POST",
        "workouts.update_exercise",
        "/workouts/{w}/exercises/{p}",
        {"notes": "mine", "superset_group": "A"},
    ),
    (
        "POST",
        "workouts.move_exercise",
        "/workouts/{w}/exercises/{p}/move",
        {"direction": "down"},
    ),
    ("POST", "workouts.remove_exercise", "/workouts/{w}/exercises/{p}/delete", {}),
    ("POST", "workouts.add_set", "/workouts/{w}/exercises/{p}/sets", {}),
    (
        "POST",
        "workouts.update_set",
        "/workouts/{w}/sets/{s}",
        {"weight": "1", "reps": "1", "kind": "drop", "done": "1"},
    ),
    ("POST", "workouts.remove_set", "/workouts/{w}/sets/{s}/delete", {}),
]


@pytest.fixture
def theirs(make_user, exercises, make_workout) -> dict:
    """Another user's open workout with two exercises, and the ids to aim at."""
    stranger = make_user()
    workout = make_workout(
        stranger,
        [
            (exercises["squat"], [planned("100", 5)]),
            (exercises["bench"], [planned("80", 5)]),
        ],
        days_ago=0,
        finished=False,
    )
    performed = workout.exercises[0]
    return {
        "w": workout.id,
        "p": performed.id,
        "s": performed.sets[0].id,
        "e": exercises["pullup"].id,
    }


@pytest.fixture
def mine(user, exercises, make_workout) -> int:
    return make_workout(
        user, [(exercises["squat"], [planned("60", 5)])], days_ago=0, finished=False
    ).id


def snapshot() -> list:
    db.session.expire_all()
    rows = []
    for model in (Workout, PerformedExercise, WorkoutSet):
        for row in db.session.scalars(select(model).order_by(model.id)):
            rows.append(
                {
                    column.key: getattr(row, column.key)
                    for column in model.__table__.columns
                }
            )
    return rows


def test_the_cases_cover_every_live_endpoint(app):
    live = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if app.view_functions[rule.endpoint].__module__.startswith(
            "homegym.workouts.live"
        )
        and rule.arguments
    }
    assert live == {endpoint for _, endpoint, _, _ in CASES}


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("method", "endpoint", "path", "data"), CASES, ids=[c[1] for c in CASES]
)
def test_another_users_objects_are_not_found(
    logged_in, theirs, mine, method, endpoint, path, data, htmx
):
    before = snapshot()
    headers = HX if htmx else {}
    form = {key: value.format(**theirs) for key, value in data.items()}

    response = logged_in.open(
        path.format(**theirs), method=method, data=form, headers=headers
    )

    assert response.status_code == 404, endpoint
    assert snapshot() == before


@pytest.mark.parametrize(
    ("method", "endpoint", "path", "data"),
    [case for case in CASES if "{p}" in case[2] or "{s}" in case[2]],
    ids=[c[1] for c in CASES if "{p}" in c[2] or "{s}" in c[2]],
)
def test_their_rows_are_not_found_under_my_workout(
    logged_in, theirs, mine, method, endpoint, path, data
):
    before = snapshot()

    response = logged_in.open(
        path.format(**{**theirs, "w": mine}), method=method, data=data, headers=HX
    )

    assert response.status_code == 404, endpoint
    assert snapshot() == before
