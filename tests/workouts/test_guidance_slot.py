"""The coach's "what next?" sits on each card, for the latest working set done."""

import pytest

from homegym.extensions import db
from tests.conftest import HX
from tests.workouts.conftest import done, planned


@pytest.fixture
def workout(user, exercises, make_workout):
    return make_workout(
        user,
        [(exercises["squat"], [done("60", 5, kind="warmup"), planned("100", 5)])],
        days_ago=0,
        finished=False,
    )


def test_ticking_a_set_puts_the_coach_button_on_it(logged_in, workout):
    warmup, working = workout.exercises[0].sets
    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)
    assert f"/coach/sets/{warmup.id}/guidance" not in page  # warm-ups don't count

    response = logged_in.post(
        f"/workouts/{workout.id}/sets/{working.id}",
        data={"weight": "100", "reps": "5", "done": "1"},
        headers=HX,
    )

    body = response.get_data(True)
    assert f'id="guidance-slot-{workout.exercises[0].id}" hx-swap-oob="true"' in body
    assert f"/coach/sets/{working.id}/guidance" in body
    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)
    assert f"/coach/sets/{working.id}/guidance" in page


def test_untick_takes_the_button_away(logged_in, workout):
    working = workout.exercises[0].sets[1]
    url = f"/workouts/{workout.id}/sets/{working.id}"
    logged_in.post(url, data={"reps": "5", "done": "1"}, headers=HX)

    body = logged_in.post(url, data={"done": "0"}, headers=HX).get_data(True)

    assert "guidance-slot-" in body
    assert "/guidance" not in body


def test_switched_off_guidance_shows_no_button(app, logged_in, workout):
    app.config["COACH_GUIDANCE_ENABLED"] = False
    working = workout.exercises[0].sets[1]
    working.completed_at = working.created_at
    db.session.commit()

    page = logged_in.get(f"/workouts/{workout.id}/log").get_data(True)

    assert "/guidance" not in page
