"""The coach's built-in engine on the five-year lifter, each beside its floor.

Used by ``python -m bench`` inside an app context, after the lifter is seeded.
Each run times the floor and the real thing back to back, in turn:

- plan generation (nine requests: three goals by three levels) beside the
  catalogue rows the planner reads: ``visible_exercises`` for the user, the
  same ORM query and objects, and nothing planned;
- the analysis of five years (260 weeks, the longest period the form
  offers) beside a plain SELECT of the rows it reads: every counted set of
  the period with its workout's date and its exercise, joined as the analysis
  joins them, fetched as tuples and not summed.
"""

import statistics
import time
from datetime import timedelta

from sqlalchemy import select

from bench.table import Row

PROFILES = [
    (goal, experience, days, minutes)
    for goal in ("strength", "hypertrophy", "general")
    for experience, days, minutes in (
        ("beginner", 2, 45),
        ("intermediate", 4, 60),
        ("advanced", 6, 90),
    )
]


def _ms(function) -> float:
    from homegym.extensions import db

    db.session.expire_all()  # no run may lean on objects an earlier one loaded
    started = time.perf_counter()
    function()
    return (time.perf_counter() - started) * 1000


def _rows_read(user, first, after):
    """The analysis's input as plain rows: counted sets in the period."""
    from homegym.coach.analysis import _filters
    from homegym.extensions import db
    from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet

    return db.session.execute(
        select(
            Workout.id,
            Workout.started_at,
            PerformedExercise.exercise_id,
            WorkoutSet.weight_kg,
            WorkoutSet.reps,
            WorkoutSet.rpe,
        )
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(*_filters(user.id, first, after))
    ).all()


def bench_coach(user, runs: int) -> list[Row]:
    from homegym import clock
    from homegym.coach.analysis import Period, analyse, utc_bounds
    from homegym.coach.planner import PlanRequest, generate_plan
    from homegym.coach.quotas import local_day
    from homegym.exercises.library import visible_exercises

    plan, plan_floor = [], []
    for _ in range(runs):
        for goal, experience, days, minutes in PROFILES:
            request = PlanRequest(goal, experience, days, minutes)
            plan_floor.append(_ms(lambda: visible_exercises(user.id, "en")))
            plan.append(_ms(lambda r=request: generate_plan(user, r)))

    end = local_day(user)
    period = Period(end - timedelta(days=7 * 260 - 1), end)
    first, after = utc_bounds(period.start, period.end, clock.zone(user.timezone))
    result = analyse(user, period)
    read = len(_rows_read(user, first, after))
    analysis, analysis_floor = [], []
    for _ in range(runs):
        analysis_floor.append(_ms(lambda: _rows_read(user, first, after)))
        analysis.append(_ms(lambda: analyse(user, period)))
    print(
        f"coach: {runs} runs of {len(PROFILES)} plan requests; analysis of "
        f"{result.workouts} workouts ({read:,} counted sets), {runs} runs"
    )
    return [
        Row(
            f"coach: plan generation (median of {len(plan)})",
            statistics.median(plan),
            statistics.median(plan_floor),
            "ms",
        ),
        Row(
            "coach: analysis of five years (median)",
            statistics.median(analysis),
            statistics.median(analysis_floor),
            "ms",
        ),
    ]
