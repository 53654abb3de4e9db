"""Plate and warm-up calculators: what to put on the bar, in the user's unit.

Weights come and go in kilograms (as stored), but the arithmetic runs in the
user's unit: a lb lifter's 45 lb plate is stored as 20.4117 kg, and only in
pounds do two of them on a 45 lb bar make exactly 225.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from math import gcd

from homegym.units import KG_PER_LB, to_kg

MILLI = Decimal("0.001")
# Sums of plates are searched exactly up to this many steps of the plate grid
# (25,000 kg with 1.25 kg plates); beyond it the plates are taken greedily.
SEARCH_LIMIT = 20_000
# Plate blocks are drawn in six heights, by kilograms (a 45 lb plate is a 20).
PLATE_SIZES = (
    (Decimal(20), 6),
    (Decimal(15), 5),
    (Decimal(10), 4),
    (Decimal(5), 3),
    (Decimal("2.5"), 2),
)
# The ramp to the first working set: a fraction of it and the reps there.
RAMP = ((Decimal("0.4"), 5), (Decimal("0.6"), 3), (Decimal("0.8"), 2))
EMPTY_BAR_REPS = 10
UNLOADED_RAMP = (8, 4)
# Shown where the warm-up calculator says that warming up helps.
WARMUP_SOURCE = (
    "Fradkin AJ, Zazryn TR, Smoliga JM. Effects of warming-up on physical "
    "performance: a systematic review with meta-analysis. J Strength Cond Res. "
    "2010;24(1):140-148. doi:10.1519/JSC.0b013e3181c643a0"
)
WARMUP_SOURCE_URL = "https://doi.org/10.1519/JSC.0b013e3181c643a0"


@dataclass(frozen=True)
class PlateResult:
    """How to load the bar for a target weight, and how near that comes."""

    target_kg: Decimal
    bar_kg: Decimal
    # One side's plates (or all of them when not loaded in pairs), heaviest first.
    plates: tuple[Decimal, ...]
    # The loaded bar: the target, or the nearest loadable weight below it.
    total_kg: Decimal
    remainder_kg: Decimal
    # The nearest loadable weight above the target, when it is not loadable.
    above_kg: Decimal | None
    pairs: bool = True

    @property
    def exact(self) -> bool:
        """Tell whether the target itself can be loaded."""
        return self.remainder_kg == 0

    def grouped(self) -> list[tuple[Decimal, int]]:
        """Count the plates of each size, heaviest first: [(20, 2), (5, 1)]."""
        counts: dict[Decimal, int] = {}
        for plate in self.plates:
            counts[plate] = counts.get(plate, 0) + 1
        return list(counts.items())


@dataclass(frozen=True)
class WarmupSet:
    """One warm-up set; ``weight_kg`` is None for reps without load."""

    weight_kg: Decimal | None
    reps: int


def _milli(kg: Decimal | str, unit: str) -> int:
    """Turn kilograms into whole thousandths of the user's unit."""
    amount = Decimal(str(kg))
    if unit == "lb":
        amount = amount / KG_PER_LB
    return int((amount / MILLI).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _kg(milli: int, unit: str) -> Decimal:
    """Turn thousandths of the user's unit back into stored kilograms."""
    return to_kg(Decimal(milli) * MILLI, unit)


class _Loader:
    """The sums one side of the bar can carry, on the grid of the owned plates."""

    def __init__(self, bar_kg, plates_kg, unit: str, pairs: bool) -> None:
        self.bar = _milli(bar_kg, unit)
        self.sides = 2 if pairs else 1
        self.sizes = sorted(
            {size for size in (_milli(p, unit) for p in plates_kg) if size > 0},
            reverse=True,
        )
        self.step = reduce(gcd, self.sizes) if self.sizes else 0

    def loadings(self, target: int) -> tuple[tuple[int, ...], int | None]:
        """Return the plates at or nearest below ``target``, and the side load
        of the nearest loading above when the target is not exact."""
        load = target - self.bar
        if not self.sizes or load <= 0:
            return (), None
        grid = self.step * self.sides
        floor, ceil = load // grid, -(-load // grid)
        coins = [size // self.step for size in self.sizes]
        if ceil + coins[0] > SEARCH_LIMIT:
            return self._greedy_loadings(load, floor, ceil)

        fewest = self._fewest(ceil + coins[0], coins)
        below = max(s for s in range(floor + 1) if fewest[s] is not None)
        above = None
        if below * grid != load:
            above = min(s for s in range(ceil, len(fewest)) if fewest[s] is not None)
            above *= self.step
        return self._pick(below, fewest, coins), above

    def total(self, side: int) -> int:
        """The weight of the bar with ``side`` on each side."""
        return self.bar + side * self.sides

    def _greedy_loadings(self, load: int, floor: int, ceil: int) -> tuple:
        """Heaviest plates first, for sums too large to search exactly."""
        side, plates = floor * self.step, []
        for size in self.sizes:
            count, side = divmod(side, size)
            plates.extend([size] * count)
        loaded = sum(plates)
        if loaded * self.sides == load:
            return tuple(plates), None
        # Enough of the smallest plate on top to pass the target.
        smallest = self.sizes[-1]
        missing = max(1, -(-(ceil * self.step - loaded) // smallest))
        return tuple(plates), loaded + smallest * missing

    @staticmethod
    def _fewest(limit: int, coins: list[int]) -> list[int | None]:
        """The fewest plates that make each sum up to ``limit`` (None: cannot)."""
        fewest: list[int | None] = [0] + [None] * limit
        for coin in coins:
            for s in range(coin, limit + 1):
                before = fewest[s - coin]
                if before is not None and (fewest[s] is None or before + 1 < fewest[s]):
                    fewest[s] = before + 1
        return fewest

    def _pick(self, s: int, fewest: list[int | None], coins: list[int]) -> tuple:
        # Heaviest plate first among the loadings with the fewest plates: for
        # every usual plate set this is exactly the greedy 25 + 15 of a lifter.
        plates = []
        while s > 0:
            coin = next(
                c
                for c in coins
                if c <= s
                and fewest[s - c] is not None
                and fewest[s - c] == fewest[s] - 1
            )
            plates.append(coin * self.step)
            s -= coin
        return tuple(plates)


def plates_for(
    target_kg: Decimal,
    bar_kg: Decimal,
    plates_kg: list[Decimal],
    pairs: bool = True,
    unit: str = "kg",
) -> PlateResult:
    """Say which owned plates load the bar to the target (or nearest below it).

    Any number of each plate size is assumed (the settings list sizes, not
    counts). With ``pairs`` the plates go on both sides and are listed per
    side; without, they are listed all together (a belt or a landmine).
    Raises ValueError for a target that is not above zero or is below the bar.
    """
    if target_kg <= 0 or target_kg < bar_kg:
        raise ValueError("the target must be at least the bar")
    loader = _Loader(bar_kg, plates_kg, unit, pairs)
    target = _milli(target_kg, unit)
    plates, above = loader.loadings(target)

    total = loader.total(sum(plates))
    return PlateResult(
        target_kg=_kg(target, unit),
        bar_kg=_kg(loader.bar, unit),
        plates=tuple(_kg(plate, unit) for plate in plates),
        total_kg=_kg(total, unit),
        remainder_kg=_kg(target - total, unit),
        above_kg=_kg(loader.total(above), unit) if above is not None else None,
        pairs=pairs,
    )


def nearest_loadable(
    weight_kg: Decimal, bar_kg: Decimal, plates_kg: list[Decimal], unit: str = "kg"
) -> Decimal:
    """Round a weight to the nearest one the owned plates make (down on a tie)."""
    if weight_kg <= bar_kg:
        return _kg(_milli(bar_kg, unit), unit)
    result = plates_for(weight_kg, bar_kg, plates_kg, unit=unit)
    if result.above_kg is None:
        return result.total_kg
    down = _milli(weight_kg, unit) - _milli(result.total_kg, unit)
    up = _milli(result.above_kg, unit) - _milli(weight_kg, unit)
    return result.above_kg if up < down else result.total_kg


def warmup_sets(
    work_kg: Decimal | None,
    bar_kg: Decimal,
    plates_kg: list[Decimal],
    load: str = "external",
    unit: str = "kg",
) -> list[WarmupSet]:
    """Ramp up to the first working set: empty bar, then about 40, 60, 80 %.

    Every step is rounded to a weight the owned plates make; steps that land
    on the previous one, on the bar or on the working weight are left out.
    Bodyweight exercises, and working weights no heavier than the bar, get
    a few easy reps without load instead.
    """
    if load == "bodyweight" or work_kg is None or work_kg <= bar_kg:
        return [WarmupSet(None, reps) for reps in UNLOADED_RAMP]

    work = _milli(work_kg, unit)
    previous = _milli(bar_kg, unit)
    ramp = [WarmupSet(_kg(previous, unit), EMPTY_BAR_REPS)] if previous > 0 else []
    for share, reps in RAMP:
        step = nearest_loadable(work_kg * share, bar_kg, plates_kg, unit)
        if _milli(step, unit) >= work:
            # Rounded up onto the working weight: take the loading below instead.
            step = plates_for(work_kg * share, bar_kg, plates_kg, unit=unit).total_kg
        if previous < _milli(step, unit) < work:
            ramp.append(WarmupSet(step, reps))
            previous = _milli(step, unit)
    return ramp


def plate_size(plate_kg: Decimal) -> int:
    """Give a plate's drawn height, 1 (smallest) to 6, from its weight."""
    for floor, size in PLATE_SIZES:
        if plate_kg >= floor:
            return size
    return 1
