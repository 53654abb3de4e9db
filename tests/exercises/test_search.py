"""Browse and search: either language, muscles, equipment, what the user can do."""

import pytest

from homegym.exercises.library import search_exercises
from homegym.extensions import db
from tests.conftest import HX, count_queries, log_in


def keys(found) -> list[str]:
    return [exercise.key for exercise in found]


@pytest.mark.parametrize(
    "query", ["bankdr", "Bankdrücken", "BANKDRUCKEN", "bankdruecken", "bench press"]
)
def test_finds_by_name_in_either_language(library, user, query):
    found = keys(search_exercises(user, query))

    assert "bench_press" in found
    assert "deadlift" not in found


def test_words_and_punctuation_do_not_get_in_the_way(library, user):
    assert "pull_up" in keys(search_exercises(user, "pull up"))
    assert "pull_up" in keys(search_exercises(user, "pullup"))
    assert "barbell_row" in keys(search_exercises(user, "rudern langhantel"))


def test_names_starting_with_the_query_come_first(library, user):
    found = search_exercises(user, "kniebeuge", locale="de")

    assert found[0].name("de").startswith("Kniebeuge")
    assert "front_squat" in keys(found)


def test_muscle_filter_matches_primary_or_secondary(library, user):
    found = keys(search_exercises(user, muscle="adductors"))

    assert "cable_hip_adduction" in found  # primary
    assert "back_squat" in found  # secondary
    assert "bench_press" not in found


def test_equipment_filter(library, user):
    found = search_exercises(user, equipment="kettlebells")

    assert "kettlebell_swing" in keys(found)
    assert all("kettlebells" in exercise.equipment for exercise in found)


def test_usable_only_keeps_what_the_home_gym_allows(library, user):
    user.equipment = {**user.equipment_settings(), "pullup_bar": True}
    db.session.commit()

    found = keys(search_exercises(user, usable_only=True))

    assert "pull_up" in found and "push_up" in found
    assert "bench_press" not in found and "band_assisted_pull_up" not in found


def test_own_exercises_are_found_by_their_owner_only(
    library, user, make_user, make_own_exercise
):
    make_own_exercise(user, name_en="Sandbag Carry", name_de="Sandsacktragen")

    assert len(search_exercises(user, "sandsack")) == 1
    assert search_exercises(make_user(), "sandsack") == []


def test_the_page_has_a_search_form_that_works_with_and_without_htmx(
    logged_in, library
):
    html = logged_in.get("/exercises?q=bench&muscle=chest").get_data(True)

    assert 'method="get" action="/exercises"' in html
    assert 'hx-get="/exercises"' in html and "delay:250ms" in html
    assert 'hx-push-url="true"' in html and 'hx-target="#exercise-results"' in html
    assert '<button type="submit"' in html
    assert 'value="bench"' in html  # the URL keeps the filters
    assert '<option selected value="chest">' in html
    assert "Bench Press" in html and "Leg Extension" not in html


def test_htmx_search_returns_the_results_fragment(logged_in, library):
    response = logged_in.get("/exercises?q=bankdr", headers=HX)
    html = response.get_data(True)

    assert response.status_code == 200
    assert "<html" not in html and 'id="exercise-results"' in html
    assert "Bench Press" in html  # English user: English names
    bench = library["bench_press"]
    assert f'href="/exercises/{bench.id}"' in html
    assert "Deadlift" not in html


def test_results_show_names_in_the_users_language(client, make_user, library):
    german = make_user(language="de")
    log_in(client, german.email)

    html = client.get("/exercises?q=bench", headers=HX).get_data(True)

    assert "Bankdrücken" in html and "Bench Press" not in html


def test_results_show_muscles_equipment_and_the_own_badge(
    logged_in, user, library, make_own_exercise
):
    make_own_exercise(user, name_en="Sandbag Carry", equipment=["bands"])

    html = logged_in.get("/exercises?q=sandbag", headers=HX).get_data(True)

    assert "Sandbag Carry" in html and "Your own" in html
    assert "Forearms" in html and "Resistance bands" in html
    assert "1 exercise" in html


def test_filters_and_usable_checkbox_over_http(logged_in, user, library):
    user.equipment = {**user.equipment_settings(), "kettlebells": True}
    db.session.commit()

    html = logged_in.get(
        "/exercises?muscle=glutes&equipment=kettlebells&usable=y", headers=HX
    ).get_data(True)

    assert "Kettlebell Swing" in html
    assert "Barbell Hip Thrust" not in html and "Kettlebell Windmill" in html


def test_nonsense_filters_are_ignored(logged_in, library):
    response = logged_in.get("/exercises?muscle=wings&equipment=<x>", headers=HX)

    assert response.status_code == 200
    assert "Bench Press" in response.get_data(True)


def test_nothing_found_says_so(logged_in, library):
    html = logged_in.get("/exercises?q=zzzz", headers=HX).get_data(True)

    assert "No exercise matches" in html


def test_the_list_does_not_query_per_row(logged_in, user, make_own_exercise):
    make_own_exercise(user)
    with count_queries() as few:
        logged_in.get("/exercises")
    for _ in range(15):
        make_own_exercise(user)
    with count_queries() as many:
        logged_in.get("/exercises")

    assert len(many) == len(few)
