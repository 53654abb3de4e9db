"""History: the user's workouts page by page, and the past of one exercise.

Every page costs a fixed number of queries, however long the history: one for
the page of workouts, one aggregate for their totals, one for what was in them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import selectinload

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.units import from_kg
from homegym.workouts import freshness
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from homegym.workouts.records import counts, epley, kg
from homegym.workouts.totals import Totals, workout_totals

PAGE_SIZE = 20


@dataclass
class Page:
    """One page of a newest-first list; page 1 is the newest."""

    items: list
    number: int
    has_older: bool

    @property
    def has_newer(self) -> bool:
        return self.number > 1


@dataclass
class HistoryEntry:
    """One finished workout as the history list shows it."""

    workout: Workout
    totals: Totals
    exercise_names: list[str] = field(default_factory=list)


@dataclass
class ExerciseSession:
    """What one workout held of one exercise: its working sets and best e1RM."""

    workout_id: int
    date: datetime
    name: str
    sets: list[tuple[Decimal | None, int]] = field(default_factory=list)
    best_e1rm: Decimal | None = None


def page_number(raw) -> int:
    """Read a ``?page=`` value; anything that is not a positive number is page 1."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return max(1, number)


def duration_minutes(workout: Workout) -> int | None:
    """Return how long a finished workout took, in whole minutes."""
    if workout.finished_at is None:
        return None
    seconds = (workout.finished_at - workout.started_at).total_seconds()
    return max(0, round(seconds / 60))


def history_page(
    user_id: int, number: int = 1, locale: str = "en", size: int = PAGE_SIZE
) -> Page:
    """List one page of the user's finished workouts with totals and exercises."""
    workouts = db.session.scalars(
        select(Workout)
        .where(Workout.user_id == user_id, Workout.finished_at.is_not(None))
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(size + 1)
        .offset((number - 1) * size)
    ).all()
    has_older = len(workouts) > size
    workouts = workouts[:size]
    if not workouts:
        return Page([], number, has_older=False)

    ids = [workout.id for workout in workouts]
    totals = workout_totals(ids)
    names = exercise_names(ids, locale)
    entries = [
        HistoryEntry(workout, totals[workout.id], names.get(workout.id, []))
        for workout in workouts
    ]
    return Page(entries, number, has_older)


def exercise_names(workout_ids: list[int], locale: str) -> dict[int, list[str]]:
    """Name the exercises of many workouts in one query, in workout order."""
    rows = db.session.execute(
        select(PerformedExercise.workout_id, Exercise.name_en, Exercise.name_de)
        .join(Exercise, PerformedExercise.exercise)
        .where(PerformedExercise.workout_id.in_(workout_ids))
        .order_by(PerformedExercise.workout_id, PerformedExercise.position)
    ).all()
    names: dict[int, list[str]] = defaultdict(list)
    german = str(locale).startswith("de")
    for workout_id, name_en, name_de in rows:
        name = name_de if german else name_en
        if name not in names[workout_id]:
            names[workout_id].append(name)
    return names


def unfinished_workout(user_id: int) -> Workout | None:
    """Return the workout the user started and has not finished, if any."""
    return db.session.scalar(
        select(Workout)
        .where(Workout.user_id == user_id, Workout.finished_at.is_(None))
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(1)
    )


def load_workout(user_id: int, workout_id: int, sets: bool = True) -> Workout | None:
    """Load one of the user's workouts with its exercises and sets (else None);
    without the sets for a caller that reads them as rows (detail_sets)."""
    exercises = selectinload(Workout.exercises)
    options = [exercises.joinedload(PerformedExercise.exercise)]
    if sets:
        options.append(exercises.selectinload(PerformedExercise.sets))
    return db.session.scalar(
        select(Workout)
        .where(Workout.id == workout_id, Workout.user_id == user_id)
        .options(*options)
    )


def detail_sets(workout: Workout) -> list[tuple[PerformedExercise, list]]:
    """Pair each exercise of a loaded workout with its sets, read as rows.

    The detail page only shows the sets, so one query of plain rows (kind,
    weight, reps, RPE, done) stands in for a mapped object per set. The sets
    are named by their exercises' ids, which are loaded: joined to the
    exercises instead, MariaDB with skewed statistics scanned every set."""
    if not workout.exercises:
        return []
    rows = db.session.execute(
        select(
            WorkoutSet.performed_exercise_id,
            WorkoutSet.id,
            WorkoutSet.kind,
            WorkoutSet.weight_kg,
            WorkoutSet.reps,
            WorkoutSet.rpe,
            WorkoutSet.completed_at,
        )
        .where(
            WorkoutSet.performed_exercise_id.in_(
                [performed.id for performed in workout.exercises]
            )
        )
        .order_by(WorkoutSet.position, WorkoutSet.id)
    ).all()
    sets: dict[int, list] = defaultdict(list)
    for row in rows:
        sets[row.performed_exercise_id].append(row)
    return [(performed, sets[performed.id]) for performed in workout.exercises]


def detail_totals(exercises: list[tuple[PerformedExercise, list]]) -> Totals:
    """Add up a workout from its loaded sets, as ``workout_totals`` does."""
    counted = [
        (row.weight_kg, row.reps)
        for _, sets in exercises
        for row in sets
        if counts(row)
    ]
    volume = sum((Decimal(weight or 0) * reps for weight, reps in counted), Decimal(0))
    return Totals(len(counted), kg(volume), len(exercises))


def set_e1rm(workout_set: WorkoutSet) -> Decimal | None:
    """Estimate a set's 1RM (Epley) when it counts: done, not a warm-up, loaded."""
    if not counts(workout_set) or not workout_set.weight_kg:
        return None
    return epley(workout_set.weight_kg, workout_set.reps)


def delete_workout(user_id: int, workout_id: int) -> bool:
    """Delete one of the user's workouts with its exercises and sets.

    The caller commits, so an offline change can delete inside its own
    transaction, together with its ``sync_changes`` row."""
    found = db.session.scalar(
        select(Workout.id).where(Workout.id == workout_id, Workout.user_id == user_id)
    )
    if found is None:
        return False

    # Delete the children explicitly: SQLite enforces no ON DELETE CASCADE here.
    # "fetch" drops the deleted rows from the session too: a caller that goes
    # on in the same transaction must not meet them again. Naming the owner
    # renews only their stamp (see freshness).
    options = {"synchronize_session": "fetch", **freshness.about(user_id)}
    performed = select(PerformedExercise.id).where(
        PerformedExercise.workout_id == workout_id,
        PerformedExercise.user_id == user_id,
    )
    db.session.execute(
        delete(WorkoutSet)
        .where(WorkoutSet.performed_exercise_id.in_(performed))
        .execution_options(**options)
    )
    db.session.execute(
        delete(PerformedExercise)
        .where(PerformedExercise.workout_id == workout_id)
        .execution_options(**options)
    )
    db.session.execute(
        delete(Workout)
        .where(Workout.id == workout_id, Workout.user_id == user_id)
        .execution_options(**options)
    )
    return True


def sets_text(sets: list[tuple[Decimal | None, int]], unit: str) -> str:
    """Write a session's working sets as lifters do: "100×5, 100×5, 12"
    (weight in ``unit``; a set without weight is its reps alone)."""
    return ", ".join(
        f"{from_kg(weight, unit):f}×{reps}" if weight else str(reps)
        for weight, reps in sets
    )


def exercise_history(
    user_id: int, exercise_id: int, number: int = 1, size: int = PAGE_SIZE
) -> Page:
    """List, newest first, the finished workouts where the user did an exercise."""
    done_here = exists().where(
        PerformedExercise.workout_id == Workout.id,
        PerformedExercise.exercise_id == exercise_id,
    )
    workouts = db.session.execute(
        select(Workout.id, Workout.started_at, Workout.name)
        .where(
            Workout.user_id == user_id,
            Workout.finished_at.is_not(None),
            done_here,
        )
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(size + 1)
        .offset((number - 1) * size)
    ).all()
    has_older = len(workouts) > size
    sessions = {
        workout_id: ExerciseSession(workout_id, started_at, name)
        for workout_id, started_at, name in workouts[:size]
    }
    if not sessions:
        return Page([], number, has_older=False)

    # From the page's few exercises to their sets, in that order on MariaDB
    # too: left to choose, it sometimes started from the sets (25 ms, not 1).
    rows = db.session.execute(
        select(PerformedExercise.workout_id, WorkoutSet.weight_kg, WorkoutSet.reps)
        .select_from(PerformedExercise)
        .join(WorkoutSet, PerformedExercise.sets)
        .prefix_with("STRAIGHT_JOIN", dialect="mysql")
        .where(
            PerformedExercise.workout_id.in_(list(sessions)),
            PerformedExercise.exercise_id == exercise_id,
            WorkoutSet.completed_at.is_not(None),
            WorkoutSet.kind != "warmup",
            WorkoutSet.reps >= 1,
        )
        .order_by(PerformedExercise.position, WorkoutSet.position)
    ).all()
    for workout_id, weight_kg, reps in rows:
        session = sessions[workout_id]
        session.sets.append((weight_kg, reps))
        if weight_kg:
            estimate = epley(weight_kg, reps)
            if session.best_e1rm is None or estimate > session.best_e1rm:
                session.best_e1rm = estimate
    return Page(list(sessions.values()), number, has_older)
