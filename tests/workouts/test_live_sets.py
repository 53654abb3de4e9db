"""Logging sets on the live workout screen: one tap per set, edits save on change."""

import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import WorkoutSet
from tests.conftest import HX, count_queries
from tests.workouts.conftest import done, planned


@pytest.fixture
def workout(user, exercises, make_workout):
    """An open workout: squat with two pre-filled sets, last week's squat before."""
    make_workout(user, [(exercises["squat"], [done("100", 8), done("102.5", 6)])])
    return make_workout(
        user,
        [(exercises["squat"], [planned("100", 8), planned("102.5", 6)])],
        days_ago=0,
        finished=False,
        name="Lower A",
    )


def first_set(workout) -> WorkoutSet:
    db.session.expire_all()
    return workout.exercises[0].sets[0]


def set_url(workout, workout_set, action="") -> str:
    return f"/workouts/{workout.id}/sets/{workout_set.id}{action}"


def row(weight="100", reps="8", rpe="", **extra) -> dict:
    return {"weight": weight, "reps": reps, "rpe": rpe, **extra}


def test_log_page_shows_each_set_with_last_time_and_phone_keyboards(logged_in, workout):
    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)
    # The page also carries the markup of a card added offline, in a <template>.
    shown = page.split('<template id="offline-card">')[0]

    assert "<h1>Lower A</h1>" in page
    assert "Back Squat" in page
    assert shown.count('class="set-row') == 2
    assert 'name="weight" type="text" inputmode="decimal"' in page
    assert 'inputmode="numeric"' in page
    assert "last: 100 kg × 8" in page and "last: 102.5 kg × 6" in page
    assert 'src="/static/js/workouts.js"' in page
    assert page.count('id="rest-timer"') == 1


def test_one_tap_completes_the_set_with_the_rows_values(logged_in, workout):
    workout_set = first_set(workout)

    response = logged_in.post(
        set_url(workout, workout_set), data=row("105", "7", "8.5", done="1"), headers=HX
    )

    page = response.get_data(True)
    assert response.status_code == 200
    assert "<html" not in page
    assert page.startswith('<form class="set-row kind-normal is-done"')
    assert 'aria-pressed="true"' in page
    assert json.loads(response.headers["HX-Trigger"]) == {
        "rest-start": {"seconds": 120}
    }
    assert response.headers["HX-Retarget"] == f"#set-{workout_set.id}"
    saved = first_set(workout)
    assert saved.completed
    assert (saved.weight_kg, saved.reps, saved.rpe) == (
        Decimal("105"),
        7,
        Decimal("8.5"),
    )


def test_rest_follows_the_exercise(logged_in, workout):
    workout.exercises[0].rest_seconds = 180
    db.session.commit()

    response = logged_in.post(
        set_url(workout, first_set(workout)), data=row(done="1"), headers=HX
    )

    assert json.loads(response.headers["HX-Trigger"])["rest-start"]["seconds"] == 180


def test_a_plain_post_completes_and_goes_back_to_the_card(logged_in, workout):
    workout_set = first_set(workout)

    response = logged_in.post(set_url(workout, workout_set), data=row(done="1"))

    card = workout.exercises[0].id
    assert response.status_code == 303
    assert response.headers["Location"] == f"/workouts/{workout.id}/log#exercise-{card}"
    assert first_set(workout).completed


def test_untick_keeps_the_values(logged_in, workout):
    workout_set = first_set(workout)
    logged_in.post(set_url(workout, workout_set), data=row(done="1"), headers=HX)

    response = logged_in.post(
        set_url(workout, workout_set), data=row(done="0"), headers=HX
    )

    assert 'aria-pressed="false"' in response.get_data(True)
    assert "HX-Trigger" not in response.headers
    saved = first_set(workout)
    assert not saved.completed and saved.weight_kg == Decimal("100")


def test_an_edit_saves_and_answers_with_the_note_line_only(logged_in, workout):
    workout_set = first_set(workout)

    response = logged_in.post(
        set_url(workout, workout_set), data=row("82,5", "10"), headers=HX
    )

    page = response.get_data(True)
    assert response.status_code == 200
    assert page.startswith(f'<p class="set-note" id="set-{workout_set.id}-note">')
    assert "last: 100 kg × 8" in page
    assert "HX-Trigger" not in response.headers
    saved = first_set(workout)
    assert (saved.weight_kg, saved.reps, saved.completed) == (
        Decimal("82.5"),
        10,
        False,
    )


def test_clearing_the_weight_stores_none(logged_in, workout):
    logged_in.post(set_url(workout, first_set(workout)), data=row(""), headers=HX)

    assert first_set(workout).weight_kg is None


def test_lb_user_gets_back_exactly_what_they_entered(logged_in, user, workout):
    user.units = "lb"
    db.session.commit()
    workout_set = first_set(workout)

    logged_in.post(set_url(workout, workout_set), data=row("225", "5"), headers=HX)

    assert first_set(workout).weight_kg == Decimal("102.0583")
    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)
    assert 'value="225"' in page
    assert "last: 220.46 lb × 8" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (row("1001"), "Weight must be between 0 and 1000."),
        (row("-5"), "Weight must be between 0 and 1000."),
        (row("heavy"), "Enter a number, like 82.5."),
        (row("NaN"), "Enter a number, like 82.5."),
        (row(reps="1001"), "Reps must be between 0 and 1000."),
        (row(reps="7.5"), "Not a valid integer value."),
        (row(rpe="7.3"), "RPE goes from 1 to 10 in steps of 0.5."),
        (row(rpe="11"), "RPE goes from 1 to 10 in steps of 0.5."),
        (row(kind="heavy"), "Invalid value"),
        (row(reps="", done="1"), "Enter the reps before you tick the set."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(logged_in, workout, data, message):
    workout_set = first_set(workout)

    response = logged_in.post(set_url(workout, workout_set), data=data, headers=HX)

    page = response.get_data(True)
    assert response.status_code == 422
    assert page.startswith('<form class="set-row kind-normal has-error"')
    assert message in page
    assert 'aria-invalid="true"' in page or "kind" in data
    assert response.headers["HX-Retarget"] == f"#set-{workout_set.id}"
    saved = first_set(workout)
    assert (saved.weight_kg, saved.reps, saved.rpe, saved.kind, saved.completed) == (
        Decimal("100"),
        8,
        None,
        "normal",
        False,
    )


def test_bad_input_without_htmx_shows_the_page_with_the_message(logged_in, workout):
    response = logged_in.post(set_url(workout, first_set(workout)), data=row("1001"))

    page = response.get_data(True)
    assert response.status_code == 422
    assert "<html" in page and "Weight must be between 0 and 1000." in page
    assert 'value="1001"' in page
    assert first_set(workout).weight_kg == Decimal("100")


def test_changing_the_kind_renumbers_the_card(logged_in, workout):
    workout_set = first_set(workout)

    response = logged_in.post(
        set_url(workout, workout_set), data=row(kind="warmup"), headers=HX
    )

    page = response.get_data(True)
    card = workout.exercises[0].id
    assert page.startswith('<section class="card exercise-card"')
    assert response.headers["HX-Retarget"] == f"#exercise-{card}"
    assert 'aria-label="Set W: change the type or remove it">W</summary>' in page
    assert 'aria-label="Set 1: change the type or remove it">1</summary>' in page
    assert first_set(workout).kind == "warmup"


def test_add_set_copies_the_previous_one_and_a_replay_adds_nothing(logged_in, workout):
    performed = workout.exercises[0]
    url = f"/workouts/{workout.id}/exercises/{performed.id}/sets"
    uuid = "0f8e4a52-3b5c-4d6e-8f70-9a1b2c3d4e5f"

    response = logged_in.post(url, data={"uuid": uuid}, headers=HX)
    again = logged_in.post(url, data={"uuid": uuid}, headers=HX)

    assert response.status_code == again.status_code == 200
    assert response.get_data(True).count('class="set-row') == 3
    assert again.get_data(True).count('class="set-row') == 3
    db.session.expire_all()
    added = performed.sets[-1]
    assert len(performed.sets) == 3
    assert (added.uuid, added.position, added.kind) == (uuid, 2, "normal")
    assert (added.weight_kg, added.reps, added.completed) == (
        Decimal("102.5"),
        6,
        False,
    )
    assert added.target_weight_kg == Decimal("102.5")


def test_add_set_without_htmx_redirects_to_the_card(logged_in, workout):
    performed = workout.exercises[0]

    response = logged_in.post(
        f"/workouts/{workout.id}/exercises/{performed.id}/sets", data={}
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#exercise-{performed.id}")
    db.session.expire_all()
    assert len(performed.sets) == 3


def test_remove_set_closes_the_gap(logged_in, workout):
    workout_set = first_set(workout)
    removed = workout_set.id

    response = logged_in.post(set_url(workout, workout_set, "/delete"), headers=HX)

    assert response.status_code == 200
    assert response.get_data(True).count('class="set-row') == 1
    assert db.session.get(WorkoutSet, removed) is None
    remaining = first_set(workout)
    assert (remaining.position, remaining.weight_kg) == (0, Decimal("102.5"))
    assert db.session.scalar(select(func.count()).select_from(WorkoutSet)) == 3


def tick_statements(client, workout, workout_set) -> int:
    headers = {**HX, "X-CSRFToken": client.csrf_token()}
    url = set_url(workout, workout_set)
    with count_queries() as statements:
        response = client.post(url, data=row(done="1"), headers=headers)
    assert response.status_code == 200
    assert "last: " in response.get_data(True)
    return len(statements)


def test_a_tick_reads_a_few_rows_at_once_however_long_the_exercise(
    logged_in, user, exercises, make_workout
):
    squat, bench = exercises["squat"], exercises["bench"]
    history = [(squat, [done("95", 5)] * 6), (bench, [done("70", 8)])]
    for days_ago in (9, 8, 3):
        make_workout(user, history, days_ago=days_ago)
    open_workout = make_workout(
        user,
        [(bench, [planned("70", 8)]), (squat, [planned("100", 5)] * 6)],
        days_ago=0,
        finished=False,
    )
    short, long = (performed.sets[0] for performed in open_workout.exercises)

    # The login session with its user, the set with its exercise, workout and
    # sibling sets, the update (and the lifter's training stamp), last time.
    # Loaded one by one, as before, it took eleven.
    few = tick_statements(logged_in, open_workout, short)
    many = tick_statements(logged_in, open_workout, long)
    assert few <= 6
    assert many == few
