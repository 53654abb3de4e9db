"""Progression steps from what the user can load: plates in pairs, the next
dumbbell pair or kettlebell up from the working weight."""

from decimal import Decimal

import pytest

from homegym.accounts.models import DEFAULT_EQUIPMENT
from homegym.coach.guidance import round_load
from homegym.coach.loads import load_step_kg, owned_loads
from homegym.coach.planner import PlanRequest, generate_plan
from homegym.coach.saving import save_plan
from homegym.exercises.models import Exercise
from homegym.extensions import db
from tests.coach.conftest import exercise

BELLS = {"kettlebells": True, "kettlebell_weights": ["24", "16", "12", "8"]}
# Pairs of 4, 12 and 20 kg.
PAIRS = {"dumbbells": True, "dumbbell_min": "4", "dumbbell_max": "20"}
SPARSE_DUMBBELLS = {**PAIRS, "dumbbell_step": "8"}


def step(key: str, equipment: dict, working=None):
    working = None if working is None else Decimal(str(working))
    found = load_step_kg(exercise(key), {**DEFAULT_EQUIPMENT, **equipment}, working)
    return None if found is None else float(found)


@pytest.mark.parametrize(
    ("working", "expected"), [(8, 4), (12, 4), (16, 8), (24, None), (10, 2)]
)
def test_a_kettlebell_steps_to_the_next_bell_up(library, working, expected):
    assert step("kettlebell_swing", BELLS, working) == expected


def test_kettlebells_without_a_working_weight_step_only_when_evenly_spaced(library):
    assert step("kettlebell_swing", BELLS) is None  # 4, 4 then 8
    even = {"kettlebells": True, "kettlebell_weights": ["12", "16", "20", "24"]}
    assert step("kettlebell_swing", even) == 4


@pytest.mark.parametrize(
    ("working", "expected"), [(4, 8), (12, 8), (13, 7), (20, None), (2, 2)]
)
def test_a_dumbbell_steps_to_the_next_pair_up(library, working, expected):
    assert step("dumbbell_curl", SPARSE_DUMBBELLS, working) == expected


def test_the_pairs_owned_are_the_steps_from_the_lightest_and_the_heaviest(library):
    curl = exercise("dumbbell_curl")
    uneven = {**DEFAULT_EQUIPMENT, **PAIRS, "dumbbell_min": "2", "dumbbell_max": "25"}

    assert owned_loads(curl, {**DEFAULT_EQUIPMENT, **SPARSE_DUMBBELLS}) == [4, 12, 20]
    assert owned_loads(curl, {**uneven, "dumbbell_step": "2"})[-2:] == [24, 25]
    assert owned_loads(curl, {**DEFAULT_EQUIPMENT, **PAIRS, "dumbbell_step": ""}) == [
        4,
        20,
    ]
    assert step("dumbbell_curl", {**PAIRS, "dumbbell_step": "8"}) == 8
    assert step("dumbbell_curl", {"dumbbell_max": "25", "dumbbell_step": "2"}) is None
    assert step("dumbbell_curl", {"dumbbell_max": "25", "dumbbell_step": "2"}, 24) == 1


def test_a_barbell_steps_by_two_of_the_smallest_plate(library):
    assert step("bench_press", {"plates": ["20", "10", "2.5"]}) == 5
    assert step("bench_press", {"plates": ["20", "10", "2.5"]}, 62.5) == 5
    assert step("bench_press", {"plates": []}) is None
    assert step("push_up", BELLS) is None


def kettlebell_user(make_user):
    return make_user(equipment={**DEFAULT_EQUIPMENT, **BELLS})


def kettlebell_items(plan):
    return {
        item.exercise_id: item
        for day in plan.days
        for item in day.items
        if "kettlebells" in exercise_by_id(item.exercise_id).equipment
    }


def exercise_by_id(exercise_id: int) -> Exercise:
    return db.session.get(Exercise, exercise_id)


def test_a_plan_steps_from_the_bell_last_lifted(library, make_user, log_workout):
    user = kettlebell_user(make_user)
    request = PlanRequest("general", "beginner", 3, 60)
    items = kettlebell_items(generate_plan(user, request))
    lifted, at_the_top, *_rest = sorted(items)
    log_workout(user, exercise_by_id(lifted).key, [(12, 10, 7), (16, 10, 7)])
    log_workout(user, exercise_by_id(at_the_top).key, [(24, 8, 7)])

    result = generate_plan(user, request)
    items = kettlebell_items(result)
    plan = save_plan(user, result)
    db.session.commit()

    assert items[lifted].load_step_kg == 8  # 16 to 24
    assert items[at_the_top].load_step_kg is None  # 24 is the heaviest bell
    notes = {row.exercise_id: row.notes for day in plan.days for row in day.exercises}
    assert "add 8 kg" in notes[lifted]
    assert notes[at_the_top] == ""
    # Never lifted: the bells are not evenly spaced, so no one step is right.
    others = [notes[i] for i in items if i not in (lifted, at_the_top)]
    assert others and all("next heavier weight you own" in n for n in others)


def test_a_plan_with_sparse_dumbbells_steps_to_the_next_pair(
    library, make_user, log_workout
):
    user = make_user(equipment={**DEFAULT_EQUIPMENT, **SPARSE_DUMBBELLS, "bench": True})
    request = PlanRequest("hypertrophy", "beginner", 3, 60)
    first = generate_plan(user, request).days[0].items[0]
    log_workout(user, exercise_by_id(first.exercise_id).key, [(12, 10, 7)])

    result = generate_plan(user, request)
    plan = save_plan(user, result)
    db.session.commit()

    item = result.days[0].items[0]
    assert (item.exercise_id, item.load_step_kg) == (first.exercise_id, 8)
    assert first.load_step_kg == 8  # without history: 4, 12, 20 are evenly spaced
    assert "add 8 kg" in plan.days[0].exercises[0].notes


@pytest.mark.parametrize(("wanted", "expected"), [(14, 12), (16, 20), (30, 20), (3, 4)])
def test_live_guidance_rounds_to_a_pair_the_user_owns(library, wanted, expected):
    equipment = {**DEFAULT_EQUIPMENT, **SPARSE_DUMBBELLS}
    curl = exercise("dumbbell_curl")

    assert round_load(Decimal(wanted), curl, equipment, "kg") == expected


def test_the_heaviest_pair_counts_even_off_the_steps(library):
    equipment = {**DEFAULT_EQUIPMENT, "dumbbell_max": "25"}  # 2, 4 ... 24 and 25

    assert round_load(Decimal("24.6"), exercise("dumbbell_curl"), equipment, "kg") == 25
