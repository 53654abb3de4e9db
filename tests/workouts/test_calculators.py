"""Plate and warm-up arithmetic on cases worked out by hand, in kg and in lb."""

from decimal import Decimal

import pytest

from homegym.units import to_kg
from homegym.workouts.calculators import (
    WarmupSet,
    nearest_loadable,
    plate_size,
    plates_for,
    warmup_sets,
)

KG_PLATES = [Decimal(p) for p in ("25", "20", "15", "10", "5", "2.5", "1.25")]
BAR = Decimal(20)
LB_PLATES = [to_kg(p, "lb") for p in ("45", "35", "25", "10", "5", "2.5")]
LB_BAR = to_kg(45, "lb")


def kg(*values) -> tuple[Decimal, ...]:
    return tuple(Decimal(str(value)) for value in values)


def lb(*values) -> tuple[Decimal, ...]:
    return tuple(to_kg(value, "lb") for value in values)


@pytest.mark.parametrize(
    ("target", "side"),
    [
        ("100", kg(25, 15)),
        ("102.5", kg(25, 15, 1.25)),
        ("20", ()),
        ("22.5", kg(1.25)),
        ("60", kg(20)),
        ("140", kg(25, 25, 10)),
        ("182.5", kg(25, 25, 25, 5, 1.25)),
    ],
)
def test_exact_kg_loads_go_heaviest_first(target, side):
    result = plates_for(Decimal(target), BAR, KG_PLATES)

    assert result.plates == side
    assert result.total_kg == Decimal(target)
    assert result.exact
    assert result.above_kg is None


def test_a_weight_between_loadings_shows_the_nearest_below_and_above():
    result = plates_for(Decimal(101), BAR, KG_PLATES)

    assert not result.exact
    assert result.plates == kg(25, 15)
    assert result.total_kg == Decimal(100)
    assert result.remainder_kg == Decimal(1)
    assert result.above_kg == Decimal("102.5")


def test_plates_are_counted_per_size():
    result = plates_for(Decimal(220), BAR, KG_PLATES)

    assert result.plates == kg(25, 25, 25, 25)
    assert result.grouped() == [(Decimal(25), 4)]


def test_a_lb_lifter_loads_225_with_two_45s_a_side():
    result = plates_for(to_kg(225, "lb"), LB_BAR, LB_PLATES, unit="lb")

    assert result.plates == lb(45, 45)
    assert result.exact
    assert result.total_kg == to_kg(225, "lb")


@pytest.mark.parametrize(
    ("target", "side"),
    [(135, lb(45)), (185, lb(45, 25)), (315, lb(45, 45, 45)), (230, lb(45, 45, 2.5))],
)
def test_lb_loads_are_exact_in_pounds(target, side):
    result = plates_for(to_kg(target, "lb"), LB_BAR, LB_PLATES, unit="lb")

    assert result.plates == side
    assert result.exact


def test_an_unloadable_lb_weight_rounds_within_pounds():
    result = plates_for(to_kg(227, "lb"), LB_BAR, LB_PLATES, unit="lb")

    assert result.total_kg == to_kg(225, "lb")
    assert result.above_kg == to_kg(230, "lb")
    assert result.remainder_kg == to_kg(2, "lb")


def test_odd_plate_sets_still_find_an_exact_loading():
    # Greedy would put a 20 on each side and leave 10 kg short.
    result = plates_for(Decimal(80), BAR, kg(20, 15))

    assert result.plates == kg(15, 15)
    assert result.exact


def test_fewest_plates_win_over_many_small_ones():
    # 25 + 5 + 5 + 5 would also make 40 a side, with twice the plates.
    result = plates_for(Decimal(100), BAR, kg(25, 20, 5))

    assert result.plates == kg(20, 20)


def test_without_plates_the_bar_is_all_there_is():
    result = plates_for(Decimal(60), BAR, [])

    assert result.plates == ()
    assert result.total_kg == BAR
    assert result.remainder_kg == Decimal(40)
    assert result.above_kg is None


def test_unpaired_loading_lists_every_plate():
    result = plates_for(Decimal(35), Decimal(0), KG_PLATES, pairs=False)

    assert result.plates == kg(25, 10)
    assert result.exact


@pytest.mark.parametrize("target", ["19.5", "0", "-20"])
def test_a_target_below_the_bar_or_not_above_zero_is_refused(target):
    with pytest.raises(ValueError, match="bar"):
        plates_for(Decimal(target), BAR, KG_PLATES)


def test_huge_sums_with_an_odd_plate_fall_back_to_greedy_quickly():
    result = plates_for(Decimal(900), BAR, kg(25, "1.001"))

    assert result.plates[:3] == kg(25, 25, 25)
    assert result.total_kg <= Decimal(900)
    assert result.above_kg > Decimal(900)


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("24", "25"), ("23.75", "22.5"), ("36", "35"), ("19", "20"), ("100", "100")],
)
def test_nearest_loadable_rounds_to_the_closer_loading_down_on_a_tie(weight, expected):
    assert nearest_loadable(Decimal(weight), BAR, KG_PLATES) == Decimal(expected)


def test_warmup_for_100_kg_is_the_classic_ramp():
    assert warmup_sets(Decimal(100), BAR, KG_PLATES) == [
        WarmupSet(Decimal(20), 10),
        WarmupSet(Decimal(40), 5),
        WarmupSet(Decimal(60), 3),
        WarmupSet(Decimal(80), 2),
    ]


def test_warmup_steps_round_to_loadable_weights():
    # 40/60/80 % of 60 kg are 24, 36 and 48 kg: the nearest loadings.
    assert warmup_sets(Decimal(60), BAR, KG_PLATES) == [
        WarmupSet(Decimal(20), 10),
        WarmupSet(Decimal(25), 5),
        WarmupSet(Decimal(35), 3),
        WarmupSet(Decimal("47.5"), 2),
    ]


def test_warmup_skips_steps_at_or_below_the_bar():
    # 12 and 18 kg are below the bar; 24 kg rounds to 25.
    assert warmup_sets(Decimal(30), BAR, KG_PLATES) == [
        WarmupSet(Decimal(20), 10),
        WarmupSet(Decimal(25), 2),
    ]


def test_warmup_never_reaches_the_working_weight():
    # 80 % of 25 kg is 20 kg (the bar again); only the empty bar is left.
    assert warmup_sets(Decimal(25), BAR, KG_PLATES) == [WarmupSet(Decimal(20), 10)]
    # With only 20 kg plates, 80 % of 60 kg (48) would round up to 60 itself.
    ramp = warmup_sets(Decimal(60), BAR, kg(20))
    assert all(step.weight_kg < Decimal(60) for step in ramp)
    assert ramp == [WarmupSet(Decimal(20), 10)]


def test_warmup_in_pounds_uses_pound_plates():
    assert warmup_sets(to_kg(225, "lb"), LB_BAR, LB_PLATES, unit="lb") == [
        WarmupSet(to_kg(45, "lb"), 10),
        WarmupSet(to_kg(90, "lb"), 5),
        WarmupSet(to_kg(135, "lb"), 3),
        WarmupSet(to_kg(180, "lb"), 2),
    ]


@pytest.mark.parametrize(
    ("work", "load"), [("40", "bodyweight"), ("20", "external"), ("15", "external")]
)
def test_bodyweight_or_bar_only_work_gets_reps_without_load(work, load):
    ramp = warmup_sets(Decimal(work), BAR, KG_PLATES, load=load)

    assert ramp and all(step.weight_kg is None for step in ramp)
    assert [step.reps for step in ramp] == sorted((s.reps for s in ramp), reverse=True)


def test_plates_are_drawn_bigger_when_heavier():
    sizes = [plate_size(p) for p in KG_PLATES]

    assert sizes == sorted(sizes, reverse=True)
    assert plate_size(to_kg(45, "lb")) == plate_size(Decimal(20))
