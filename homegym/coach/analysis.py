"""Analysis by the built-in engine: a period of training, summed and judged.

The database sums the sets of each workout per exercise, so the rows read
grow with the period's sessions and the answer with the exercises done,
never with the rest of the history; seven queries at most, whatever the span.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from homegym import clock
from homegym.coach import rules
from homegym.coach.advice import changes
from homegym.coach.catalogue import PATTERNS, options, usable_exercises
from homegym.coach.schema import (
    AnalysisResult,
    MuscleVolume,
    RecordResult,
    Trend,
)
from homegym.coach.sessions import muscle_shares
from homegym.coach.targets import weekly_target
from homegym.coach.text import locale
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.plans.logic import active_plan
from homegym.workouts.models import PerformedExercise, Workout, WorkoutSet
from homegym.workouts.records import counted

PERIODS = (4, 8, 12, 26, 52, 260)
EFFORT_BUCKETS = ("unrated", "easy", "moderate", "hard", "max")


def utc_bounds(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Turn local dates (end included) into naive UTC datetimes as stored."""
    return clock.utc_start_of(start, tz), clock.utc_start_of(end + timedelta(1), tz)


def _e1rm_expression():
    # Epley, as the records use it; 30.0 keeps SQLite from dividing integers.
    return WorkoutSet.weight_kg * (WorkoutSet.reps + 30) / 30.0


def _filters(user_id: int, first: datetime, after: datetime) -> list:
    return [
        PerformedExercise.user_id == user_id,
        Workout.user_id == user_id,  # the period: a range of the lifter's index
        Workout.finished_at.is_not(None),
        Workout.started_at >= first,
        Workout.started_at < after,
        counted(),
    ]


def _sessions_and_effort(user_id: int, first: datetime, after: datetime):
    """Read the period's sets in one pass: a row per workout and exercise
    (when, how many sets, best e1RM) and the sets per effort band.

    The database groups by RPE too, and the rows are folded here: one scan
    of five years of sets instead of a second one for the efforts."""
    rows = db.session.execute(
        select(
            Workout.id,
            Workout.started_at,
            PerformedExercise.exercise_id,
            WorkoutSet.rpe,
            func.count(WorkoutSet.id),
            func.max(_e1rm_expression()),
        )
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(*_filters(user_id, first, after))
        .group_by(
            Workout.id,
            Workout.started_at,
            PerformedExercise.exercise_id,
            WorkoutSet.rpe,
        )
        .order_by(Workout.started_at, Workout.id, PerformedExercise.exercise_id)
    )
    effort = dict.fromkeys(EFFORT_BUCKETS, 0)
    sessions: dict[tuple, list] = {}
    for workout_id, started_at, exercise_id, rpe, count, best in rows:
        effort[_bucket(rpe)] += count
        found = sessions.setdefault((workout_id, started_at, exercise_id), [0, None])
        found[0] += count
        if best is not None and (found[1] is None or best > found[1]):
            found[1] = best
    return [(*key, count, best) for key, (count, best) in sessions.items()], effort


def _bucket(rpe) -> str:
    if rpe is None:
        return "unrated"
    rpe = Decimal(str(rpe))
    if rpe <= 6:
        return "easy"
    if rpe < 8:
        return "moderate"
    if rpe <= 9:
        return "hard"
    return "max"


def _earlier_bests(user_id: int, exercise_ids: list[int], first: datetime) -> dict:
    """The best e1RM per exercise before the period: one row per exercise."""
    if not exercise_ids:
        return {}
    rows = db.session.execute(
        select(PerformedExercise.exercise_id, func.max(_e1rm_expression()))
        .join(PerformedExercise, WorkoutSet.performed_exercise)
        .join(Workout, PerformedExercise.workout)
        .where(
            PerformedExercise.user_id == user_id,
            PerformedExercise.exercise_id.in_(exercise_ids),
            Workout.finished_at.is_not(None),
            Workout.started_at < first,
            counted(),
        )
        .group_by(PerformedExercise.exercise_id)
    )
    return {exercise_id: float(best) for exercise_id, best in rows if best}


def slope_per_week(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (day, value) points, per week; 0 for one point."""
    if len(points) < 2:
        return 0.0
    mean_x = sum(x for x, _y in points) / len(points)
    mean_y = sum(y for _x, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _y in points)
    if spread == 0:
        return 0.0
    return 7 * sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @property
    def weeks(self) -> int:
        return max(1, -(-((self.end - self.start).days + 1) // 7))


def analyse(user, period: Period) -> AnalysisResult:
    """Sum up the user's training in the period and say what to change."""
    first, after = utc_bounds(period.start, period.end, clock.zone(user.timezone))
    rows, effort = _sessions_and_effort(user.id, first, after)
    exercise_ids = sorted({row[2] for row in rows})
    exercises = (
        {
            e.id: e
            for e in db.session.scalars(
                select(Exercise).where(Exercise.id.in_(exercise_ids))
            )
        }
        if exercise_ids
        else {}
    )
    plan = active_plan(user.id)
    target = weekly_target(user.id, has_plan=plan is not None)

    weeks = period.weeks
    workouts = len({row[0] for row in rows})
    planned = _planned_sessions(plan, period)
    volume = _volume(rows, exercises, weeks, target)
    trends = _trends(rows)
    earlier = _earlier_bests(user.id, exercise_ids, first)
    records = _records(trends, rows, earlier)
    balance = _balance(rows, exercises)
    return AnalysisResult(
        start=period.start.isoformat(),
        end=period.end.isoformat(),
        weeks=weeks,
        workouts=workouts,
        planned=planned,
        volume=volume,
        trends=trends,
        balance=balance,
        effort=effort,
        records=records,
        changes=changes(
            volume,
            trends,
            effort,
            workouts,
            planned,
            target,
            balance,
            weeks,
            partial(balance_examples, user),
        ),
        volume_sources=list(target.sources),
    )


def _planned_sessions(plan, period: Period) -> int | None:
    """Sessions the active plan asked for in the period, since it was made."""
    if plan is None or not plan.days:
        return None
    since = max(period.start, plan.created_at.date())
    if since > period.end:
        return None
    return len(plan.days) * Period(since, period.end).weeks


def _volume(rows, exercises: dict, weeks: int, target) -> list[MuscleVolume]:
    low, high = target.low, target.high
    totals: dict[str, float] = defaultdict(float)
    days: dict[str, set] = defaultdict(set)
    for workout_id, _started, exercise_id, sets, _best in rows:
        for group, share in muscle_shares(exercises[exercise_id]).items():
            totals[group] += share * sets
            if share == 1:
                days[group].add(workout_id)
    found = []
    for group in rules.MAJOR_MUSCLES:
        weekly = round(totals.get(group, 0) / weeks, 1)
        status = "low" if weekly < low else "high" if weekly > high else "ok"
        frequency = round(len(days.get(group, ())) / weeks, 1)
        found.append(MuscleVolume(group, weekly, low, high, frequency, status))
    return found


def _trends(rows) -> list[Trend]:
    sessions: dict[int, dict] = defaultdict(dict)
    for workout_id, started_at, exercise_id, _sets, best in rows:
        if best:
            sessions[exercise_id][workout_id] = (started_at, float(best))
    trends = []
    for exercise_id, by_workout in sessions.items():
        points = sorted(by_workout.values())
        origin = points[0][0]
        xy = [
            ((when - origin).total_seconds() / 86400, value) for when, value in points
        ]
        recent = xy[-rules.STALL_MIN_SESSIONS :]
        stalled = (
            len(xy) >= rules.STALL_MIN_SESSIONS
            and recent[-1][0] - recent[0][0] >= 7 * rules.STALL_MIN_WEEKS - 7
            and slope_per_week(recent) <= rules.STALL_KG_PER_WEEK
        )
        trends.append(
            Trend(
                exercise_id=exercise_id,
                sessions=len(xy),
                first_e1rm_kg=round(xy[0][1], 2),
                last_e1rm_kg=round(xy[-1][1], 2),
                kg_per_week=round(slope_per_week(xy), 2),
                stalled=stalled,
            )
        )
    trends.sort(key=lambda trend: (-trend.sessions, trend.exercise_id))
    return trends


def _records(trends: list[Trend], rows, earlier: dict) -> list[RecordResult]:
    bests: dict[int, float] = {}
    for _workout, _started, exercise_id, _sets, best in rows:
        if best:
            bests[exercise_id] = max(bests.get(exercise_id, 0), float(best))
    return [
        RecordResult(exercise_id, round(best, 2), round(earlier[exercise_id], 2))
        for exercise_id, best in sorted(bests.items())
        if exercise_id in earlier and best > earlier[exercise_id] + 0.005
    ]


def _balance(rows, exercises: dict) -> dict[str, float]:
    sums = dict.fromkeys(("push", "pull", "knee", "hip"), 0.0)
    for _workout, _started, exercise_id, sets, _best in rows:
        primary = set(exercises[exercise_id].primary_muscles)
        if primary & {"chest", "triceps"} or (
            "shoulders" in primary and exercises[exercise_id].mechanic == "compound"
        ):
            sums["push"] += sets
        if primary & {"lats", "upper_back", "biceps"}:
            sums["pull"] += sets
        if "quads" in primary:
            sums["knee"] += sets
        elif primary & {"hamstrings", "glutes"}:
            sums["hip"] += sets
    return sums


def balance_examples(user, side: str) -> list[str]:
    """Names of exercises the user's equipment allows for one side of a
    balance pair, best first (the plan engine's order); loaded only when an
    imbalance asks for them."""
    usable = rules.suited(usable_exercises(user), "intermediate")
    names = []
    for pattern in rules.BALANCE_PATTERNS[side]:
        for exercise in options(PATTERNS[pattern], usable):
            if exercise.key in rules.NOT_HIP_DOMINANT:
                continue
            name = exercise.name(locale())
            if name not in names:
                names.append(name)
                break
    return names
