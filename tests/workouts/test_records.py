"""Records and e1RM, checked against sums worked out by hand."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from homegym.workouts.records import (
    brzycki,
    epley,
    exercise_records,
    new_records,
)
from homegym.workouts.totals import workout_totals

DAY = datetime(2026, 11, 2, 18, 0)


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        ("100", 1, "100"),  # a single is its own 1RM
        ("100", 5, "116.6667"),  # 100 × (1 + 5/30)
        ("60", 10, "80"),  # 60 × (1 + 10/30)
        ("102.5", 3, "112.75"),  # 102.5 × 1.1
    ],
)
def test_epley(weight, reps, expected):
    assert epley(Decimal(weight), reps) == Decimal(expected)


@pytest.mark.parametrize(
    ("weight", "reps", "expected"),
    [
        ("100", 1, "100"),  # 100 × 36/36
        ("100", 5, "112.5"),  # 100 × 36/32
        ("100", 10, "133.3333"),  # 100 × 36/27
        ("100", 11, None),  # beyond 10 reps Brzycki is not used
    ],
)
def test_brzycki(weight, reps, expected):
    result = brzycki(Decimal(weight), reps)
    assert result == (Decimal(expected) if expected else None)


def test_no_estimate_without_reps():
    with pytest.raises(ValueError):
        epley(Decimal(100), 0)


@pytest.fixture
def bench(app):
    exercise = Exercise(
        key="test_bench",
        name_en="Bench Press",
        name_de="Bankdrücken",
        primary_muscles=["chest"],
        equipment=["barbell", "bench"],
    )
    db.session.add(exercise)
    db.session.commit()
    return exercise


def log_workout(user, exercise, sets, days=0, finished=True):
    """Store a workout of one exercise; sets are (weight, reps, kind, done)."""
    started = DAY + timedelta(days=days)
    workout = Workout(
        user_id=user.id,
        name="Push",
        started_at=started,
        finished_at=started + timedelta(hours=1) if finished else None,
    )
    performed = PerformedExercise(user_id=user.id, exercise_id=exercise.id)
    workout.exercises.append(performed)
    for position, (weight, reps, kind, done) in enumerate(sets):
        performed.sets.append(
            WorkoutSet(
                user_id=user.id,
                position=position,
                kind=kind,
                reps=reps,
                weight_kg=Decimal(weight) if weight is not None else None,
                completed_at=started if done else None,
            )
        )
    db.session.add(workout)
    db.session.commit()
    return workout


def normal(weight, reps):
    return (weight, reps, "normal", True)


def kinds(records):
    return {(record.kind, record.value, record.previous) for record in records}


def test_first_workout_sets_a_baseline_not_records(user, bench):
    workout = log_workout(user, bench, [normal("100", 5)])

    assert new_records(workout) == []


def test_heavier_weight_and_more_reps_at_a_weight(user, bench):
    log_workout(
        user,
        bench,
        [
            ("60", 10, "warmup", True),
            normal("100", 5),
            normal("100", 5),
            ("110", 1, "normal", False),
        ],
    )
    today = log_workout(user, bench, [normal("105", 3), normal("100", 6)], days=3)

    # 105 beats 100; 6 reps at 100 beat 5; Epley 100×6 = 120 beats 100×5 =
    # 116.67 (105×3 = 115.5 would not). The volume 315 + 600 = 915 < 1000 is no
    # record. The warm-up and the unticked 110 never counted.
    assert kinds(new_records(today)) == {
        ("weight", Decimal("105"), Decimal("100.00")),
        ("reps", Decimal("6"), Decimal("5")),
        ("e1rm", Decimal("120.0000"), Decimal("116.67")),
    }


def test_e1rm_and_volume_records(user, bench):
    log_workout(user, bench, [normal("100", 5), normal("100", 5)])
    today = log_workout(user, bench, [normal("90", 12), normal("80", 10)], days=2)

    # Epley 90×12 = 126 beats 116.67; volume 1080 + 800 = 1880 beats 1000.
    assert kinds(new_records(today)) == {
        ("e1rm", Decimal("126.0000"), Decimal("116.67")),
        ("volume", Decimal("1880.0000"), Decimal("1000.00")),
    }


def test_only_earlier_finished_workouts_of_the_same_user_count(user, make_user, bench):
    other = make_user()
    log_workout(other, bench, [normal("200", 5)])
    log_workout(user, bench, [normal("100", 5)])
    log_workout(user, bench, [normal("150", 5)], days=1, finished=False)
    log_workout(user, bench, [normal("160", 5)], days=9)  # later than today
    today = log_workout(user, bench, [normal("110", 5)], days=3)

    assert ("weight", Decimal("110"), Decimal("100.00")) in kinds(new_records(today))


def test_exercise_records(user, bench):
    first = log_workout(user, bench, [normal("100", 5), normal("100", 5)])
    second = log_workout(
        user,
        bench,
        [normal("105", 3), normal("90", 12), ("120", 1, "warmup", True)],
        days=2,
    )

    records = exercise_records(user.id, bench.id)

    assert (records.heaviest.value, records.heaviest.workout_id) == (
        Decimal("105.0000"),
        second.id,
    )
    assert records.best_e1rm_epley.value == Decimal("126.0000")  # 90 × 12
    assert records.best_e1rm_brzycki.value == Decimal("112.5000")  # 100 × 5
    assert records.best_e1rm_brzycki.workout_id == first.id
    assert records.best_volume.value == Decimal("1395.0000")  # 315 + 1080
    assert [(r.weight_kg, r.reps) for r in records.reps_by_weight] == [
        (Decimal("105.0000"), 3),
        (Decimal("100.0000"), 5),
        (Decimal("90.0000"), 12),
    ]


def test_bodyweight_sets_give_rep_records(user, app):
    pullup = Exercise(
        key="test_pullup", name_en="Pull-up", name_de="Klimmzug", load="bodyweight"
    )
    db.session.add(pullup)
    db.session.commit()
    log_workout(user, pullup, [normal(None, 8)])
    today = log_workout(user, pullup, [normal(None, 10)], days=2)

    assert kinds(new_records(today)) == {("reps", Decimal("10"), Decimal("8"))}
    assert exercise_records(user.id, pullup.id).heaviest is None


def test_workout_totals_leave_out_warmups_and_unticked_sets(user, bench):
    workout = log_workout(
        user,
        bench,
        [
            ("60", 10, "warmup", True),
            normal("100", 5),
            ("100", 5, "normal", False),
            ("80", 8, "drop", True),
        ],
    )
    empty = log_workout(user, bench, [], days=1)

    totals = workout_totals([workout.id, empty.id])

    assert totals[workout.id].sets == 2
    assert totals[workout.id].volume_kg == Decimal("1140.0000")  # 500 + 640
    assert totals[empty.id].sets == 0


def test_rep_records_leave_out_weights_a_heavier_one_matched(user, bench):
    log_workout(user, bench, [normal("80", 8), normal("85", 8), normal("60", 15)])
    log_workout(user, bench, [normal("90", 3), normal("70", 8)], days=2)

    records = exercise_records(user.id, bench.id)

    # 80 × 8 and 70 × 8 are matched by 85 × 8; 60 × 15 beats them all in reps.
    assert [(r.weight_kg, r.reps) for r in records.reps_by_weight] == [
        (Decimal("90.0000"), 3),
        (Decimal("85.0000"), 8),
        (Decimal("60.0000"), 15),
    ]
