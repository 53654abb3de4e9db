"""What a phone needs to start and log a workout with no network.

The offline page carries, for each day of the active plan, the workout that
starting it would make right now (pre-filled from last time, exactly as
``logging.start_workout`` does) twice: rendered with the log screen's own
partials, and as the data of a ``workout.start`` change. Both name their
rows with placeholder ids and uuids, which the phone swaps for fresh ones
when the lifter taps Start, so the page it shows and the change it sends
describe the same rows. The placeholders are never stored anywhere.
"""

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.logic import active_plan
from homegym.plans.models import PlanDay, PlannedExercise
from homegym.workouts.last_time import last_performances, prefilled
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

# Placeholder ids stay far above any real row id of a small install; the
# phone replaces them before the markup is shown.
PLACEHOLDER_ID = 900_000_000
PLACEHOLDER_UUID = "00000000-0000-4000-8000-{:012d}"


@dataclass
class Placeholders:
    """Hands out placeholder ids and uuids for one would-be workout."""

    count: int = 0
    issued: list[str] = field(default_factory=list)

    def next(self) -> tuple[int, str]:
        self.count += 1
        uuid = PLACEHOLDER_UUID.format(self.count)
        self.issued.append(uuid)
        return PLACEHOLDER_ID + self.count, uuid


def _number(value) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def _set_data(workout_set: WorkoutSet) -> dict:
    return {
        "uuid": workout_set.uuid,
        "kind": workout_set.kind,
        "weight_kg": _number(workout_set.weight_kg),
        "reps": workout_set.reps,
        "target_weight_kg": _number(workout_set.target_weight_kg),
        "target_reps": workout_set.target_reps,
    }


def start_data(workout: Workout) -> dict:
    """Describe a would-be workout as the data of a ``workout.start`` change."""
    return {
        "uuid": workout.uuid,
        "plan_day_id": workout.plan_day_id,
        "name": workout.name,
        "exercises": [
            {
                "uuid": performed.uuid,
                "exercise_id": performed.exercise_id,
                "superset_group": performed.superset_group,
                "rest_seconds": performed.rest_seconds,
                "target_reps_min": performed.target_reps_min,
                "target_reps_max": performed.target_reps_max,
                "target_rpe": _number(performed.target_rpe),
                "notes": performed.notes,
                "sets": [_set_data(each) for each in performed.sets],
            }
            for performed in workout.exercises
        ],
    }


def would_be_workout(user_id: int, day: PlanDay | None, rows, last) -> Workout:
    """Build, without saving, the workout that starting ``day`` would make."""
    ids = Placeholders()
    workout_id, workout_uuid = ids.next()
    workout = Workout(
        id=workout_id,
        uuid=workout_uuid,
        user_id=user_id,
        plan_day_id=day.id if day else None,
        name=day.name if day else "",
        notes="",
    )
    for position, row in enumerate(rows):
        performed_id, performed_uuid = ids.next()
        performed = PerformedExercise(
            id=performed_id,
            uuid=performed_uuid,
            user_id=user_id,
            exercise_id=row.exercise_id,
            position=position,
            superset_group=row.superset_group,
            rest_seconds=row.rest_seconds,
            target_reps_min=row.reps_min,
            target_reps_max=row.reps_max,
            target_rpe=row.target_rpe,
            notes=row.notes or "",
        )
        performed.exercise = row.exercise
        for values in prefilled(row.sets, last.get(row.exercise_id, []), row.reps_max):
            set_id, set_uuid = ids.next()
            performed.sets.append(
                WorkoutSet(id=set_id, uuid=set_uuid, user_id=user_id, **values)
            )
        workout.exercises.append(performed)
    return workout


def active_plan_workouts(user_id: int) -> tuple[list[tuple[PlanDay, Workout]], dict]:
    """Each day of the active plan with the workout starting it would make.

    Also returns last time's sets per exercise, for the hints beside each
    row. A few queries for the whole plan: the plan with its days, the
    planned rows with their exercises, and last time for all of them.
    """
    plan = active_plan(user_id)
    if plan is None or not plan.days:
        return [], {}
    rows = db.session.scalars(
        select(PlannedExercise)
        .where(PlannedExercise.day_id.in_([day.id for day in plan.days]))
        .options(joinedload(PlannedExercise.exercise))
        .order_by(PlannedExercise.position, PlannedExercise.id)
    ).all()
    last = last_performances(user_id, {row.exercise_id for row in rows})
    by_day: dict[int, list[PlannedExercise]] = {day.id: [] for day in plan.days}
    for row in rows:
        by_day[row.day_id].append(row)
    days = [
        (day, would_be_workout(user_id, day, by_day[day.id], last)) for day in plan.days
    ]
    return days, last


NAME_PLACEHOLDER = "__EXERCISE_NAME__"
TEMPLATE_FIRST = 500


def template_exercise(workout: Workout) -> PerformedExercise:
    """Build, without saving, the card of an exercise added offline: one empty set.

    Its name is a placeholder the phone fills from the picker. It is not
    attached to ``workout``, so it can never be flushed with it.
    """
    ids = Placeholders(count=TEMPLATE_FIRST)
    performed_id, performed_uuid = ids.next()
    exercise = Exercise(
        id=PLACEHOLDER_ID,
        name_en=NAME_PLACEHOLDER,
        name_de=NAME_PLACEHOLDER,
        equipment=[],
        load="external",
    )
    performed = PerformedExercise(
        id=performed_id,
        uuid=performed_uuid,
        user_id=workout.user_id,
        exercise_id=PLACEHOLDER_ID,
        position=0,
        notes="",
    )
    performed.exercise = exercise
    set_id, set_uuid = ids.next()
    performed.sets.append(
        WorkoutSet(
            id=set_id, uuid=set_uuid, user_id=workout.user_id, position=0, kind="normal"
        )
    )
    return performed
