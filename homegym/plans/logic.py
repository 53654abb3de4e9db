"""What plans do: create, copy, activate, delete, and keep days and rows in order.

Functions change the session and flush when they need ids; the caller commits.
Names they make up ("Day 2", "Push (copy)") are in the user's language during a
request, and in English outside one (the CLI, tests).
"""

import logging

from flask import has_request_context
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.ids import made_with, new_uuid, parse_uuid
from homegym.plans.models import Plan, PlanDay, PlannedExercise
from homegym.workouts.models import Workout

logger = logging.getLogger(__name__)

NAME_LENGTH = 120
# Everything a planned exercise's target consists of, as copy_plan copies it.
TARGET_FIELDS = (
    "sets",
    "reps_min",
    "reps_max",
    "target_rpe",
    "rest_seconds",
    "superset_group",
    "notes",
)


def active_plan(user_id: int) -> Plan | None:
    """Return the user's active plan with its days, or None."""
    return db.session.scalar(
        select(Plan)
        .where(Plan.user_id == user_id, Plan.active.is_(True))
        .options(selectinload(Plan.days))
        .order_by(Plan.updated_at.desc(), Plan.id.desc())
        .limit(1)
    )


def next_plan_day(user_id: int) -> PlanDay | None:
    """Offer the active plan's day after the one trained last, wrapping around."""
    plan = active_plan(user_id)
    return day_after_last_trained(plan) if plan is not None else None


def day_after_last_trained(plan: Plan) -> PlanDay | None:
    """Return the plan's day after its owner's latest workout of it; else the first."""
    if not plan.days:
        return None

    day_ids = [day.id for day in plan.days]
    last_day_id = db.session.scalar(
        select(Workout.plan_day_id)
        .where(Workout.user_id == plan.user_id, Workout.plan_day_id.in_(day_ids))
        .order_by(Workout.started_at.desc(), Workout.id.desc())
        .limit(1)
    )
    if last_day_id is None:
        return plan.days[0]
    return plan.days[(day_ids.index(last_day_id) + 1) % len(day_ids)]


def user_plans(user_id: int) -> list[Plan]:
    """List the user's plans, active first, with days and rows in two queries."""
    return list(
        db.session.scalars(
            select(Plan)
            .where(Plan.user_id == user_id)
            .options(selectinload(Plan.days).selectinload(PlanDay.exercises))
            .order_by(Plan.active.desc(), Plan.name, Plan.id)
        )
    )


def plan_by_uuid(user_id: int, uuid: str | None) -> Plan | None:
    """Find the user's plan made with this client uuid, if any."""
    return made_with(Plan, user_id, uuid)


def create_plan(
    user_id: int, name: str, notes: str = "", uuid: str | None = None
) -> tuple[Plan, bool]:
    """Make a plan; a replayed uuid returns the plan it made the first time.

    Returns the plan and whether it is new.
    """
    existing = plan_by_uuid(user_id, uuid)
    if existing is not None:
        return existing, False

    # The first plan, or one made while none is active, becomes the active one.
    first_active = active_plan(user_id) is None
    plan = Plan(
        user_id=user_id,
        name=name,
        notes=notes,
        uuid=uuid or new_uuid(),
        active=first_active,
    )
    db.session.add(plan)
    db.session.flush()
    logger.info("plan %s created by user %s", plan.id, user_id)
    return plan, True


def set_active(plan: Plan) -> None:
    """Make this the user's one active plan; every other plan of theirs stops."""
    db.session.execute(
        update(Plan)
        .where(Plan.user_id == plan.user_id, Plan.id != plan.id)
        .values(active=False)
    )
    plan.active = True
    db.session.flush()
    logger.info("plan %s activated by user %s", plan.id, plan.user_id)


def copy_plan(plan: Plan) -> Plan:
    """Copy a plan with all its days and planned exercises; the copy is inactive."""
    if has_request_context():
        name = _("%(name)s (copy)", name=plan.name)
    else:
        name = f"{plan.name} (copy)"
    name = name[:NAME_LENGTH]
    owner = plan.user_id
    copy = Plan(
        user_id=owner, uuid=new_uuid(), name=name, notes=plan.notes, active=False
    )
    # Every copied row gets a uuid of its own: the originals' stay theirs.
    for day_position, day in enumerate(plan.days):
        new_day = PlanDay(
            user_id=owner,
            uuid=new_uuid(),
            position=day_position,
            name=day.name,
            notes=day.notes,
        )
        for position, row in enumerate(day.exercises):
            targets = {field: getattr(row, field) for field in TARGET_FIELDS}
            new_day.exercises.append(
                PlannedExercise(
                    user_id=owner,
                    uuid=new_uuid(),
                    exercise_id=row.exercise_id,
                    position=position,
                    **targets,
                )
            )
        copy.days.append(new_day)
    db.session.add(copy)
    db.session.flush()
    logger.info("plan %s copied to %s by user %s", plan.id, copy.id, plan.user_id)
    return copy


def delete_plan(plan: Plan) -> None:
    """Delete a plan; workouts done from its days keep everything but the link."""
    day_ids = [day.id for day in plan.days]
    # The foreign key says SET NULL; saying it here too holds on every database.
    if day_ids:
        db.session.execute(
            update(Workout)
            .where(Workout.plan_day_id.in_(day_ids))
            .values(plan_day_id=None)
        )
    # Deleted row by row, so it holds with or without the database's cascade;
    # no flush in between, which would delete the first day's rows twice.
    with db.session.no_autoflush:
        for day in plan.days:
            for row in day.exercises:
                db.session.delete(row)
            db.session.delete(day)
    db.session.delete(plan)
    db.session.flush()
    logger.info("plan %s deleted by user %s", plan.id, plan.user_id)


def renumber(items: list) -> None:
    """Give ordered items the positions 0..n-1, closing any gap."""
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position


def move(items: list, item, step: int) -> bool:
    """Move an item one place up (-1) or down (+1); False when it cannot go."""
    ordered = sorted(items, key=lambda each: (each.position, each.id))
    index = ordered.index(item)
    target = index + step
    if step not in (-1, 1) or not 0 <= target < len(ordered):
        renumber(ordered)
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(ordered)
    return True


def add_day(
    plan: Plan, name: str | None = None, notes: str = "", uuid: str | None = None
) -> PlanDay:
    """Append a day to the plan, named "Day N" unless a name is given.

    A replayed client uuid returns the day it made the first time, adding none.
    """
    uuid = parse_uuid(uuid)
    existing = made_with(PlanDay, plan.user_id, uuid)
    if existing is not None:
        return existing

    renumber(plan.days)
    if not name:
        number = len(plan.days) + 1
        if has_request_context():
            name = _("Day %(number)d", number=number)
        else:
            name = f"Day {number}"
    day = PlanDay(
        user_id=plan.user_id,
        uuid=uuid or new_uuid(),
        position=len(plan.days),
        name=name[:NAME_LENGTH],
        notes=notes,
    )
    plan.days.append(day)
    db.session.flush()
    logger.info("plan day %s added to plan %s", day.id, plan.id)
    return day


def move_day(day: PlanDay, step: int) -> bool:
    """Move a day one place earlier or later in its plan."""
    moved = move(day.plan.days, day, step)
    if moved:
        logger.info("plan day %s moved to %s", day.id, day.position)
    return moved


def remove_day(day: PlanDay) -> None:
    """Remove a day (its workouts keep everything) and close the gap it leaves."""
    plan = day.plan
    db.session.execute(
        update(Workout).where(Workout.plan_day_id == day.id).values(plan_day_id=None)
    )
    for row in day.exercises:
        db.session.delete(row)
    plan.days.remove(day)
    db.session.delete(day)
    renumber(plan.days)
    db.session.flush()
    logger.info("plan day %s removed from plan %s", day.id, plan.id)


def add_planned_exercise(
    day: PlanDay, exercise: Exercise, uuid: str | None = None, **targets
) -> PlannedExercise:
    """Append an exercise with its targets to the end of a day.

    A replayed client uuid returns the row it made the first time, adding none.
    """
    owner = day.plan.user_id
    uuid = parse_uuid(uuid)
    existing = made_with(PlannedExercise, owner, uuid)
    if existing is not None:
        return existing

    renumber(day.exercises)
    row = PlannedExercise(
        user_id=owner,
        uuid=uuid or new_uuid(),
        exercise=exercise,
        position=len(day.exercises),
        **targets,
    )
    day.exercises.append(row)
    db.session.flush()
    logger.info("planned exercise %s added to plan day %s", row.id, day.id)
    return row


def move_planned_exercise(row: PlannedExercise, step: int) -> bool:
    """Move a planned exercise one place earlier or later in its day."""
    moved = move(row.day.exercises, row, step)
    if moved:
        logger.info("planned exercise %s moved to %s", row.id, row.position)
    return moved


def remove_planned_exercise(row: PlannedExercise) -> None:
    """Remove a planned exercise and close the gap it leaves."""
    day = row.day
    day.exercises.remove(row)
    db.session.delete(row)
    renumber(day.exercises)
    db.session.flush()
    logger.info("planned exercise %s removed from plan day %s", row.id, day.id)
