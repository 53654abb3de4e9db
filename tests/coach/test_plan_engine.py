"""The engine's plans, checked for 24 lifters as a coach would check them."""

import pytest
from sqlalchemy import select

from homegym.coach import rules
from homegym.coach.planner import PlanRequest, generate_plan, muscle_shares
from homegym.coach.saving import save_plan
from homegym.coach.schema import PLAN_TOPICS
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.models import Plan
from homegym.sources.models import TrainingSource
from tests.coach.conftest import exercise

# goal, experience, days, minutes, gym, excluded muscles
PROFILES = [
    ("strength", "beginner", 2, 45, "barbell", ()),
    ("strength", "beginner", 3, 60, "full", ()),
    ("strength", "intermediate", 3, 75, "barbell", ()),
    ("strength", "intermediate", 4, 60, "full", ()),
    ("strength", "advanced", 4, 90, "full", ()),
    ("strength", "advanced", 5, 75, "barbell", ()),
    ("strength", "advanced", 2, 30, "full", ()),
    ("hypertrophy", "beginner", 2, 60, "dumbbells", ()),
    ("hypertrophy", "beginner", 3, 45, "bands", ()),
    ("hypertrophy", "intermediate", 3, 60, "dumbbells", ()),
    ("hypertrophy", "intermediate", 4, 75, "full", ("chest",)),
    ("hypertrophy", "intermediate", 5, 60, "full", ()),
    ("hypertrophy", "advanced", 6, 90, "full", ()),
    ("hypertrophy", "advanced", 6, 45, "dumbbells", ()),
    ("hypertrophy", "advanced", 4, 30, "kettlebells", ()),
    ("general", "beginner", 2, 30, "bodyweight", ()),
    ("general", "beginner", 3, 40, "bodyweight", ()),
    ("general", "beginner", 3, 60, "kettlebells", ()),
    ("general", "intermediate", 2, 60, "bands", ("shoulders",)),
    ("general", "intermediate", 4, 45, "dumbbells", ()),
    ("general", "advanced", 5, 50, "full", ()),
    ("general", "advanced", 6, 30, "barbell", ()),
    ("hypertrophy", "beginner", 6, 60, "bodyweight", ()),
    ("strength", "intermediate", 6, 90, "kettlebells", ("quads",)),
]


def day_groups(day, exercises) -> dict[str, float]:
    totals: dict[str, float] = {}
    for item in day.items:
        for group, share in muscle_shares(exercises[item.exercise_id]).items():
            totals[group] = totals.get(group, 0) + share * item.sets
    return totals


def trainable(usable, excluded) -> set[str]:
    direct = {rules.group_of(m) for e in usable for m in e.primary_muscles}
    return (direct & set(rules.MAJOR_MUSCLES)) - set(excluded)


@pytest.mark.parametrize(
    ("goal", "experience", "days", "minutes", "gym", "excluded"), PROFILES
)
def test_plan_is_one_a_coach_would_sign(
    library, gym_user, goal, experience, days, minutes, gym, excluded
):
    user = gym_user(gym)
    request = PlanRequest(goal, experience, days, minutes, excluded_muscles=excluded)
    plan = generate_plan(user, request)
    exercises = {e.id: e for e in db.session.scalars(select(Exercise))}
    equipment = user.equipment_settings()
    usable = [
        e
        for e in exercises.values()
        if e.usable_with(equipment) and not set(excluded) & set(e.primary_muscles)
    ]
    groups = trainable(usable, excluded)
    low, high, _sources = rules.volume_range(goal, experience)

    assert len(plan.days) == days
    for day in plan.days:
        chosen = [exercises[item.exercise_id] for item in day.items]
        assert chosen, day.name
        # Only what the equipment allows; nothing excluded.
        assert all(e.usable_with(equipment) for e in chosen)
        assert not any(set(excluded) & set(e.primary_muscles) for e in chosen)
        # Compounds first.
        mechanics = [e.mechanic for e in chosen]
        assert mechanics == sorted(mechanics, key=lambda m: m != "compound")
        # The time budget: warm-up, every set and its rest.
        seconds = rules.WARMUP_MINUTES * 60 + sum(
            item.sets * (rules.SET_SECONDS + item.rest_seconds) for item in day.items
        )
        assert seconds <= minutes * 60
        assert day.minutes <= minutes

    # Every trainable major group at least twice a week.
    for group in groups:
        trained_on = [
            d for d in plan.days if day_groups(d, exercises).get(group, 0) >= 1
        ]
        assert len(trained_on) >= 2, (group, [d.name for d in plan.days])

    # Weekly sets in the range; a group below it is named with the reason
    # (the time budget, or other groups that would overflow) and still gets
    # the minimum dose of a set a session twice a week.
    reasons = {reason.topic: reason for reason in plan.rationale}
    for group in groups:
        weekly = plan.weekly_sets.get(group, 0)
        assert weekly <= high, group
        if weekly < low:
            explained = reasons["time"].text + reasons["volume"].text
            assert group in explained, (group, weekly, low)
            assert weekly >= 2, group

    # Reps and effort for the goal; rests by kind.
    for day in plan.days:
        for item in day.items:
            compound = exercises[item.exercise_id].mechanic == "compound"
            rx = rules.prescription(goal, experience, compound)
            assert (item.reps_min, item.reps_max) == (rx.reps_min, rx.reps_max)
            assert item.target_rpe == rx.rpe
            assert item.rest_seconds == rx.rest_seconds
            if experience == "beginner":
                assert item.target_rpe <= rules.BEGINNER_MAX_RPE

    # Progression and deload are part of it, with load steps for loaded lifts.
    assert {*PLAN_TOPICS, "progression", "deload"} <= set(reasons)
    assert plan.deload_every_weeks == rules.DELOAD_EVERY_WEEKS[experience]
    for day in plan.days:
        for item in day.items:
            picked = exercises[item.exercise_id]
            if "barbell" in picked.equipment:
                assert item.load_step_kg == 2.5  # two of the smallest plate, 1.25 kg
            if picked.load == "bodyweight":
                assert item.load_step_kg is None

    # Every rationale cites entries that exist in the catalogue.
    catalogue = set(db.session.scalars(select(TrainingSource.key)))
    for reason in plan.rationale:
        assert reason.sources and set(reason.sources) <= catalogue, reason


def test_there_are_at_least_twenty_profiles():
    assert len(PROFILES) >= 20
    assert {p[2] for p in PROFILES} == {2, 3, 4, 5, 6}
    assert min(p[3] for p in PROFILES) <= 30 and max(p[3] for p in PROFILES) >= 90


def test_same_request_gives_the_same_plan(library, gym_user):
    user = gym_user("full")
    request = PlanRequest("hypertrophy", "intermediate", 4, 60)
    assert generate_plan(user, request) == generate_plan(user, request)


def test_excluded_exercises_are_left_out(library, gym_user):
    user = gym_user("full")
    squat, bench = exercise("back_squat"), exercise("bench_press")
    request = PlanRequest("strength", "intermediate", 3, 60, (squat.id, bench.id))
    chosen = {i.exercise_id for d in generate_plan(user, request).days for i in d.items}
    assert squat.id not in chosen and bench.id not in chosen


def test_bodyweight_gym_says_what_it_cannot_train(library, gym_user):
    plan = generate_plan(
        gym_user("bodyweight"), PlanRequest("general", "beginner", 3, 45)
    )
    equipment = next(r for r in plan.rationale if r.topic == "equipment")
    assert "back" in equipment.text


def test_a_saved_plan_is_a_normal_editable_plan(library, gym_user):
    user = gym_user("dumbbells", units="kg")
    result = generate_plan(user, PlanRequest("hypertrophy", "beginner", 3, 60))

    plan = save_plan(user, result)
    db.session.commit()

    saved = db.session.get(Plan, plan.id)
    assert saved.user_id == user.id and [d.name for d in saved.days] == [
        d.name for d in result.days
    ]
    first = saved.days[0].exercises[0]
    item = result.days[0].items[0]
    assert (first.sets, first.reps_min, first.reps_max) == (
        item.sets,
        item.reps_min,
        item.reps_max,
    )
    assert first.target_rpe == 7.5 and "add 2 kg" in first.notes
    assert "[schoenfeld2016frequency, grgic2018frequency]" in saved.notes
