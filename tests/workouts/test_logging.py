"""The logic behind the live workout: last time, set labels, rest, order."""

from decimal import Decimal
from types import SimpleNamespace

from homegym.extensions import db
from homegym.workouts import logging as live
from homegym.workouts.last_time import (
    last_performance,
    last_performances,
    last_time_hints,
)
from tests.conftest import count_queries
from tests.workouts.conftest import done, planned


def test_last_time_is_the_latest_session_with_completed_sets(
    user, exercises, make_workout
):
    squat, bench = exercises["squat"], exercises["bench"]
    make_workout(user, [(squat, [done("90", 5)]), (bench, [done("70", 8)])], days_ago=9)
    make_workout(user, [(squat, [done("95", 5), done("97.5", 4)])], days_ago=5)
    # Started but nothing ticked: it does not count as last time.
    make_workout(user, [(squat, [planned("200", 1)])], days_ago=2)

    user_id, ids = user.id, [squat.id, bench.id, exercises["pullup"].id]

    with count_queries() as statements:
        found = last_performances(user_id, ids)

    assert len(statements) == 2  # the latest sessions, then their sets
    assert [(s.weight_kg, s.reps) for s in found[squat.id]] == [
        (Decimal("95"), 5),
        (Decimal("97.5"), 4),
    ]
    assert [(s.weight_kg, s.reps) for s in found[bench.id]] == [(Decimal("70"), 8)]
    assert exercises["pullup"].id not in found


def test_last_time_of_a_past_workout_is_what_came_before_it(
    user, exercises, make_workout
):
    squat = exercises["squat"]
    make_workout(user, [(squat, [done("90", 5)])], days_ago=9)
    middle = make_workout(user, [(squat, [done("95", 5)])], days_ago=5)
    make_workout(user, [(squat, [done("100", 5)])], days_ago=1)

    found = last_performances(user.id, [squat.id], before=middle)

    assert [s.weight_kg for s in found[squat.id]] == [Decimal("90")]


def test_last_time_of_one_exercise_is_one_query_with_the_same_answer(
    user, make_user, exercises, make_workout
):
    squat, bench = exercises["squat"], exercises["bench"]
    make_workout(make_user(), [(squat, [done("300", 1)])], days_ago=3)
    make_workout(user, [(squat, [done("90", 5), done("92.5", 5)])], days_ago=9)
    # Two sessions of squat in one workout: the later place is last time.
    make_workout(
        user,
        [(squat, [done("95", 5)]), (bench, [done("70", 8)]), (squat, [done("60", 10)])],
        days_ago=5,
    )
    make_workout(user, [(squat, [planned("200", 1)])], days_ago=2)
    # Started at the same moment as the one after it: the id breaks the tie.
    tied = make_workout(user, [(squat, [done("100", 3)])], days_ago=1)
    latest = make_workout(user, [(squat, [planned("105", 3)])], days_ago=1)
    user_id = user.id
    ids = [squat.id, bench.id, exercises["pullup"].id]
    db.session.refresh(tied)
    db.session.refresh(latest)

    for before in (None, tied, latest):
        for exercise_id in ids:
            with count_queries() as statements:
                one = last_performance(user_id, exercise_id, before)
            many = last_performances(user_id, [exercise_id], before)

            assert len(statements) == 1
            assert one == many.get(exercise_id, [])
    assert [s.weight_kg for s in last_performance(user_id, ids[0], latest)] == [
        Decimal("100")
    ]
    assert [s.weight_kg for s in last_performance(user_id, ids[0], tied)] == [
        Decimal("60")
    ]


def test_other_users_history_is_never_last_time(
    user, make_user, exercises, make_workout
):
    make_workout(make_user(), [(exercises["squat"], [done("300", 1)])])

    assert last_performances(user.id, [exercises["squat"].id]) == {}


def fake_set(set_id, kind="normal", weight=None, reps=None):
    return SimpleNamespace(id=set_id, kind=kind, weight_kg=weight, reps=reps)


def test_hints_pair_warmups_with_warmups_and_work_with_work():
    last = [
        fake_set(1, "warmup", 40, 5),
        fake_set(2, "normal", 100, 8),
        fake_set(3, "normal", 100, 7),
    ]
    now = [
        fake_set(10, "warmup"),
        fake_set(11, "warmup"),
        fake_set(12),
        fake_set(13, "drop"),
        fake_set(14),
    ]

    hints = last_time_hints(now, last)

    assert {key: hint.id for key, hint in hints.items()} == {
        10: 1,
        11: 1,
        12: 2,
        13: 3,
        14: 3,
    }
    assert last_time_hints([fake_set(20)], []) == {20: None}


def test_set_labels_number_only_normal_sets():
    sets = [
        fake_set(1, "warmup"),
        fake_set(2),
        fake_set(3),
        fake_set(4, "drop"),
        fake_set(5, "failure"),
        fake_set(6),
    ]

    labels = live.set_labels(sets)

    assert list(labels.values()) == ["W", "1", "2", "D", "F", "3"]


def test_rest_defaults_to_two_minutes():
    assert live.rest_seconds(SimpleNamespace(rest_seconds=None)) == 120
    assert live.rest_seconds(SimpleNamespace(rest_seconds=0)) == 0


def test_moving_past_either_end_changes_nothing(user, exercises, make_workout):
    workout = make_workout(
        user,
        [(exercises["squat"], []), (exercises["bench"], [])],
        days_ago=0,
        finished=False,
    )
    first, second = workout.exercises

    assert live.move_exercise(first, -1) is False
    assert live.move_exercise(second, 1) is False
    assert live.move_exercise(second, -1) is True
    db.session.commit()

    assert [p.exercise_id for p in workout.exercises] == [
        exercises["bench"].id,
        exercises["squat"].id,
    ]
    assert [p.position for p in workout.exercises] == [0, 1]
