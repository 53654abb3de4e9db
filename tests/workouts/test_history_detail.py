"""One past workout: its summary with new records, its sets, and deleting it."""

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX, log_in
from tests.workouts.history_factories import (
    done,
    make_exercise,
    make_workout,
    skipped,
)


@pytest.fixture
def bench(app):
    return make_exercise(name_en="Bench Press", name_de="Bankdrücken")


def count(model, **where) -> int:
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_detail_shows_the_new_records_of_the_workout(logged_in, user, bench):
    make_workout(user, [(bench, [done("100", 5), done("100", 5)])], days=0)
    today = make_workout(
        user, [(bench, [done("105", 3), done("100", 6)])], days=3, minutes=50
    )

    html = logged_in.get(f"/workouts/{today.id}").get_data(True)

    assert "New records" in html
    # Heaviest: 105 kg beats 100 kg.
    assert "105 kg × 3, before 100 kg" in html
    # e1RM (Epley): 100 × (1 + 6/30) = 120 beats 100 × (1 + 5/30) = 116.67.
    assert "120 kg from 100 kg × 6, before 116.7 kg" in html
    # Most reps at 100 kg: 6 beats 5.
    assert "6 reps at 100 kg, before 5" in html
    # Volume: 105 × 3 + 100 × 6 = 915 kg does not beat 1000 kg.
    assert "Best volume" not in html
    assert "915 kg" in html and "50 min" in html


def test_more_sets_at_the_same_weight_is_a_volume_record(logged_in, user, bench):
    make_workout(user, [(bench, [done("100", 5)])])
    today = make_workout(user, [(bench, [done("100", 5), done("100", 5)])], days=2)

    html = logged_in.get(f"/workouts/{today.id}").get_data(True)

    assert "New record" in html
    assert "1000 kg in this workout, before 500 kg" in html
    assert "Heaviest weight" not in html and "Best e1RM" not in html


def test_first_workout_sets_no_records(logged_in, user, bench):
    first = make_workout(user, [(bench, [done("100", 5)])])

    html = logged_in.get(f"/workouts/{first.id}").get_data(True)

    assert "New record" not in html


def test_detail_lists_every_set_with_its_e1rm(app, client, make_user, bench):
    lifter = make_user(units="lb")
    workout = make_workout(
        lifter,
        [
            (
                bench,
                [
                    done("60", 5, "warmup"),
                    done("102.0582", 3, rpe="8.5"),  # 225 lb
                    skipped("100", 5),
                ],
            )
        ],
        notes="Felt strong.",
    )
    log_in(client, lifter.email)

    html = client.get(f"/workouts/{workout.id}").get_data(True)

    assert "Bench Press" in html and "Felt strong." in html
    assert "Warm-up" in html and "not done" in html
    assert "225 lb" in html and "8.5" in html
    # 102.0582 kg × 1.1 = 112.2640 kg = 247.5 lb; the warm-up gets no e1RM.
    assert "247.5 lb" in html
    assert html.count(" lb</td>") == 4  # three weights and one e1RM
    assert "convention" in html and "Epley" in html


def test_detail_offers_edit_and_delete(logged_in, user, bench):
    workout = make_workout(user, [(bench, [done("100", 5)])])

    html = logged_in.get(f"/workouts/{workout.id}").get_data(True)

    assert f'href="/workouts/{workout.id}/' in html  # the live screen edits it
    assert f'action="/workouts/{workout.id}/delete"' in html
    assert "hx-confirm=" in html


def test_delete_removes_only_that_workout(app, logged_in, user, make_user, bench):
    other = make_user()
    gone = make_workout(user, [(bench, [done("100", 5), done("100", 5)])])
    kept = make_workout(user, [(bench, [done("100", 5)])], days=1)
    theirs = make_workout(other, [(bench, [done("80", 5)])])
    gone_id = gone.id

    response = logged_in.post(f"/workouts/{gone_id}/delete")

    assert response.status_code == 303
    assert response.headers["Location"] == "/workouts"
    assert count(Workout, id=gone_id) == 0
    assert count(PerformedExercise, workout_id=gone_id) == 0
    assert count(WorkoutSet, user_id=user.id) == 1
    assert db.session.get(Workout, kept.id) is not None
    assert db.session.get(Workout, theirs.id) is not None
    assert count(WorkoutSet, user_id=other.id) == 1
    assert "Workout deleted." in logged_in.get("/workouts").get_data(True)


def test_htmx_delete_redirects_the_page(logged_in, user, bench):
    workout_id = make_workout(user, [(bench, [done("100", 5)])]).id

    response = logged_in.post(f"/workouts/{workout_id}/delete", headers=HX)

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/workouts"
    assert count(Workout, id=workout_id) == 0
    assert count(WorkoutSet, user_id=user.id) == 0


def test_delete_without_csrf_token_changes_nothing(logged_in, user, bench):
    workout = make_workout(user, [(bench, [done("100", 5)])])

    response = logged_in.post(f"/workouts/{workout.id}/delete", csrf=False)

    assert response.status_code == 400
    assert db.session.get(Workout, workout.id) is not None


@pytest.fixture
def strangers_things(app, make_user):
    """Another lifter's workout and own exercise, to be refused to ours."""
    stranger = make_user()
    exercise = make_exercise(stranger, name_en="Secret Lift", name_de="Geheim")
    workout = make_workout(stranger, [(exercise, [done("100", 5)])])
    return {"workout": workout.id, "exercise": exercise.id, "owner": stranger.id}


@pytest.mark.parametrize(
    ("method", "url", "headers"),
    [
        ("GET", "/workouts/{workout}", {}),
        ("GET", "/workouts/{workout}", HX),
        ("POST", "/workouts/{workout}/delete", {}),
        ("POST", "/workouts/{workout}/delete", HX),
        ("GET", "/exercises/{exercise}", {}),
        ("GET", "/exercises/{exercise}?page=2", HX),
    ],
)
def test_another_users_things_are_not_found(
    logged_in, strangers_things, method, url, headers
):
    response = logged_in.open(
        url.format(**strangers_things), method=method, headers=headers
    )

    assert response.status_code == 404
    assert count(Workout, id=strangers_things["workout"]) == 1
    assert count(WorkoutSet, user_id=strangers_things["owner"]) == 1


def test_detail_totals_add_up_as_the_history_list_does(user, bench):
    """The page sums the sets it already read; the list sums in the database.
    Warm-ups, sets not done and sets without reps count in neither."""
    from homegym.workouts import history
    from homegym.workouts.totals import workout_totals

    pullup = make_exercise(name_en="Pull-up", name_de="Klimmzug")
    workout = make_workout(
        user,
        [
            (bench, [done("60", 5, "warmup"), done("100", 5), skipped("100", 5)]),
            (pullup, [done(None, 8), done("10", 6, "drop"), done("20", 0)]),
            (make_exercise(name_en="Plank", name_de="Unterarmstütz"), []),
        ],
    )
    loaded = history.load_workout(user.id, workout.id, sets=False)

    page = history.detail_totals(history.detail_sets(loaded))

    assert page == workout_totals([workout.id])[workout.id]
    assert (page.sets, page.exercises) == (3, 3)
