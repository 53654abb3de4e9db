"""Records and estimated one-rep maxes from the sets a user completed.

A set counts toward records when it was completed, is not a warm-up and has
at least one rep. Only finished workouts set the bar that a new one must beat.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import and_, func, select

from homegym.extensions import db
from homegym.units import STORE_PLACES
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
    """Work out every record of one exercise from the user's finished workouts."""
    rows = db.session.execute(
        select(
            WorkoutSet.weight_kg,
            WorkoutSet.reps,
            Workout.id,
            Workout.started_at,
        )
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == user_id,
            PerformedExercise.exercise_id == exercise_id,
            Workout.finished_at.is_not(None),
            counted(),
        )
        .order_by(Workout.started_at, WorkoutSet.position)
    ).all()

    records = ExerciseRecords()
    by_weight: dict[Decimal, RecordSet] = {}
    volumes: dict[int, Decimal] = defaultdict(Decimal)
    dates: dict[int, datetime] = {}
    for weight, reps, workout_id, started_at in rows:
        weight = kg(weight or 0)
        volumes[workout_id] += weight * reps
        dates[workout_id] = started_at
        at_weight = RecordSet(Decimal(reps), weight, reps, workout_id, started_at)
        if weight not in by_weight or reps > by_weight[weight].reps:
            by_weight[weight] = at_weight
        if weight <= 0:
            continue
        records.heaviest = _better(
            records.heaviest, RecordSet(weight, weight, reps, workout_id, started_at)
        )
        records.best_e1rm_epley = _better(
            records.best_e1rm_epley,
            RecordSet(epley(weight, reps), weight, reps, workout_id, started_at),
        )
        estimate = brzycki(weight, reps)
        if estimate is not None:
            records.best_e1rm_brzycki = _better(
                records.best_e1rm_brzycki,
                RecordSet(estimate, weight, reps, workout_id, started_at),
            )

    for workout_id, volume in volumes.items():
        if volume > 0:
            candidate = RecordSet(
                kg(volume), Decimal(0), 0, workout_id, dates[workout_id]
            )
            records.best_volume = _better(records.best_volume, candidate)
    records.reps_by_weight = sorted(
        by_weight.values(), key=lambda record: record.weight_kg, reverse=True
    )
    return records


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
    return (
        select()
        .select_from(WorkoutSet)
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == workout.user_id,
            PerformedExercise.exercise_id.in_(exercise_ids),
            Workout.id != workout.id,
            Workout.finished_at.is_not(None),
            Workout.started_at < workout.started_at,
            counted(),
        )
    )


def _previous_bests(workout: Workout, exercise_ids: list[int]) -> dict:
    """Fetch the earlier bests per exercise in one pass over the earlier sets.

    Grouped by exercise, workout and weight: the heaviest weight, the best
    Epley estimate (at a given weight it grows with reps), the most reps at
    each weight and each session's volume all follow from these rows.
    """
    weight = func.coalesce(WorkoutSet.weight_kg, 0)
    rows = db.session.execute(
        _earlier_sets(workout, exercise_ids)
        .add_columns(
            PerformedExercise.exercise_id,
            PerformedExercise.workout_id,
            weight,
            func.max(WorkoutSet.reps),
            func.sum(weight * WorkoutSet.reps),
        )
        .group_by(PerformedExercise.exercise_id, PerformedExercise.workout_id, weight)
    )
    bests: dict[int, dict] = {}
    reps_at: dict[tuple, int] = {}
    sessions: dict[tuple, Decimal] = defaultdict(Decimal)
    for exercise_id, workout_id, loaded, reps, volume in rows:
        loaded = kg(loaded)
        key = (exercise_id, _round(loaded))
        reps_at[key] = max(reps, reps_at.get(key, 0))
        sessions[exercise_id, workout_id] += Decimal(str(volume))
        if loaded > 0:
            best = bests.setdefault(
                exercise_id, {"weight": Decimal(0), "e1rm": Decimal(0)}
            )
            best["weight"] = max(best["weight"], _round(loaded))
            best["e1rm"] = max(best["e1rm"], _round(epley(loaded, reps)))
    volumes: dict[int, Decimal] = {}
    for (exercise_id, _workout_id), volume in sessions.items():
        volumes[exercise_id] = max(volume, volumes.get(exercise_id, Decimal(0)))
    return {"bests": bests, "reps_at": reps_at, "volumes": volumes}


def _this_workout_sets(workout: Workout) -> list:
    return db.session.execute(
        select(PerformedExercise.exercise_id, WorkoutSet.weight_kg, WorkoutSet.reps)
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .where(PerformedExercise.workout_id == workout.id, counted())
        .order_by(PerformedExercise.position, WorkoutSet.position)
    ).all()


def new_records(workout: Workout) -> list[NewRecord]:
    """List the bests this workout beat, against the user's earlier workouts.

    The first time an exercise is done sets a baseline, not a record.
    """
    from homegym.exercises.models import Exercise

    sets = _this_workout_sets(workout)
    exercise_ids = sorted({row[0] for row in sets})
    if not exercise_ids:
        return []
    earlier = _previous_bests(workout, exercise_ids)
    exercises = {
        exercise.id: exercise
        for exercise in db.session.scalars(
            select(Exercise).where(Exercise.id.in_(exercise_ids))
        )
    }

    found: list[NewRecord] = []
    for exercise_id in exercise_ids:
        mine = [(kg(w or 0), r) for e, w, r in sets if e == exercise_id]
        found.extend(_records_of(exercises[exercise_id], exercise_id, mine, earlier))
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
