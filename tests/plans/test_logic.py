"""The plan functions other parts call: next day, active plan, copy, order."""

from datetime import datetime, timedelta

from sqlalchemy import func, select

from homegym.extensions import db
from homegym.plans import logic
from homegym.plans.models import Plan, PlanDay, PlannedExercise

MAY = datetime(2024, 5, 1, 18, 0)


def names(days) -> list[str]:
    return [day.name for day in days]


def test_no_plan_means_no_next_day(user):
    assert logic.active_plan(user.id) is None
    assert logic.next_plan_day(user.id) is None


def test_an_inactive_plan_offers_no_day(user, make_plan):
    make_plan(user, days=[("A", 1)], active=False)

    assert logic.next_plan_day(user.id) is None


def test_an_active_plan_without_days_offers_no_day(user, make_plan):
    plan = make_plan(user, days=[], active=True)

    assert logic.active_plan(user.id).id == plan.id
    assert logic.next_plan_day(user.id) is None


def test_nothing_trained_yet_offers_the_first_day(user, make_plan):
    make_plan(user, days=[("A", 1), ("B", 1)], active=True)

    assert logic.next_plan_day(user.id).name == "A"


def test_the_day_after_the_last_trained_and_wrap_around(user, make_plan, make_workout):
    plan = make_plan(user, days=[("A", 1), ("B", 1), ("C", 1)], active=True)
    a, b, c = plan.days

    make_workout(user, a, started_at=MAY)
    assert logic.next_plan_day(user.id).id == b.id

    make_workout(user, b, started_at=MAY + timedelta(days=2))
    assert logic.next_plan_day(user.id).id == c.id

    make_workout(user, c, started_at=MAY + timedelta(days=4))
    assert logic.next_plan_day(user.id).id == a.id


def test_the_latest_start_counts_not_the_latest_row(user, make_plan, make_workout):
    plan = make_plan(user, days=[("A", 1), ("B", 1), ("C", 1)], active=True)
    a, b, _ = plan.days
    make_workout(user, b, started_at=MAY + timedelta(days=3))
    make_workout(user, a, started_at=MAY)  # logged later, trained earlier

    assert logic.next_plan_day(user.id).name == "C"


def test_workouts_of_other_plans_and_other_users_are_ignored(
    user, make_user, make_plan, make_workout
):
    plan = make_plan(user, days=[("A", 1), ("B", 1)], active=True)
    old = make_plan(user, name="Old", days=[("X", 1), ("Y", 1)])
    bob = make_user()
    make_workout(user, plan.days[0], started_at=MAY)
    make_workout(user, old.days[0], started_at=MAY + timedelta(days=1))
    make_workout(user, None, started_at=MAY + timedelta(days=2))
    make_workout(bob, plan.days[1], started_at=MAY + timedelta(days=3))

    assert logic.next_plan_day(user.id).name == "B"
    assert logic.next_plan_day(bob.id) is None


def test_the_next_day_follows_the_order_after_a_move(user, make_plan, make_workout):
    plan = make_plan(user, days=[("A", 1), ("B", 1), ("C", 1)], active=True)
    make_workout(user, plan.days[0], started_at=MAY)

    logic.move_day(plan.days[2], -1)  # A, C, B
    db.session.commit()

    assert logic.next_plan_day(user.id).name == "C"


def test_exactly_one_active_plan(user, make_user, make_plan):
    first = make_plan(user, name="First", active=True)
    second = make_plan(user, name="Second")
    bobs = make_plan(make_user(), name="Bob's", active=True)

    logic.set_active(second)
    db.session.commit()

    active = db.session.scalars(
        select(Plan.name).where(Plan.user_id == user.id, Plan.active.is_(True))
    ).all()
    assert active == ["Second"]
    assert logic.active_plan(user.id).id == second.id
    db.session.refresh(first)
    db.session.refresh(bobs)
    assert not first.active and bobs.active


def test_the_first_plan_becomes_active_later_ones_do_not(user):
    first, _ = logic.create_plan(user.id, "First")
    second, _ = logic.create_plan(user.id, "Second")
    db.session.commit()

    assert first.active and not second.active


def test_a_replayed_uuid_returns_the_first_plan(user):
    uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    plan, created = logic.create_plan(user.id, "Push", uuid=uuid)
    again, created_again = logic.create_plan(user.id, "Push again", uuid=uuid)
    db.session.commit()

    assert created and not created_again
    assert again.id == plan.id and again.name == "Push"
    assert db.session.scalar(select(func.count(Plan.id))) == 1


def test_copy_is_deep_and_independent(user, make_plan, make_exercise):
    squat, bench, row = make_exercise(), make_exercise(), make_exercise()
    plan = make_plan(
        user, name="5x5", days=[("A", [squat, bench]), ("B", [row])], active=True
    )
    original_row = plan.days[0].exercises[1]
    original_row.superset_group, original_row.target_rpe = "A", 8
    original_row.sets, original_row.reps_min, original_row.reps_max = 5, 5, 5
    db.session.commit()

    copy = logic.copy_plan(plan)
    db.session.commit()

    assert copy.id != plan.id and copy.name == "5x5 (copy)" and not copy.active
    assert names(copy.days) == ["A", "B"]
    copied = copy.days[0].exercises[1]
    assert copied.id != original_row.id
    assert (copied.exercise_id, copied.sets, copied.reps_min, copied.reps_max) == (
        bench.id,
        5,
        5,
        5,
    )
    assert (copied.superset_group, copied.target_rpe) == ("A", 8)

    copied.sets = 2
    copy.days[0].name = "Changed"
    logic.remove_day(copy.days[1])
    db.session.commit()
    db.session.expire_all()
    assert names(plan.days) == ["A", "B"]
    assert plan.days[0].exercises[1].sets == 5
    assert plan.days[1].exercises[0].exercise_id == row.id


def test_removing_closes_the_gap_and_moving_keeps_positions_whole(user, make_plan):
    plan = make_plan(user, days=[("A", 4), ("B", 0), ("C", 0)])
    day = plan.days[0]

    logic.remove_planned_exercise(day.exercises[1])
    db.session.commit()
    assert [row.position for row in day.exercises] == [0, 1, 2]

    last = day.exercises[2]
    assert logic.move_planned_exercise(last, -1)
    assert not logic.move_planned_exercise(day.exercises[0], -1)
    db.session.commit()
    db.session.expire_all()
    assert day.exercises[1].id == last.id
    assert sorted(row.position for row in day.exercises) == [0, 1, 2]

    logic.remove_day(plan.days[1])
    db.session.commit()
    db.session.expire_all()
    assert [(d.name, d.position) for d in plan.days] == [("A", 0), ("C", 1)]


def test_added_days_are_numbered_and_placed_last(user, make_plan):
    plan = make_plan(user, days=[("Push", 0)])

    day = logic.add_day(plan)
    db.session.commit()

    assert (day.name, day.position) == ("Day 2", 1)


def test_deleting_a_plan_keeps_its_workouts(user, make_plan, make_workout):
    plan = make_plan(user, days=[("A", 2), ("B", 1)])
    workout = make_workout(user, plan.days[0])

    logic.delete_plan(plan)
    db.session.commit()

    db.session.refresh(workout)
    assert workout.plan_day_id is None
    assert db.session.scalar(select(func.count(PlanDay.id))) == 0
    assert db.session.scalar(select(func.count(PlannedExercise.id))) == 0
