"""The exercise search of a plan day: type a few letters, tap, it's planned."""

import pytest
from sqlalchemy import select

from homegym.extensions import db
from homegym.ids import parse_uuid
from homegym.plans.forms import DEFAULT_TARGETS
from homegym.plans.models import PlannedExercise
from tests.conftest import log_in
from tests.exercises.choice_forms import choice_forms, choice_named, choice_names
from tests.plans.conftest import HTMX, snapshot


@pytest.fixture
def bench(make_exercise):
    return make_exercise(
        name_en="Bench Press",
        name_de="Bankdrücken",
        primary_muscles=["chest"],
        equipment=["barbell", "bench"],
    )


def search(client, day, query: str | None = None):
    url = f"/plans/days/{day.id}/exercise-choices"
    args = {} if query is None else {"q": query}
    return client.get(url, query_string=args, headers=HTMX)


def fragment(response) -> str:
    html = response.get_data(True)
    assert response.status_code == 200, html
    assert "<html" not in html
    return html


def planned_rows(day) -> list[tuple]:
    db.session.expire_all()
    return [
        (row.exercise.name_en, row.sets, row.reps_min, row.reps_max, row.rest_seconds)
        for row in day.exercises
    ]


@pytest.mark.parametrize("query", ["bankdr", "bench", "bankdrücken"])
@pytest.mark.parametrize(
    ("language", "name"), [("en", "Bench Press"), ("de", "Bankdrücken")]
)
def test_typing_finds_bench_press_in_either_language(
    client, make_user, make_plan, make_exercise, bench, language, name, query
):
    make_exercise(name_en="Back Squat", name_de="Kniebeuge")
    lifter = make_user(language=language)
    day = make_plan(lifter, days=[("Push", 0)]).days[0]
    log_in(client, lifter.email)

    html = fragment(search(client, day, query))

    assert choice_names(html) == [name]


def test_a_result_posts_like_the_add_form_with_its_targets(
    logged_in, user, make_plan, bench
):
    day = make_plan(user, days=[("Push", 0)]).days[0]

    form = choice_named(fragment(search(logged_in, day, "bench")), "Bench Press")

    action = f"/plans/days/{day.id}/exercises"
    assert form["attrs"]["action"] == form["attrs"]["hx-post"] == action
    assert form["attrs"]["hx-target"] == f"#day-{day.id}"
    assert form["attrs"]["hx-swap"] == "outerHTML"
    # The sets, reps and rest of the day's add form travel along.
    assert form["attrs"]["hx-include"] == f"#add-{day.id}-targets"
    page = logged_in.get(f"/plans/{day.plan_id}").get_data(True)
    assert f'<details class="add-targets" id="add-{day.id}-targets"' in page
    assert f'hx-get="/plans/days/{day.id}/exercise-choices"' in page
    assert '<div class="exercise-finder" data-js-only hidden>' in page
    assert form["fields"]["exercise_id"] == str(bench.id)
    # Its own client uuid: a replayed tap adds the exercise once.
    assert parse_uuid(form["fields"]["uuid"]) == form["fields"]["uuid"]


def test_tapping_a_result_plans_it_with_the_usual_targets(
    logged_in, user, make_plan, make_exercise, bench
):
    day = make_plan(user, days=[("Push", [make_exercise(name_en="Dips")])]).days[0]
    form = choice_named(fragment(search(logged_in, day, "bench")), "Bench Press")
    fields = {"exercise_id": form["fields"]["exercise_id"]}

    response = logged_in.post(form["attrs"]["hx-post"], data=fields, headers=HTMX)

    html = fragment(response)
    assert f'id="day-{day.id}"' in html and "Bench Press" in html
    targets = tuple(
        DEFAULT_TARGETS[key] for key in ("sets", "reps_min", "reps_max", "rest_seconds")
    )
    assert planned_rows(day) == [("Dips", 3, 8, 12, 120), ("Bench Press", *targets)]


def test_tapping_a_result_takes_the_targets_set_in_the_add_form(
    logged_in, user, make_plan, bench
):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    form = choice_named(fragment(search(logged_in, day, "bench")), "Bench Press")
    # What hx-include adds from the day's "Sets, reps and rest".
    targets = {"sets": "2", "reps_min": "5", "reps_max": "8", "rest_seconds": "30"}

    logged_in.post(
        form["attrs"]["hx-post"],
        data={"exercise_id": form["fields"]["exercise_id"], **targets},
        headers=HTMX,
    )

    assert planned_rows(day) == [("Bench Press", 2, 5, 8, 30)]


def test_before_typing_it_leaves_out_what_the_day_has(
    logged_in, user, make_plan, make_exercise, bench
):
    user.equipment = {"barbell": True, "bench": True}
    db.session.commit()
    plank = make_exercise(name_en="Plank", name_de="Unterarmstütz")
    day = make_plan(user, days=[("Push", [bench])]).days[0]

    html = fragment(search(logged_in, day))

    assert "Bench Press" not in choice_names(html)
    assert plank.name_en in choice_names(html)
    assert "Usable with your equipment" in html


def test_another_users_day_is_not_found(client, user, make_user, make_plan, bench):
    day = make_plan(user, days=[("Push", 0)]).days[0]
    intruder = make_user("mallory@example.com")
    log_in(client, intruder.email)
    before = snapshot()

    assert search(client, day, "bench").status_code == 404
    assert client.get(f"/plans/days/{day.id}/exercise-choices").status_code == 404
    assert snapshot() == before


def test_without_htmx_the_search_leads_back_to_the_day(
    logged_in, user, make_plan, bench
):
    day = make_plan(user, days=[("Push", 0)]).days[0]

    response = logged_in.get(f"/plans/days/{day.id}/exercise-choices?q=bench")

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{day.plan_id}#day-{day.id}")
    assert choice_forms(response.get_data(True)) == []
    assert db.session.scalar(select(PlannedExercise)) is None
