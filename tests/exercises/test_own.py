"""Users add, edit and delete their own exercises; bundled ones are read-only."""

import pytest
from sqlalchemy import select

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import new_uuid
from tests.conftest import HX
from tests.exercises.conftest import exercise_count, use_in_plan, use_in_workout


def form(**overrides) -> dict:
    values = {
        "name_en": "Sandbag Shouldering",
        "name_de": "Sandsack auf die Schulter",
        "primary_muscles": ["glutes", "upper_back"],
        "secondary_muscles": ["biceps", "glutes"],
        "equipment": [],
        "mechanic": "compound",
        "load": "external",
    }
    return {**values, **overrides}


def own(user) -> list[Exercise]:
    return db.session.scalars(select(Exercise).where(Exercise.user_id == user.id)).all()


def test_the_new_exercise_page_has_a_plain_form_with_a_uuid(logged_in):
    html = logged_in.get("/exercises/new").get_data(True)

    assert 'method="post" action="/exercises/new"' in html
    assert 'hx-post="/exercises/new"' in html
    assert 'name="uuid" type="hidden" value="' in html
    assert 'type="checkbox" value="quads"' in html


def test_adding_with_htmx_returns_the_form_fragment_and_stores_it(logged_in, user):
    response = logged_in.post("/exercises/new", data=form(), headers=HX)

    assert response.status_code == 200
    html = response.get_data(True)
    assert "<html" not in html and 'id="exercise-form"' in html
    [exercise] = own(user)
    assert (exercise.name_en, exercise.name_de) == (
        "Sandbag Shouldering",
        "Sandsack auf die Schulter",
    )
    assert exercise.primary_muscles == ["upper_back", "glutes"]
    assert exercise.secondary_muscles == ["biceps"]  # primary wins
    assert exercise.equipment == [] and exercise.key is None
    assert response.headers["HX-Push-Url"] == f"/exercises/{exercise.id}/edit"
    assert "Exercise added." in response.headers["HX-Trigger"]
    assert f'action="/exercises/{exercise.id}/edit"' in html


def test_adding_with_a_plain_post_redirects_to_the_exercise(logged_in, user):
    response = logged_in.post(
        "/exercises/new",
        data=form(equipment=["bands", "pullup_bar"], load="bodyweight"),
    )

    [exercise] = own(user)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/exercises/{exercise.id}")
    assert exercise.equipment == ["pullup_bar", "bands"]
    assert exercise.load == "bodyweight"


@pytest.mark.parametrize("given", ["name_en", "name_de"])
def test_one_name_serves_both_languages(logged_in, user, given):
    names = {"name_en": "", "name_de": ""}
    names[given] = "Sandbag Clean"

    logged_in.post("/exercises/new", data=form(**names), headers=HX)

    [exercise] = own(user)
    assert exercise.name_en == exercise.name_de == "Sandbag Clean"


def test_a_replayed_uuid_returns_the_exercise_made_before(logged_in, user):
    client_uuid = new_uuid()

    first = logged_in.post("/exercises/new", data=form(uuid=client_uuid))
    again = logged_in.post(
        "/exercises/new", data=form(uuid=client_uuid, name_en="Other"), headers=HX
    )

    [exercise] = own(user)
    assert exercise.uuid == client_uuid and exercise.name_en == "Sandbag Shouldering"
    assert first.status_code == 303 and again.status_code == 200
    assert f"/exercises/{exercise.id}/edit" in again.headers["HX-Push-Url"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (form(name_en="", name_de=""), "Give the exercise a name."),
        (form(primary_muscles=[]), "Choose at least one primary muscle."),
        (form(primary_muscles=["wings"]), "not a valid choice"),
        (form(equipment=["bodyweight"]), "not a valid choice"),
        (form(mechanic="complex"), "Not a valid choice"),
        (form(name_en="x" * 121), "120 characters"),
        (form(uuid="not-a-uuid"), "This form is damaged."),
    ],
)
def test_invalid_input_is_refused_and_changes_nothing(logged_in, user, data, message):
    htmx = logged_in.post("/exercises/new", data=data, headers=HX)
    plain = logged_in.post("/exercises/new", data=data)

    assert htmx.status_code == 422 and plain.status_code == 422
    assert "<html" not in htmx.get_data(True)
    assert message in htmx.get_data(True) and message in plain.get_data(True)
    assert own(user) == []


def test_a_name_already_in_the_library_is_refused(logged_in, user, library):
    response = logged_in.post(
        "/exercises/new", data=form(name_en="bench press"), headers=HX
    )

    assert response.status_code == 422
    assert "You already have an exercise with this name." in response.get_data(True)
    assert own(user) == []


def test_editing_with_htmx_saves_and_returns_the_form(
    logged_in, user, make_own_exercise
):
    exercise = make_own_exercise(user)
    url = f"/exercises/{exercise.id}/edit"
    assert 'value="Sandbag Carry 1"' in logged_in.get(url).get_data(True)

    response = logged_in.post(
        url, data=form(name_en="Keg Carry", name_de="Fasstragen"), headers=HX
    )

    assert response.status_code == 200
    assert "<html" not in response.get_data(True)
    assert "Exercise saved." in response.headers["HX-Trigger"]
    db.session.refresh(exercise)
    assert (exercise.name_en, exercise.name_de) == ("Keg Carry", "Fasstragen")
    assert exercise.primary_muscles == ["upper_back", "glutes"]


def test_editing_with_a_plain_post_redirects(logged_in, user, make_own_exercise):
    exercise = make_own_exercise(user)

    response = logged_in.post(
        f"/exercises/{exercise.id}/edit", data=form(mechanic="isolation")
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/exercises/{exercise.id}")
    db.session.refresh(exercise)
    assert exercise.mechanic == "isolation"


def test_editing_may_keep_the_name_but_not_take_another(
    logged_in, user, make_own_exercise
):
    exercise = make_own_exercise(user, name_en="Keg Carry", name_de="Fasstragen")
    make_own_exercise(user, name_en="Yoke Walk", name_de="Joch-Tragen")
    url = f"/exercises/{exercise.id}/edit"

    same = logged_in.post(url, data=form(name_en="Keg Carry", name_de="Fasstragen"))
    taken = logged_in.post(url, data=form(name_en="yoke walk"), headers=HX)

    assert same.status_code == 303
    assert taken.status_code == 422
    db.session.refresh(exercise)
    assert exercise.name_en == "Keg Carry"


def test_invalid_edit_changes_nothing(logged_in, user, make_own_exercise):
    exercise = make_own_exercise(user)

    response = logged_in.post(
        f"/exercises/{exercise.id}/edit",
        data=form(name_en="", name_de="", primary_muscles=[]),
        headers=HX,
    )

    assert response.status_code == 422
    db.session.refresh(exercise)
    assert exercise.name_en == "Sandbag Carry 1"
    assert exercise.primary_muscles == ["forearms"]


def test_deleting_with_htmx_sends_the_page_to_the_list(
    logged_in, user, make_own_exercise
):
    exercise = make_own_exercise(user)

    response = logged_in.post(f"/exercises/{exercise.id}/delete", headers=HX)

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/exercises"
    assert "<html" not in response.get_data(True)
    assert own(user) == []
    assert "Exercise deleted." in logged_in.get("/exercises").get_data(True)


def test_deleting_with_a_plain_post_redirects(logged_in, user, make_own_exercise):
    exercise = make_own_exercise(user)

    response = logged_in.post(f"/exercises/{exercise.id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"].endswith("/exercises")
    assert own(user) == []


@pytest.mark.parametrize("use", [use_in_plan, use_in_workout])
def test_deleting_an_exercise_in_use_is_refused(
    logged_in, user, make_own_exercise, use
):
    exercise = make_own_exercise(user)
    use(user, exercise)
    url = f"/exercises/{exercise.id}/delete"

    htmx = logged_in.post(url, headers=HX)
    plain = logged_in.post(url)

    assert htmx.status_code == 409
    assert "cannot be deleted" in htmx.headers["HX-Trigger"]
    assert plain.status_code == 303
    assert plain.headers["Location"].endswith(f"/exercises/{exercise.id}")
    assert len(own(user)) == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "edit"), ("POST", "edit"), ("POST", "delete")],
)
def test_bundled_exercises_are_read_only(logged_in, library, method, path):
    bench = library["bench_press"]

    response = logged_in.open(
        f"/exercises/{bench.id}/{path}", method=method, data=form(), headers=HX
    )

    assert response.status_code == 404
    db.session.refresh(bench)
    assert bench.name_en == "Bench Press"
    assert exercise_count(key="bench_press") == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/exercises/{id}/edit"),
        ("POST", "/exercises/{id}/edit"),
        ("POST", "/exercises/{id}/delete"),
        ("GET", "/exercises/{id}"),
    ],
)
def test_another_users_exercise_is_not_found(
    logged_in, make_user, make_own_exercise, method, path
):
    theirs = make_own_exercise(make_user(), name_en="Secret Lift")

    response = logged_in.open(
        path.format(id=theirs.id), method=method, data=form(), headers=HX
    )

    assert response.status_code == 404
    db.session.refresh(theirs)
    assert theirs.name_en == "Secret Lift"


def test_another_users_exercise_is_not_listed(logged_in, make_user, make_own_exercise):
    make_own_exercise(make_user(), name_en="Secret Lift")

    assert "Secret Lift" not in logged_in.get("/exercises?q=secret").get_data(True)
