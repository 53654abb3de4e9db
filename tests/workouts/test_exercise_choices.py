"""The exercise search of the live workout: type a few letters, tap, it's added."""

import re

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise
from tests.conftest import HX, log_in
from tests.exercises.choice_forms import choice_forms, choice_named, choice_names
from tests.workouts.conftest import done, planned


@pytest.fixture
def workout(user, exercises, make_workout):
    """An open workout with one exercise so far: the squat."""
    return make_workout(
        user, [(exercises["squat"], [planned("100", 5)])], days_ago=0, finished=False
    )


def search(client, workout, query: str | None = None):
    url = f"/workouts/{workout.id}/exercise-choices"
    args = {} if query is None else {"q": query}
    return client.get(url, query_string=args, headers=HX)


def fragment(response) -> str:
    html = response.get_data(True)
    assert response.status_code == 200, html
    assert "<html" not in html
    return html


def performed_names(workout) -> list[str]:
    db.session.expire_all()
    return [performed.exercise.name_en for performed in workout.exercises]


@pytest.mark.parametrize("query", ["bankdr", "bench", "BENCH pr", "bankdruecken"])
@pytest.mark.parametrize(
    ("language", "name"), [("en", "Bench Press"), ("de", "Bankdrücken")]
)
def test_typing_finds_bench_press_in_either_language(
    client, make_user, exercises, make_workout, language, name, query
):
    lifter = make_user(language=language)
    workout = make_workout(lifter, days_ago=0, finished=False)
    log_in(client, lifter.email)

    html = fragment(search(client, workout, query))

    assert choice_names(html) == [name]


def test_usable_exercises_come_first_and_the_others_say_what_they_need(
    logged_in, user, exercises, workout
):
    user.equipment = {"pullup_bar": True}
    db.session.commit()

    # "u" is in Pull-up, Back Squat and Bankdrücken (folded to "bankdrucken").
    html = fragment(search(logged_in, workout, "u"))

    assert choice_names(html)[0] == "Pull-up"
    assert sorted(choice_names(html)[1:]) == ["Back Squat", "Bench Press"]
    squat = choice_named(html, "Back Squat")["text"]
    assert "Quadriceps" in squat and "Needs Barbell, Squat rack" in squat
    assert "Needs" not in choice_named(html, "Pull-up")["text"]


def test_a_result_is_a_form_that_adds_like_the_add_form(logged_in, exercises, workout):
    html = fragment(search(logged_in, workout, "bench"))

    form = choice_named(html, "Bench Press")
    action = f"/workouts/{workout.id}/exercises"
    assert form["attrs"]["action"] == form["attrs"]["hx-post"] == action
    assert form["attrs"]["method"] == "post"
    assert form["attrs"]["hx-target"] == "#live-exercises"
    assert form["attrs"]["hx-swap"] == "beforeend"
    assert form["label"] == "Add Bench Press"
    fields = form["fields"]
    assert fields["exercise_id"] == str(exercises["bench"].id)
    assert fields["csrf_token"] and re.fullmatch(r"[0-9a-f-]{36}", fields["uuid"])


def test_every_search_hands_out_fresh_uuids(logged_in, exercises, workout):
    first = choice_named(fragment(search(logged_in, workout, "bench")), "Bench Press")
    again = choice_named(fragment(search(logged_in, workout, "bench")), "Bench Press")

    assert first["fields"]["uuid"] != again["fields"]["uuid"]


def test_tapping_a_result_adds_the_exercise_once(logged_in, exercises, workout):
    form = choice_named(fragment(search(logged_in, workout, "bench")), "Bench Press")
    fields = {k: v for k, v in form["fields"].items() if k != "csrf_token"}

    response = logged_in.post(form["attrs"]["hx-post"], data=fields, headers=HX)
    replay = logged_in.post(form["attrs"]["hx-post"], data=fields, headers=HX)

    page = fragment(response)
    assert page.startswith('<section class="card exercise-card"')
    assert "Bench Press" in page
    # The add box comes back out of band, its search emptied.
    assert 'id="add-exercise" hx-swap-oob="true"' in page
    assert replay.status_code == 200
    assert performed_names(workout) == ["Back Squat", "Bench Press"]
    count = db.session.scalar(
        select(func.count()).where(PerformedExercise.uuid == fields["uuid"])
    )
    assert count == 1


def test_before_typing_it_offers_recent_exercises_then_usable_ones(
    logged_in, user, exercises, make_exercise, make_workout, workout
):
    plank = make_exercise(name_en="Plank", name_de="Unterarmstütz")
    make_workout(user, [(exercises["bench"], [done("80", 5)])], days_ago=4)
    make_workout(user, [(exercises["pullup"], [done(None, 8)])], days_ago=3)
    make_workout(user, [(exercises["bench"], [done("80", 6)])], days_ago=1)

    html = fragment(search(logged_in, workout, ""))

    # Newest first, each once; the squat is in this workout already. Then what
    # the equipment allows (bodyweight only): the plank.
    assert choice_names(html) == ["Bench Press", "Pull-up", plank.name_en]
    assert html.index("Done recently") < html.index("Bench Press")
    assert html.index("Pull-up") < html.index("Usable with your equipment")
    assert html.index("Usable with your equipment") < html.index("Plank")


def test_a_new_lifter_gets_what_their_equipment_allows(
    client, make_user, exercises, make_workout
):
    lifter = make_user(equipment={"pullup_bar": True})
    workout = make_workout(lifter, days_ago=0, finished=False)
    log_in(client, lifter.email)

    html = fragment(search(client, workout))

    assert "Done recently" not in html
    assert choice_names(html) == ["Pull-up"]


def test_at_most_twenty_results_and_a_hint_to_type_more(
    logged_in, make_exercise, workout
):
    for _ in range(25):
        make_exercise(name_en="Curl variation", name_de="Curl-Variante")

    html = fragment(search(logged_in, workout, "curl"))

    assert len(choice_forms(html)) == 20
    assert "5 more exercises match: type more letters." in html


def test_nothing_found_says_so(logged_in, exercises, workout):
    html = fragment(search(logged_in, workout, "zzz"))

    assert choice_forms(html) == []
    assert "No exercise matches “zzz”." in html


def test_another_users_workout_is_not_found(
    logged_in, make_user, exercises, make_workout
):
    theirs = make_workout(make_user(), days_ago=0, finished=False)

    assert search(logged_in, theirs, "bench").status_code == 404
    assert logged_in.get(f"/workouts/{theirs.id}/exercise-choices").status_code == 404


def test_without_htmx_the_search_leads_back_to_the_log(logged_in, workout):
    response = logged_in.get(f"/workouts/{workout.id}/exercise-choices?q=bench")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/workouts/{workout.id}/log")


def test_the_log_page_carries_the_search_hidden_until_scripts_run(logged_in, workout):
    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)

    assert '<div class="exercise-finder" data-js-only hidden>' in page
    assert f'hx-get="/workouts/{workout.id}/exercise-choices"' in page
    assert 'hx-trigger="input changed delay:200ms, search, focus once"' in page
    # The plain select form is still there for phones without JavaScript.
    assert 'id="add-exercise-id"' in page
