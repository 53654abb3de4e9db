"""The exercises of a live workout: add, superset, rest, notes, order, remove."""

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX
from tests.workouts.conftest import done, planned

UUID = "7d1e2f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f"


@pytest.fixture
def workout(user, exercises, make_workout):
    """An open workout of squat then bench, one set each."""
    return make_workout(
        user,
        [
            (exercises["squat"], [planned("100", 5)]),
            (exercises["bench"], [planned("80", 5)]),
        ],
        days_ago=0,
        finished=False,
    )


def order(workout) -> list[str]:
    db.session.expire_all()
    return [performed.exercise.name_en for performed in workout.exercises]


def test_add_exercise_appends_a_card_prefilled_from_last_time(
    logged_in, user, exercises, make_workout, workout
):
    make_workout(
        user,
        [
            (
                exercises["pullup"],
                [done(None, 10, "warmup"), done("10", 8), done("10", 6)],
            )
        ],
        days_ago=3,
    )

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises",
        data={"exercise_id": exercises["pullup"].id, "uuid": UUID},
        headers=HX,
    )

    page = response.get_data(True)
    assert response.status_code == 200 and "<html" not in page
    assert page.startswith('<section class="card exercise-card"')
    assert "Pull-up" in page and "last: 10 kg × 8" in page
    # The add form comes back out of band with a fresh uuid.
    assert 'id="add-exercise"' in page and 'hx-swap-oob="true"' in page
    assert f'value="{UUID}"' not in page
    assert order(workout) == ["Back Squat", "Bench Press", "Pull-up"]
    added = workout.exercises[-1]
    assert (added.uuid, added.position) == (UUID, 2)
    assert [(s.weight_kg, s.reps, s.completed) for s in added.sets] == [
        (Decimal("10"), 8, False),
        (Decimal("10"), 6, False),
    ]


def test_add_exercise_without_history_gets_one_empty_set(logged_in, exercises, workout):
    response = logged_in.post(
        f"/workouts/{workout.id}/exercises",
        data={"exercise_id": exercises["pullup"].id},
    )

    assert response.status_code == 303
    db.session.expire_all()
    added = workout.exercises[-1]
    assert response.headers["Location"].endswith(f"/log#exercise-{added.id}")
    assert [(s.weight_kg, s.reps) for s in added.sets] == [(None, None)]


def test_a_replayed_add_exercise_adds_nothing(logged_in, exercises, workout):
    data = {"exercise_id": exercises["pullup"].id, "uuid": UUID}

    logged_in.post(f"/workouts/{workout.id}/exercises", data=data, headers=HX)
    again = logged_in.post(f"/workouts/{workout.id}/exercises", data=data, headers=HX)

    assert again.status_code == 200
    assert order(workout) == ["Back Squat", "Bench Press", "Pull-up"]


def test_another_users_exercise_cannot_be_added(
    logged_in, make_user, make_exercise, workout
):
    theirs = make_exercise(make_user(), name_en="Their Secret Lift")

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises",
        data={"exercise_id": theirs.id},
        headers=HX,
    )

    assert response.status_code == 404
    assert order(workout) == ["Back Squat", "Bench Press"]


def test_add_exercise_needs_an_exercise(logged_in, workout):
    response = logged_in.post(
        f"/workouts/{workout.id}/exercises", data={"exercise_id": ""}, headers=HX
    )

    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == "#add-exercise"
    assert response.get_data(True).startswith(
        '<div class="card add-exercise has-error" id="add-exercise"'
    )
    assert order(workout) == ["Back Squat", "Bench Press"]


def test_superset_rest_and_notes_change_the_card(logged_in, workout):
    performed = workout.exercises[1]

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises/{performed.id}",
        data={"superset_group": "B", "rest_seconds": "90", "notes": " Wide grip "},
        headers=HX,
    )

    page = response.get_data(True)
    assert response.status_code == 200
    assert 'class="card exercise-card superset superset-b"' in page
    assert "Superset B" in page and "rest 1:30" in page
    assert '<p class="exercise-notes">Wide grip</p>' in page
    db.session.expire_all()
    assert (performed.superset_group, performed.rest_seconds, performed.notes) == (
        "B",
        90,
        "Wide grip",
    )

    logged_in.post(
        f"/workouts/{workout.id}/exercises/{performed.id}",
        data={"superset_group": ""},
        headers=HX,
    )
    db.session.expire_all()
    assert performed.superset_group is None and performed.notes == "Wide grip"


@pytest.mark.parametrize(
    "data",
    [{"superset_group": "Z"}, {"rest_seconds": "-1"}, {"notes": "x" * 2001}],
)
def test_bad_exercise_settings_change_nothing(logged_in, workout, data):
    performed = workout.exercises[0]

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises/{performed.id}", data=data, headers=HX
    )

    page = response.get_data(True)
    assert response.status_code == 422
    assert '<p class="error">' in page
    assert '<details class="exercise-menu" open>' in page
    # What the user typed stays in the box, to be shortened rather than retyped.
    assert data.get("notes", "") in page
    db.session.expire_all()
    assert (performed.superset_group, performed.rest_seconds, performed.notes) == (
        None,
        None,
        "",
    )


def test_move_exercise_up_and_down(logged_in, workout):
    bench = workout.exercises[1]
    url = f"/workouts/{workout.id}/exercises/{bench.id}/move"

    response = logged_in.post(url, data={"direction": "up"}, headers=HX)

    page = response.get_data(True)
    assert page.startswith('<div class="live-exercises" id="live-exercises">')
    assert page.index("Bench Press") < page.index("Back Squat")
    assert order(workout) == ["Bench Press", "Back Squat"]

    logged_in.post(url, data={"direction": "up"}, headers=HX)
    assert order(workout) == ["Bench Press", "Back Squat"]

    plain = logged_in.post(url, data={"direction": "down"})
    assert plain.status_code == 303
    assert order(workout) == ["Back Squat", "Bench Press"]


def test_remove_exercise_takes_its_sets(logged_in, workout):
    squat = workout.exercises[0]

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises/{squat.id}/delete", headers=HX
    )

    assert response.status_code == 200 and response.get_data(True) == ""
    assert "Exercise removed." in response.headers["HX-Trigger"]
    assert order(workout) == ["Bench Press"]
    assert workout.exercises[0].position == 0
    assert db.session.scalar(select(func.count()).select_from(WorkoutSet)) == 1


def test_workout_name_and_notes_save(logged_in, workout):
    response = logged_in.post(
        f"/workouts/{workout.id}/notes",
        data={"name": " Garage session ", "notes": "Slept badly."},
        headers=HX,
    )

    assert response.status_code == 200
    assert response.get_data(True).startswith('<form class="card workout-notes-form"')
    db.session.expire_all()
    assert (workout.name, workout.notes) == ("Garage session", "Slept badly.")

    too_long = logged_in.post(
        f"/workouts/{workout.id}/notes", data={"notes": "x" * 2001}, headers=HX
    )
    assert too_long.status_code == 422
    db.session.expire_all()
    assert workout.notes == "Slept badly."


def test_finish_drops_untouched_sets_and_keeps_what_the_user_entered(
    logged_in, user, exercises, make_workout
):
    workout = make_workout(
        user,
        [
            (exercises["squat"], [done("100", 5), planned("100", 5), planned(None, 8)]),
            (exercises["bench"], [planned("80", 5)]),
            (exercises["pullup"], [planned(None, None)]),
        ],
        days_ago=0,
        finished=False,
    )
    squat, bench, _ = workout.exercises
    bench.sets[0].reps = 4  # changed but never ticked
    db.session.commit()

    response = logged_in.post(f"/workouts/{workout.id}/finish")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/workouts/{workout.id}"
    db.session.expire_all()
    assert workout.finished_at is not None
    assert [p.exercise.name_en for p in workout.exercises] == [
        "Back Squat",
        "Bench Press",
    ]
    assert [(s.reps, s.completed) for s in squat.sets] == [(5, True)]
    assert [(s.reps, s.completed) for s in bench.sets] == [(4, False)]


def test_finish_over_htmx_redirects_and_twice_changes_nothing(
    logged_in, user, exercises, make_workout
):
    workout = make_workout(
        user, [(exercises["squat"], [done("100", 5)])], days_ago=0, finished=False
    )

    response = logged_in.post(f"/workouts/{workout.id}/finish", headers=HX)
    db.session.expire_all()
    finished_at = workout.finished_at
    again = logged_in.post(f"/workouts/{workout.id}/finish", headers=HX)

    assert response.headers["HX-Redirect"] == f"/workouts/{workout.id}"
    assert again.headers["HX-Redirect"] == f"/workouts/{workout.id}"
    db.session.expire_all()
    assert finished_at is not None and workout.finished_at == finished_at


def test_nothing_logged_cannot_be_finished(logged_in, workout):
    response = logged_in.post(f"/workouts/{workout.id}/finish", headers=HX)

    assert response.status_code == 422
    assert "Nothing is logged yet" in response.headers["HX-Trigger"]
    db.session.expire_all()
    assert workout.finished_at is None and len(workout.exercises) == 2


def test_discard_deletes_the_open_workout(logged_in, user, workout):
    response = logged_in.post(f"/workouts/{workout.id}/discard", headers=HX)

    assert response.headers["HX-Redirect"] == "/"
    assert db.session.scalar(select(func.count()).select_from(Workout)) == 0
    assert db.session.scalar(select(func.count()).select_from(PerformedExercise)) == 0
    assert db.session.scalar(select(func.count()).select_from(WorkoutSet)) == 0


def test_a_finished_workout_is_not_discarded(logged_in, user, exercises, make_workout):
    workout = make_workout(user, [(exercises["squat"], [done("100", 5)])])

    response = logged_in.post(f"/workouts/{workout.id}/discard")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/workouts/{workout.id}"
    assert db.session.scalar(select(func.count()).select_from(Workout)) == 1


def test_a_finished_workout_can_be_edited_on_its_log(
    logged_in, user, exercises, make_workout
):
    workout = make_workout(user, [(exercises["squat"], [done("100", 5)])])

    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)
    response = logged_in.post(
        f"/workouts/{workout.id}/sets/{workout.exercises[0].sets[0].id}",
        data={"weight": "105", "reps": "5", "rpe": "", "done": "1"},
        headers=HX,
    )

    assert "Finish workout" not in page and f'href="/workouts/{workout.id}"' in page
    assert "rest-start" not in response.headers.get("HX-Trigger", "")
    db.session.expire_all()
    assert workout.exercises[0].sets[0].weight_kg == Decimal("105")
