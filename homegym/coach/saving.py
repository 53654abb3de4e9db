"""Turn a checked plan answer into a normal plan the user can edit."""

from decimal import Decimal

from sqlalchemy import select

from homegym.coach.facts import working_weights
from homegym.coach.loads import load_step_kg, owned_loads
from homegym.coach.schema import PlanResult
from homegym.coach.text import _
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans import logic
from homegym.plans.models import Plan
from homegym.units import format_weight


def plan_notes(result: PlanResult) -> str:
    """Write the rationale as plain notes; keys in brackets name the sources."""
    lines = [
        f"{reason.text} [{', '.join(reason.sources)}]" for reason in result.rationale
    ]
    return "\n".join(lines)[:2000]


def progression_note(
    exercise: Exercise, reps: int, equipment: dict, working_kg, unit: str
) -> str:
    """Say what to add at the top of the rep range, from what the user owns.

    The step comes from the equipment, not from the answer, so a model's
    answer cannot promise a load the user cannot put together.
    """
    step = load_step_kg(exercise, equipment, working_kg)
    if step:
        return _(
            "When every set reaches %(reps)d reps, add %(step)s.",
            reps=reps,
            step=format_weight(step.quantize(Decimal("0.01")), unit),
        )
    if working_kg is None and len(owned_loads(exercise, equipment)) > 1:
        return _(
            "When every set reaches %(reps)d reps, take the next heavier weight "
            "you own.",
            reps=reps,
        )
    return ""


def save_plan(user, result: PlanResult) -> Plan:
    """Save the plan through the plans logic; the caller commits."""
    ids = {item.exercise_id for day in result.days for item in day.items}
    exercises = {
        exercise.id: exercise
        for exercise in db.session.scalars(select(Exercise).where(Exercise.id.in_(ids)))
    }
    equipment = user.equipment_settings()
    working = working_weights(user.id, ids)
    plan, _new = logic.create_plan(user.id, result.name, notes=plan_notes(result))
    for day in result.days:
        plan_day = logic.add_day(plan, day.name)
        for item in day.items:
            exercise = exercises[item.exercise_id]
            note = progression_note(
                exercise,
                item.reps_max,
                equipment,
                working.get(exercise.id),
                user.units,
            )
            logic.add_planned_exercise(
                plan_day,
                exercise,
                sets=item.sets,
                reps_min=item.reps_min,
                reps_max=item.reps_max,
                target_rpe=Decimal(str(item.target_rpe)).quantize(Decimal("0.1")),
                rest_seconds=item.rest_seconds,
                notes=note,
            )
    return plan
