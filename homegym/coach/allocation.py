"""Share out a plan's weekly sets so every major muscle group lands in its range.

The split's template gives each exercise its fewest sets (two, three for a
strength plan's main lifts: never a lone set). From there the plan changes
one small step at a time: a set more or fewer, another exercise
from the movement patterns, a swap within a pattern (a front squat for a
back squat when the glutes have enough), or a set moved from one exercise
to another. Each time it takes the step that brings the groups nearest
their range, then nearest its aim (the shortfall squared, so the lowest
group is raised first rather than one already near the aim); every session
keeps to its time budget, its heavy pressing within reason and, on a
lower- or full-body day, a knee- and a hip-dominant lift; every group stays trained
on two days. An exercise at its fewest
sets leaves the day rather than dropping below them, so a short session gets
fewer exercises, not thinner ones. The search ends when no step helps, so a
group still outside its range could not be brought in within the time and
the exercises the user can do.
"""

from dataclasses import dataclass
from functools import partial

from homegym.coach.sessions import (
    Day,
    Slot,
    leg_kind,
    muscle_shares,
    press_fits,
    weekly_sets,
)

# The days that keep a knee- and a hip-dominant lift: lower-body days, and
# full-body days too, whose legs would otherwise get only a squat or lunge.
# A full-body day keeps its lift only while the groups that lift trains are
# within their range: a bridge every day of a six-day week would push the
# glutes past it (HomeGym's choice, extending the lower-body rule; no source
# gives it).
LEG_DAYS = ("lower", "legs")
FULL_BODY_DAYS = ("full",)


@dataclass(frozen=True)
class Limits:
    """The weekly range per major group and what each session must keep to."""

    low: int
    high: int
    groups: frozenset[str]
    budget: int  # seconds per session
    most: int  # sets of one exercise in one session
    # Aim for the top of the range (trained lifters) rather than its middle.
    aim_high: bool = False
    # Lower- and full-body days keep a knee-dominant and a hip-dominant lift.
    both_leg_kinds: bool = False

    @property
    def target(self) -> int:
        if self.aim_high:
            return self.high
        return (self.low + self.high + 1) // 2


def _miss(sets: float, low: int, high: int) -> float:
    """How badly a group misses its range: squared, so that when time runs
    short every group falls a little short rather than one a lot."""
    return max(0, low - sets, sets - high) ** 2


@dataclass
class _Move:
    seconds: int
    # The change of each day's sets per group.
    changes: list[tuple[Day, dict[str, float]]]
    steps: tuple
    # Lower for a step that spreads the work: fewer sets of one exercise in
    # one session, and a less full day.
    crowding: tuple[int, int] = (0, 0)

    def apply(self) -> None:
        for step in self.steps:
            step()

    @property
    def delta(self) -> dict[str, float]:
        total: dict[str, float] = {}
        for _day, change in self.changes:
            for group, sets in change.items():
                total[group] = total.get(group, 0) + sets
        return total


class Balancer:
    """The search over one plan: its days, the limits and the exercises to use.

    ``choices`` lists (pattern, exercise) pairs, best first; ``prescribe``
    makes the slot for a new exercise.
    """

    def __init__(self, days: list[Day], limits: Limits, choices, prescribe):
        self.days = days
        self.limits = limits
        self.choices = choices
        self.prescribe = prescribe
        self.shares = {}
        for _pattern, exercise in choices:
            self.shares[exercise.id] = self._major(exercise)
        for day in days:
            for slot in day.slots:
                self.shares[slot.exercise.id] = self._major(slot.exercise)
        totals = weekly_sets(days)
        self.totals = {group: totals.get(group, 0.0) for group in limits.groups}
        # The two-day rule holds for the groups the template trained twice.
        self.required = {g: min(2, self._days_training(g)) for g in limits.groups}

    def run(self) -> None:
        """Take the best step until no step brings the plan nearer its range."""
        while True:
            move = self._next_move()
            if move is None:
                return
            move.apply()
            for group, change in move.delta.items():
                self.totals[group] += change

    def _next_move(self) -> "_Move | None":
        # Sets of planned exercises first; the wider search when they cannot
        # help, or help only the aim while a group is out of its range; a
        # trade of sets between exercises when nothing else helps.
        move = self._best(self._cheap_moves())
        outside = self._outside() > 0
        if move is None or outside and self._gain(move)[0] >= 0:
            move = self._best([*self._cheap_moves(), *self._other_moves()])
        if move is None:
            move = self._best(self._trades())
        return move

    # ---------- Scoring ----------

    def _major(self, exercise) -> dict[str, float]:
        return {
            group: share
            for group, share in muscle_shares(exercise).items()
            if group in self.limits.groups
        }

    def _outside(self) -> float:
        low, high = self.limits.low, self.limits.high
        return sum(_miss(v, low, high) for v in self.totals.values())

    def _gain(self, move: _Move) -> tuple[float, float]:
        """How the move changes (sets outside the range, the squared shortfall
        from the aim)."""
        low, high, target = self.limits.low, self.limits.high, self.limits.target
        outside = short = 0.0
        for group, change in move.delta.items():
            before = self.totals[group]
            after = before + change
            outside += _miss(after, low, high) - _miss(before, low, high)
            short += max(0, target - after) ** 2 - max(0, target - before) ** 2
        return outside, short

    def _best(self, moves) -> _Move | None:
        """The move that helps most: the range first, then the middle of it,
        then the one that spreads the work, then the quickest; None when none
        helps."""
        best, best_key = None, None
        for move in moves:
            outside, short = self._gain(move)
            if (outside, short) >= (0, 0) or not self._keeps_two_days(move):
                continue
            key = (outside, short, move.crowding, move.seconds)
            if best_key is None or key < best_key:
                best, best_key = move, key
        return best

    def _days_training(self, group: str, changes=()) -> int:
        extra: dict[int, float] = {}
        for day, change in changes:
            extra[id(day)] = extra.get(id(day), 0) + change.get(group, 0)
        count = 0
        for day in self.days:
            share = extra.get(id(day), 0) + sum(
                self.shares[slot.exercise.id].get(group, 0) * slot.sets
                for slot in day.slots
            )
            count += share >= 1
        return count

    def _keeps_two_days(self, move: _Move) -> bool:
        dropping = {
            group
            for _day, change in move.changes
            for group, sets in change.items()
            if sets < 0
        }
        return all(
            self._days_training(group, move.changes) >= self.required[group]
            for group in dropping
        )

    # ---------- Steps ----------

    def _fits(self, day: Day, seconds: int) -> bool:
        return day.seconds() + seconds <= self.limits.budget

    def _may_lose(self, day: Day, slot: Slot, instead: Slot | None = None) -> bool:
        """Tell whether the day may lose the slot (for ``instead``): not when it
        is a lower- or full-body day's last knee- or hip-dominant lift."""
        kind = leg_kind(slot)
        if not self.limits.both_leg_kinds or kind is None:
            return True
        if day.kind.startswith(FULL_BODY_DAYS):
            if self._over_top(slot):
                return True
        elif not day.kind.startswith(LEG_DAYS):
            return True
        if instead is not None and leg_kind(instead) == kind:
            return True
        return any(other is not slot and leg_kind(other) == kind for other in day.slots)

    def _over_top(self, slot: Slot) -> bool:
        """Tell whether a group the slot trains directly is above its range."""
        return any(
            share == 1 and self.totals.get(group, 0) > self.limits.high
            for group, share in self.shares[slot.exercise.id].items()
        )

    def _sets_of(self, exercise_id: int, count: float) -> dict[str, float]:
        return {g: s * count for g, s in self.shares[exercise_id].items()}

    def _planned(self):
        for day in self.days:
            for slot in day.slots:
                if self.shares[slot.exercise.id]:
                    yield day, slot

    def _cheap_moves(self):
        """One set more or one fewer of an exercise already planned."""
        for day, slot in self._planned():
            seconds = slot.seconds_per_set
            if (
                slot.sets < self.limits.most
                and self._fits(day, seconds)
                and press_fits(day, slot.pattern, slot.compound, 1)
            ):
                change = [(day, self._sets_of(slot.exercise.id, 1))]
                more = (partial(day.change_sets, slot, 1),)
                yield _Move(seconds, change, more, (slot.sets + 1, day.seconds()))
            if slot.sets > slot.floor:
                change = [(day, self._sets_of(slot.exercise.id, -1))]
                fewer = (partial(day.change_sets, slot, -1),)
                yield _Move(-seconds, change, fewer, (-slot.sets, -day.seconds()))

    def _other_moves(self):
        """Another exercise on a day, a swap within a pattern, or one dropped."""
        for day in self.days:
            yield from self._additions(day)
        for day, slot in self._planned():
            yield from self._swaps(day, slot)
            if (
                slot.sets <= slot.floor
                and len(day.slots) > 1
                and self._may_lose(day, slot)
            ):
                change = [(day, self._sets_of(slot.exercise.id, -slot.sets))]
                drop = (partial(day.change_sets, slot, -slot.sets),)
                seconds = -slot.sets * slot.seconds_per_set
                yield _Move(seconds, change, drop, (0, -day.seconds()))

    def _trades(self):
        """One set fewer of one exercise (dropping it when at its fewest) and
        one more of another, in one step."""
        planned = list(self._planned())
        for day_a, fewer in planned:
            taken = 1 if fewer.sets > fewer.floor else fewer.sets
            if taken == fewer.sets and (
                len(day_a.slots) == 1 or not self._may_lose(day_a, fewer)
            ):
                continue
            for day_b, more in planned:
                if more is fewer or more.sets >= self.limits.most:
                    continue
                freed = taken * fewer.seconds_per_set if day_a is day_b else 0
                if not self._fits(day_b, more.seconds_per_set - freed):
                    continue
                if not press_fits(day_b, more.pattern, more.compound, 1):
                    continue
                changes = [
                    (day_a, self._sets_of(fewer.exercise.id, -taken)),
                    (day_b, self._sets_of(more.exercise.id, 1)),
                ]
                steps = (
                    partial(day_a.change_sets, fewer, -taken),
                    partial(day_b.change_sets, more, 1),
                )
                seconds = more.seconds_per_set - taken * fewer.seconds_per_set
                crowding = (more.sets - fewer.sets, day_b.seconds() - day_a.seconds())
                yield _Move(seconds, changes, steps, crowding)

    def _additions(self, day: Day):
        """A new exercise on a day that already trains one of its groups."""
        trained = {
            group
            for slot in day.slots
            for group, share in self.shares[slot.exercise.id].items()
            if share == 1
        }
        seen = set()
        for pattern, exercise in self.choices:
            shares = self.shares[exercise.id]
            direct = {g for g, share in shares.items() if share == 1}
            kind = (tuple(sorted(shares.items())), exercise.mechanic)
            if not direct & trained or kind in seen or day.has(exercise):
                continue
            seen.add(kind)
            slot = self.prescribe(exercise, pattern)
            seconds = slot.sets * slot.seconds_per_set
            if self._fits(day, seconds) and press_fits(
                day, pattern, slot.compound, slot.sets
            ):
                add = (partial(day.change_sets, slot, 0),)
                change = self._sets_of(exercise.id, slot.sets)
                yield _Move(seconds, [(day, change)], add, (slot.sets, day.seconds()))

    def _swaps(self, day: Day, slot: Slot):
        """Another exercise for the same pattern, with the slot's sets."""
        old = self.shares[slot.exercise.id]
        seen = {tuple(sorted(old.items()))}
        for pattern, exercise in self.choices:
            shares = self.shares[exercise.id]
            kind = tuple(sorted(shares.items()))
            if pattern != slot.pattern or day.has(exercise) or kind in seen:
                continue
            seen.add(kind)
            new = self.prescribe(exercise, pattern)
            new.sets = max(slot.sets, new.floor)
            seconds = new.sets * new.seconds_per_set - slot.sets * slot.seconds_per_set
            if not self._fits(day, seconds) or new.sets > self.limits.most:
                continue
            if not self._may_lose(day, slot, new):
                continue
            if not press_fits(day, pattern, new.compound, new.sets - slot.sets):
                continue
            change = {
                group: new.sets * shares.get(group, 0) - slot.sets * old.get(group, 0)
                for group in {*old, *shares}
            }
            swap = (partial(_swap, slot, new),)
            yield _Move(seconds, [(day, change)], swap)


def _swap(slot: Slot, new: Slot) -> None:
    slot.exercise = new.exercise
    slot.prescription = new.prescription
    slot.floor = new.floor
    slot.sets = new.sets
