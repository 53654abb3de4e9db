"""Starting a workout: from the plan's next day, any day or empty; one at a time."""

from decimal import Decimal

from sqlalchemy import func, select

from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from tests.conftest import HX, count_queries
from tests.workouts.conftest import done

UUID = "5b0c7d6e-8f1a-4b2c-9d3e-4f5a6b7c8d9e"


def workouts_of(user) -> list[Workout]:
    db.session.expire_all()
    return list(db.session.scalars(select(Workout).where(Workout.user_id == user.id)))


def sets_of(performed) -> list[tuple]:
    return [
        (s.kind, s.weight_kg, s.reps, s.target_weight_kg, s.target_reps, s.completed)
        for s in performed.sets
    ]


def test_start_page_offers_the_next_day_first_then_any_day_or_empty(
    logged_in, user, exercises, make_day
):
    day = make_day(user, [(exercises["squat"], {"sets": 5, "reps_min": 5})])

    page = logged_in.get("/workouts/start").get_data(True)

    assert "Next in Upper / lower" in page
    assert page.index("Start Lower A") < page.index("Start an empty workout")
    assert "Back Squat" in page and "5 × 5–8" in page
    assert f'name="plan_day_id" value="{day.id}"' in page
    assert "Any day of your plans" in page


def test_start_page_without_plans_points_to_making_one(logged_in):
    page = logged_in.get("/workouts/start").get_data(True)

    assert "Start an empty workout" in page
    assert "Next in" not in page
    assert 'href="/plans"' in page


def test_starting_a_plan_day_copies_its_targets(logged_in, user, exercises, make_day):
    targets = {
        "sets": 2,
        "reps_min": 8,
        "reps_max": 12,
        "target_rpe": Decimal("8.5"),
        "rest_seconds": 90,
        "superset_group": "A",
        "notes": "Slow eccentric",
    }
    day = make_day(user, [(exercises["bench"], targets), (exercises["squat"], {})])

    response = logged_in.post("/workouts", data={"plan_day_id": day.id})

    [workout] = workouts_of(user)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/workouts/{workout.id}/log")
    assert workout.plan_day_id == day.id and workout.name == "Lower A"
    assert workout.finished_at is None
    bench, squat = workout.exercises
    assert (bench.exercise_id, squat.exercise_id) == (
        exercises["bench"].id,
        exercises["squat"].id,
    )
    assert (bench.target_reps_min, bench.target_reps_max) == (8, 12)
    assert bench.target_rpe == Decimal("8.5")
    assert (bench.rest_seconds, bench.superset_group, bench.notes) == (
        90,
        "A",
        "Slow eccentric",
    )
    # No history: weight empty, reps at the top of the range, nothing ticked.
    assert sets_of(bench) == [("normal", None, 12, None, 12, False)] * 2
    assert len(squat.sets) == 3


def test_sets_are_prefilled_from_last_time_by_position(
    logged_in, user, exercises, make_day, make_workout
):
    squat = exercises["squat"]
    make_workout(user, [(squat, [done("60", 5)])], days_ago=14)
    make_workout(
        user,
        [(squat, [done("40", 5, "warmup"), done("100", 8), done("102.5", 6)])],
        days_ago=7,
    )
    day = make_day(user, [(squat, {"sets": 3})])

    logged_in.post("/workouts", data={"plan_day_id": day.id})

    [performed] = [w for w in workouts_of(user) if not w.finished][0].exercises
    # Warm-ups do not count: set 1 from last time's first work set, and the
    # third (last time had only two) from the last one.
    assert sets_of(performed) == [
        ("normal", Decimal("100"), 8, Decimal("100"), 8, False),
        ("normal", Decimal("102.5"), 6, Decimal("102.5"), 6, False),
        ("normal", Decimal("102.5"), 6, Decimal("102.5"), 6, False),
    ]
    page = logged_in.get("/workouts/current", follow_redirects=True).get_data(True)
    assert "last: 100 kg × 8" in page
    assert "last: 102.5 kg × 6" in page


def test_empty_workout_over_htmx_redirects_to_its_log(logged_in, user):
    response = logged_in.post("/workouts", data={"uuid": UUID}, headers=HX)

    [workout] = workouts_of(user)
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == f"/workouts/{workout.id}/log"
    assert workout.uuid == UUID and workout.exercises == []
    assert workout.name == "" and workout.plan_day_id is None


def test_only_one_workout_is_open_at_a_time(logged_in, user, exercises, make_day):
    day = make_day(user, [(exercises["squat"], {})])
    first = logged_in.post("/workouts", data={"plan_day_id": day.id})

    second = logged_in.post("/workouts", data={})

    assert len(workouts_of(user)) == 1
    assert second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    page = logged_in.get(second.headers["Location"]).get_data(True)
    assert "Your workout in progress is still open" in page


def test_a_replayed_uuid_returns_the_same_workout(logged_in, user):
    first = logged_in.post("/workouts", data={"uuid": UUID})
    workout = workouts_of(user)[0]
    workout.finished_at = workout.started_at
    db.session.commit()

    again = logged_in.post("/workouts", data={"uuid": UUID})

    assert again.headers["Location"] == first.headers["Location"]
    assert len(workouts_of(user)) == 1


def test_current_goes_to_the_open_workout_or_to_start(logged_in, user):
    assert logged_in.get("/workouts/current").headers["Location"] == "/workouts/start"

    logged_in.post("/workouts", data={})
    [workout] = workouts_of(user)

    response = logged_in.get("/workouts/current")
    assert response.headers["Location"] == f"/workouts/{workout.id}/log"
    page = logged_in.get("/workouts/start").get_data(True)
    assert "Resume workout" in page and "Start an empty workout" not in page


def test_another_users_plan_day_is_not_found(logged_in, make_user, exercises, make_day):
    stranger = make_user()
    day = make_day(stranger, [(exercises["squat"], {})])

    response = logged_in.post("/workouts", data={"plan_day_id": day.id})

    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(Workout)) == 0


def start_day(client, user, day) -> list[str]:
    with count_queries() as statements:
        response = client.post("/workouts", data={"plan_day_id": day.id})
    assert response.status_code == 303
    [workout] = [w for w in workouts_of(user) if not w.finished]
    workout.finished_at = workout.started_at
    db.session.commit()
    return statements


def test_starting_a_big_day_costs_as_many_queries_as_a_small_one(
    app, client, make_user, make_exercise, make_day, make_workout
):
    from tests.conftest import log_in

    user = make_user()
    log_in(client, user.email)
    lifts = [make_exercise() for _ in range(12)]
    make_workout(user, [(lift, [done("50", 10), done("55", 8)]) for lift in lifts])
    small = make_day(user, [(lift, {"sets": 2}) for lift in lifts[:2]], name="Small")
    big = make_day(user, [(lift, {"sets": 5}) for lift in lifts], name="Big")

    small_count = len(start_day(client, user, small))
    big_count = len(start_day(client, user, big))

    assert big_count == small_count
    made = db.session.scalar(
        select(func.count())
        .select_from(WorkoutSet)
        .join(PerformedExercise)
        .join(Workout)
        .where(Workout.name == "Big", WorkoutSet.weight_kg == Decimal("55"))
    )
    assert made == 12 * 4  # sets 2-5 of every lift came from last time's set 2
