"""Editing a plan in place: days and planned exercises, with and without htmx."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from homegym.extensions import db
from homegym.plans.models import PlanDay, PlannedExercise
from homegym.workouts.models import Workout
from tests.plans.conftest import HTMX, snapshot


def day_names(plan) -> list[tuple[str, int]]:
    db.session.expire_all()
    return [(day.name, day.position) for day in plan.days]


def row_order(day) -> list[tuple[int, int]]:
    db.session.expire_all()
    return [(row.exercise_id, row.position) for row in day.exercises]


def assert_fragment(response, *texts) -> str:
    html = response.get_data(True)
    assert response.status_code == 200, html
    assert "<html" not in html
    for text in texts:
        assert text in html
    return html


# ---------- Days ----------


def test_add_a_day_named_day_n_by_default(logged_in, user, make_plan):
    plan = make_plan(user, days=[("Push", 0), ("Pull", 0)])

    response = logged_in.post(f"/plans/{plan.id}/days", data={"name": ""}, headers=HTMX)

    assert_fragment(response, 'id="plan-days"', "Day 3")
    assert day_names(plan) == [("Push", 0), ("Pull", 1), ("Day 3", 2)]


def test_add_a_named_day_without_javascript(logged_in, user, make_plan):
    plan = make_plan(user)

    response = logged_in.post(f"/plans/{plan.id}/days", data={"name": "Legs"})

    day = db.session.scalar(select(PlanDay))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan.id}#day-{day.id}")
    assert (day.name, day.position) == ("Legs", 0)


def test_rename_a_day_and_its_notes(logged_in, user, make_plan):
    plan = make_plan(user, days=[("Day 1", 1)])
    day = plan.days[0]

    response = logged_in.post(
        f"/plans/days/{day.id}",
        data={"name": "Upper A", "notes": "Bench first"},
        headers=HTMX,
    )

    assert_fragment(response, f'id="day-{day.id}"', "Upper A", "Bench first")
    db.session.refresh(day)
    assert (day.name, day.notes) == ("Upper A", "Bench first")


@pytest.mark.parametrize("headers", [HTMX, {}])
def test_a_day_needs_a_name(logged_in, user, make_plan, headers):
    plan = make_plan(user, days=[("Day 1", 1)])
    before = snapshot()

    response = logged_in.post(
        f"/plans/days/{plan.days[0].id}", data={"name": " "}, headers=headers
    )

    assert response.status_code == 422
    assert "This field is required." in response.get_data(True)
    assert snapshot() == before


def test_move_days_up_and_down(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 0), ("B", 0), ("C", 0)])
    a, _, c = plan.days

    up = logged_in.post(
        f"/plans/days/{c.id}/move", data={"direction": "up"}, headers=HTMX
    )
    html = assert_fragment(up, 'id="plan-days"')
    assert html.index(">C<") < html.index(">B<")
    assert day_names(plan) == [("A", 0), ("C", 1), ("B", 2)]

    down = logged_in.post(f"/plans/days/{a.id}/move", data={"direction": "down"})
    assert down.status_code == 303
    assert down.headers["Location"].endswith(f"#day-{a.id}")
    assert day_names(plan) == [("C", 0), ("A", 1), ("B", 2)]


def test_moving_past_the_end_changes_nothing(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 0), ("B", 0)])

    logged_in.post(f"/plans/days/{plan.days[0].id}/move", data={"direction": "up"})
    logged_in.post(
        f"/plans/days/{plan.days[1].id}/move", data={"direction": "sideways"}
    )

    assert day_names(plan) == [("A", 0), ("B", 1)]


def test_remove_a_day_keeps_positions_whole_and_workouts(
    logged_in, user, make_plan, make_workout
):
    plan = make_plan(user, days=[("A", 1), ("B", 2), ("C", 1)])
    workout = make_workout(user, plan.days[1])

    response = logged_in.post(f"/plans/days/{plan.days[1].id}/delete", headers=HTMX)

    html = assert_fragment(response, 'id="plan-days"')
    assert ">B<" not in html
    assert day_names(plan) == [("A", 0), ("C", 1)]
    assert (
        db.session.scalar(
            select(PlannedExercise.id).where(
                PlannedExercise.day_id == workout.plan_day_id
            )
        )
        is None
    )
    assert db.session.get(Workout, workout.id).plan_day_id is None


def test_the_day_buttons_ask_before_removing(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 1)])

    html = logged_in.get(f"/plans/{plan.id}").get_data(True)

    for form in html.split("<form")[1:]:
        if "/delete" in form.split(">")[0]:
            assert "hx-confirm=" in form.split(">")[0]


# ---------- Planned exercises ----------


def test_add_an_exercise_with_its_targets(logged_in, user, make_plan, make_exercise):
    plan = make_plan(user, days=[("A", 1)])
    day = plan.days[0]
    press = make_exercise(name_en="Overhead press")

    response = logged_in.post(
        f"/plans/days/{day.id}/exercises",
        data={"exercise_id": press.id, "sets": "5", "reps_min": "5", "reps_max": "5"},
        headers=HTMX,
    )

    assert_fragment(response, f'id="day-{day.id}"', "Overhead press", "5 sets of 5")
    row = db.session.scalar(
        select(PlannedExercise).where(PlannedExercise.exercise_id == press.id)
    )
    assert (row.day_id, row.position, row.sets, row.reps_min, row.reps_max) == (
        day.id,
        1,
        5,
        5,
        5,
    )
    assert row.rest_seconds == 120  # left out: the usual two minutes


def test_add_only_an_exercise_without_javascript(
    logged_in, user, make_plan, make_exercise
):
    plan = make_plan(user, days=[("A", 0)])
    day = plan.days[0]
    own = make_exercise(user, name_en="Sandbag carry")

    response = logged_in.post(
        f"/plans/days/{day.id}/exercises", data={"exercise_id": own.id}
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/plans/{plan.id}#day-{day.id}")
    row = db.session.scalar(select(PlannedExercise))
    assert (row.exercise_id, row.sets, row.reps_min, row.reps_max) == (own.id, 3, 8, 12)


@pytest.mark.parametrize("headers", [HTMX, {}])
@pytest.mark.parametrize("whose", ["unknown", "another user's", "none"])
def test_an_exercise_the_user_cannot_see_is_refused(
    logged_in, user, make_user, make_plan, make_exercise, whose, headers
):
    plan = make_plan(user, days=[("A", 1)])
    exercise_id = {
        "unknown": "987654",
        "another user's": str(make_exercise(make_user()).id),
        "none": "",
    }[whose]
    before = snapshot()

    response = logged_in.post(
        f"/plans/days/{plan.days[0].id}/exercises",
        data={"exercise_id": exercise_id},
        headers=headers,
    )

    assert response.status_code == 422
    assert "Choose an exercise from the list." in response.get_data(True)
    assert snapshot() == before


def test_edit_a_planned_exercise_in_place(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 2)])
    row = plan.days[0].exercises[0]

    response = logged_in.post(
        f"/plans/exercises/{row.id}",
        data={
            "sets": "4",
            "reps_min": "6",
            "reps_max": "10",
            "target_rpe": "7.5",
            "rest_seconds": "90",
            "superset_group": "",
            "notes": "Pause at the bottom",
        },
        headers=HTMX,
    )

    html = assert_fragment(response, f'id="planned-{row.id}"', "4 sets of 6–10 reps")
    assert "RPE 7.5" in html and "1:30 rest" in html and "Pause at the bottom" in html
    assert 'id="day-' not in html  # only the row, not its day
    db.session.refresh(row)
    assert (row.sets, row.reps_min, row.reps_max, row.rest_seconds) == (4, 6, 10, 90)
    assert row.target_rpe == Decimal("7.5") and row.notes == "Pause at the bottom"


def test_edit_without_javascript_goes_back_to_the_day(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 1)])
    row = plan.days[0].exercises[0]

    response = logged_in.post(
        f"/plans/exercises/{row.id}",
        data={"sets": "2", "reps_min": "12", "reps_max": "15", "rest_seconds": "60"},
    )

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"#day-{row.day_id}")
    db.session.refresh(row)
    assert (row.sets, row.target_rpe, row.superset_group) == (2, None, None)


VALID = {"sets": "3", "reps_min": "8", "reps_max": "12", "rest_seconds": "120"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reps_min": "12", "reps_max": "8"}, "The lowest reps cannot be above"),
        ({"target_rpe": "11"}, "Target RPE goes from 5 to 10."),
        ({"target_rpe": "4.5"}, "Target RPE goes from 5 to 10."),
        ({"target_rpe": "7.3"}, "Target RPE goes in steps of 0.5."),
        ({"sets": "0"}, "Sets go from 1 to 20."),
        ({"sets": "21"}, "Sets go from 1 to 20."),
        ({"sets": ""}, "Sets go from 1 to 20."),
        ({"reps_max": "101"}, "Reps go from 1 to 100."),
        ({"rest_seconds": "901"}, "Rest goes from 0 to 900 seconds."),
        ({"superset_group": "AB"}, "A superset group is one letter from A to Z."),
        ({"superset_group": "1"}, "A superset group is one letter from A to Z."),
    ],
)
@pytest.mark.parametrize("headers", [HTMX, {}])
def test_invalid_targets_change_nothing(
    logged_in, user, make_plan, change, message, headers
):
    plan = make_plan(user, days=[("A", 1)])
    row = plan.days[0].exercises[0]
    before = snapshot()

    response = logged_in.post(
        f"/plans/exercises/{row.id}", data={**VALID, **change}, headers=headers
    )

    html = response.get_data(True)
    assert response.status_code == 422
    assert message in html
    assert ("<html" in html) == (not headers)
    assert snapshot() == before


def test_the_same_letter_makes_a_superset_shown_on_the_day(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 3)])
    first, second, third = plan.days[0].exercises

    logged_in.post(
        f"/plans/exercises/{first.id}",
        data={**VALID, "superset_group": "a"},
        headers=HTMX,
    )
    response = logged_in.post(
        f"/plans/exercises/{second.id}",
        data={**VALID, "superset_group": "A"},
        headers=HTMX,
    )

    html = assert_fragment(response, f'id="day-{plan.days[0].id}"')
    assert response.headers["HX-Retarget"] == f"#day-{plan.days[0].id}"
    assert html.count("Superset A") == 2
    db.session.expire_all()
    assert [row.superset_group for row in plan.days[0].exercises] == ["A", "A", None]
    assert f'id="planned-{third.id}" data-superset' not in html


def test_a_lone_letter_is_not_shown_as_a_superset(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 2)])
    row = plan.days[0].exercises[0]

    response = logged_in.post(
        f"/plans/exercises/{row.id}",
        data={**VALID, "superset_group": "B"},
        headers=HTMX,
    )

    assert "Superset B" not in response.get_data(True)


def test_move_a_planned_exercise(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 3)])
    day = plan.days[0]
    ids = [row.exercise_id for row in day.exercises]

    response = logged_in.post(
        f"/plans/exercises/{day.exercises[2].id}/move",
        data={"direction": "up"},
        headers=HTMX,
    )
    assert_fragment(response, f'id="day-{day.id}"')
    assert row_order(day) == [(ids[0], 0), (ids[2], 1), (ids[1], 2)]

    plain = logged_in.post(
        f"/plans/exercises/{day.exercises[0].id}/move", data={"direction": "down"}
    )
    assert plain.status_code == 303
    assert row_order(day) == [(ids[2], 0), (ids[0], 1), (ids[1], 2)]


def test_remove_a_planned_exercise_closes_the_gap(logged_in, user, make_plan):
    plan = make_plan(user, days=[("A", 3)])
    day = plan.days[0]
    ids = [row.exercise_id for row in day.exercises]

    response = logged_in.post(
        f"/plans/exercises/{day.exercises[0].id}/delete", headers=HTMX
    )
    assert_fragment(response, f'id="day-{day.id}"')
    assert row_order(day) == [(ids[1], 0), (ids[2], 1)]

    plain = logged_in.post(f"/plans/exercises/{day.exercises[1].id}/delete")
    assert plain.status_code == 303
    assert row_order(day) == [(ids[1], 0)]
