"""Records and estimated one-rep maxes from the sets a user completed.

A set counts toward records when it was completed, is not a warm-up and has
at least one rep. Only finished workouts set the bar that a new one must beat.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, case, func, select

from homegym.extensions import db
from homegym.units import STORE_PLACES
from homegym.workouts import freshness
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

EPLEY_SOURCE = (
    "Epley B. Poundage chart. In: Boyd Epley Workout. Lincoln, NE: Body "
    "Enterprises; 1985. p. 86."
)
BRZYCKI_SOURCE = (
    "Brzycki M. Strength testing—predicting a one-rep max from reps-to-fatigue. "
    "J Phys Educ Recreat Dance. 1993;64(1):88-90. doi:10.1080/07303084.1993.10606684"
)
BRZYCKI_MAX_REPS = 10
# Records compare rounded values, so float noise on SQLite never makes one.
COMPARE_PLACES = Decimal("0.01")


def kg(value) -> Decimal:
    """Read a database number as kilograms at storage precision."""
    return Decimal(str(value)).quantize(STORE_PLACES)


def epley(weight_kg: Decimal, reps: int) -> Decimal:
    """Estimate the 1RM as w × (1 + reps/30); a single is its own 1RM."""
    if reps < 1:
        raise ValueError("an e1RM needs at least one rep")
    if reps == 1:
        return kg(weight_kg)
    return kg(Decimal(weight_kg) * (1 + Decimal(reps) / 30))


def brzycki(weight_kg: Decimal, reps: int) -> Decimal | None:
    """Estimate the 1RM as w × 36/(37 − reps); None above 10 reps, where it fails."""
    if reps < 1:
        raise ValueError("an e1RM needs at least one rep")
    if reps > BRZYCKI_MAX_REPS:
        return None
    return kg(Decimal(weight_kg) * 36 / (37 - Decimal(reps)))


def counted():
    """The condition for a set that counts: done, not a warm-up, some reps."""
    return and_(
        WorkoutSet.completed_at.is_not(None),
        WorkoutSet.kind != "warmup",
        WorkoutSet.reps >= 1,
    )


def counts(workout_set) -> bool:
    """``counted()`` for a set already loaded (an object or a row)."""
    return (
        workout_set.completed_at is not None
        and workout_set.kind != "warmup"
        and workout_set.reps is not None
        and workout_set.reps >= 1
    )


def lifters_sets():
    """Select from one lifter's performed exercises to their workouts and sets.

    The tables are joined in that order on MariaDB too (STRAIGHT_JOIN): left
    to choose, it may read the covering index of every user's sets instead of
    the few thousand rows of one lifter's exercise, a plan that grows with
    the whole site. SQLite ignores the prefix and finds the order itself.
    """
    return (
        select()
        .select_from(PerformedExercise)
        .join(Workout, PerformedExercise.workout)
        .join(WorkoutSet, PerformedExercise.sets)
        .prefix_with("STRAIGHT_JOIN", dialect="mysql")
    )


@dataclass(frozen=True)
class RecordSet:
    """A record and where it was set."""

    value: Decimal
    weight_kg: Decimal
    reps: int
    workout_id: int
    date: datetime


@dataclass
class ExerciseRecords:
    """The bests of one user at one exercise."""

    heaviest: RecordSet | None = None
    best_e1rm_epley: RecordSet | None = None
    best_e1rm_brzycki: RecordSet | None = None
    best_volume: RecordSet | None = None
    # The most reps at each weight that no heavier weight matched.
    reps_by_weight: list[RecordSet] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.heaviest is None and not self.reps_by_weight


def _better(current: RecordSet | None, candidate: RecordSet) -> RecordSet:
    # Ties keep the earlier set: that is when the record was first reached.
    if current is None or candidate.value > current.value:
        return candidate
    return current


def exercise_records(user_id: int, exercise_id: int) -> ExerciseRecords:
    """Every record of one exercise, kept in the cache until the user's
    training changes (see freshness)."""
    return freshness.remembered(
        "exercise",
        user_id,
        exercise_id,
        lambda: _work_out_records(user_id, exercise_id),
    )


def _work_out_records(user_id: int, exercise_id: int) -> ExerciseRecords:
    """Work out every record of one exercise from the user's finished workouts.

    The database sums each session per weight (most reps, most reps of at most
    ten for Brzycki, all reps for the volume), so few rows come back.
    """
    weight = func.coalesce(WorkoutSet.weight_kg, 0)
    rows = db.session.execute(
        lifters_sets()
        .add_columns(
            Workout.id,
            Workout.started_at,
            weight,
            func.max(WorkoutSet.reps),
            func.max(case((WorkoutSet.reps <= BRZYCKI_MAX_REPS, WorkoutSet.reps))),
            func.sum(WorkoutSet.reps),
        )
        .where(
            PerformedExercise.user_id == user_id,
            PerformedExercise.exercise_id == exercise_id,
            Workout.finished_at.is_not(None),
            counted(),
        )
        .group_by(Workout.id, Workout.started_at, weight)
        .order_by(Workout.started_at, Workout.id)
    ).all()

    records = ExerciseRecords()
    by_weight: dict[Decimal, RecordSet] = {}
    volumes: dict[int, Decimal] = defaultdict(Decimal)
    dates: dict[int, datetime] = {}
    for workout_id, started_at, loaded, reps, short_reps, all_reps in rows:
        loaded = kg(loaded)
        volumes[workout_id] += loaded * all_reps
        dates[workout_id] = started_at
        if loaded not in by_weight or reps > by_weight[loaded].reps:
            by_weight[loaded] = RecordSet(
                Decimal(reps), loaded, reps, workout_id, started_at
            )
        if loaded > 0:
            _note_loaded(records, loaded, reps, short_reps, workout_id, started_at)

    for workout_id, volume in volumes.items():
        if volume > 0:
            candidate = RecordSet(
                kg(volume), Decimal(0), 0, workout_id, dates[workout_id]
            )
            records.best_volume = _better(records.best_volume, candidate)
    records.reps_by_weight = rep_records(by_weight.values())
    return records


def rep_records(bests_at_weights) -> list[RecordSet]:
    """Keep, heaviest first, each weight's best that no heavier weight matched.

    80 kg × 8 says nothing once 85 kg × 8 is done; the list stays short.
    """
    kept: list[RecordSet] = []
    for record in sorted(bests_at_weights, key=lambda r: r.weight_kg, reverse=True):
        if not kept or record.reps > kept[-1].reps:
            kept.append(record)
    return kept


def _note_loaded(records, weight, reps, short_reps, workout_id, started_at) -> None:
    """Let a session's best at one weight challenge the weight and e1RM records."""
    records.heaviest = _better(
        records.heaviest, RecordSet(weight, weight, reps, workout_id, started_at)
    )
    records.best_e1rm_epley = _better(
        records.best_e1rm_epley,
        RecordSet(epley(weight, reps), weight, reps, workout_id, started_at),
    )
    if short_reps is not None:
        estimate = brzycki(weight, short_reps)
        records.best_e1rm_brzycki = _better(
            records.best_e1rm_brzycki,
            RecordSet(estimate, weight, short_reps, workout_id, started_at),
        )


@dataclass(frozen=True)
class NewRecord:
    """A best beaten in a workout: kind is weight, reps, e1rm or volume."""

    exercise: object
    kind: str
    value: Decimal
    previous: Decimal
    weight_kg: Decimal
    reps: int


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(COMPARE_PLACES)


def _earlier_sets(workout: Workout, exercise_ids: list[int]):
    """Select counted sets of these exercises from the user's earlier workouts."""
    return lifters_sets().where(
        PerformedExercise.user_id == workout.user_id,
        PerformedExercise.exercise_id.in_(exercise_ids),
        Workout.id != workout.id,
        Workout.finished_at.is_not(None),
        Workout.started_at < workout.started_at,
        counted(),
    )


def _previous_bests(workout: Workout, exercise_ids: list[int]) -> dict:
    """Fetch the earlier bests per exercise in two aggregate queries.

    The most reps at each weight give the heaviest weight and the best Epley
    estimate too (at one weight it grows with reps); the session volumes are
    summed and their maximum taken by the database. Both answers are small,
    which matters: turning rows into Python objects is what costs the most.
    """
    weight = func.coalesce(WorkoutSet.weight_kg, 0)
    exercise = PerformedExercise.exercise_id
    bests: dict[int, dict] = {}
    reps_at: dict[tuple, int] = {}
    for exercise_id, loaded, reps in db.session.execute(
        _earlier_sets(workout, exercise_ids)
        .add_columns(exercise, weight, func.max(WorkoutSet.reps))
        .group_by(exercise, weight)
    ):
        loaded = kg(loaded)
        reps_at[exercise_id, _round(loaded)] = reps
        if loaded > 0:
            best = bests.setdefault(
                exercise_id, {"weight": Decimal(0), "e1rm": Decimal(0)}
            )
            best["weight"] = max(best["weight"], _round(loaded))
            best["e1rm"] = max(best["e1rm"], _round(epley(loaded, reps)))

    sessions = (
        _earlier_sets(workout, exercise_ids)
        .add_columns(
            exercise.label("exercise_id"),
            func.sum(weight * WorkoutSet.reps).label("volume"),
        )
        .group_by(exercise, PerformedExercise.workout_id)
        .subquery()
    )
    volumes = {
        exercise_id: Decimal(str(volume))
        for exercise_id, volume in db.session.execute(
            select(sessions.c.exercise_id, func.max(sessions.c.volume)).group_by(
                sessions.c.exercise_id
            )
        )
    }
    return {"bests": bests, "reps_at": reps_at, "volumes": volumes}


def _this_workout_sets(exercises) -> list:
    """The counted sets of a workout as (exercise id, weight, reps), in order,
    from its (performed exercise, sets) pairs, which the caller has loaded."""
    return [
        (performed.exercise_id, workout_set.weight_kg, workout_set.reps)
        for performed, sets in exercises
        for workout_set in sets
        if counts(workout_set)
    ]


def _earlier_bests(workout: Workout, sets: list, exercise_ids: list[int]) -> dict:
    """The earlier bests this workout is held against, kept in the cache until
    the user's training changes (see freshness).

    Only the weights this workout used are kept of the most reps at a weight,
    so what the cache holds stays small.
    """

    def work() -> dict:
        earlier = _previous_bests(workout, exercise_ids)
        used = {(exercise_id, _round(kg(w or 0))) for exercise_id, w, _ in sets}
        earlier["reps_at"] = {
            key: reps for key, reps in earlier["reps_at"].items() if key in used
        }
        return earlier

    key = (workout.id, tuple(exercise_ids))
    return freshness.remembered("earlier", workout.user_id, key, work)


def new_records(workout: Workout, exercises=None) -> list[NewRecord]:
    """List the bests this workout beat, against the user's earlier workouts.

    The first time an exercise is done sets a baseline, not a record.
    ``exercises`` pairs each performed exercise with its sets, in order (as
    ``history.detail_sets`` reads them); by default the workout's own.
    """
    if exercises is None:
        exercises = [(performed, performed.sets) for performed in workout.exercises]
    sets = _this_workout_sets(exercises)
    exercise_ids = sorted({row[0] for row in sets})
    if not exercise_ids:
        return []
    earlier = _earlier_bests(workout, sets, exercise_ids)
    names = {performed.exercise_id: performed.exercise for performed, _ in exercises}

    found: list[NewRecord] = []
    for exercise_id in exercise_ids:
        mine = [(kg(w or 0), r) for e, w, r in sets if e == exercise_id]
        found.extend(_records_of(names[exercise_id], exercise_id, mine, earlier))
    return found


def _records_of(exercise, exercise_id: int, mine: list, earlier: dict) -> list:
    """Compare one exercise's sets in this workout with its earlier bests."""
    records = []
    best = earlier["bests"].get(exercise_id)
    loaded = [(w, r) for w, r in mine if w > 0]
    if best and loaded:
        weight, reps = max(loaded, key=lambda pair: (pair[0], pair[1]))
        if _round(weight) > best["weight"]:
            records.append(
                NewRecord(exercise, "weight", weight, best["weight"], weight, reps)
            )
        top = max(loaded, key=lambda pair: epley(*pair))
        estimate = epley(*top)
        if _round(estimate) > best["e1rm"]:
            records.append(NewRecord(exercise, "e1rm", estimate, best["e1rm"], *top))

    best_reps: dict[Decimal, int] = {}
    for weight, reps in mine:
        best_reps[weight] = max(reps, best_reps.get(weight, 0))
    for weight, reps in sorted(best_reps.items(), reverse=True):
        previous = earlier["reps_at"].get((exercise_id, _round(weight)))
        if previous is not None and reps > previous:
            records.append(
                NewRecord(
                    exercise, "reps", Decimal(reps), Decimal(previous), weight, reps
                )
            )

    volume = sum((w * r for w, r in mine), Decimal(0))
    previous_volume = earlier["volumes"].get(exercise_id)
    if previous_volume is not None and volume > 0:
        if _round(volume) > _round(previous_volume):
            records.append(
                NewRecord(
                    exercise, "volume", kg(volume), kg(previous_volume), Decimal(0), 0
                )
            )
    return records
