"""The one answer schema per feature, shared by the engine and the model provider.

Answers are plain dataclasses of JSON types (weights are kilograms as numbers
with at most two decimals), so the engine's answer and a model's parsed JSON
go through the same ``parse_*`` checks. A check that fails raises SchemaError
with a message a user can read.
"""

from dataclasses import asdict, dataclass, field

TOPICS = (
    "split",
    "frequency",
    "volume",
    "sets",
    "intensity",
    "bodyweight",
    "effort",
    "rest",
    "order",
    "equipment",
    "time",
    "progression",
    "deload",
    "warmup",
    "load",
    "stop",
    "balance",
    "adherence",
    "trend",
)
PLAN_TOPICS = ("split", "volume", "intensity", "rest", "order", "equipment", "time")
SPLITS = ("full_body", "upper_lower", "upper_lower_ppl", "push_pull_legs")
LIMITS = {
    "sets": (1, 10),
    "reps": (1, 30),
    "rpe": (5, 10),
    "rest_seconds": (0, 600),
    "deload_every_weeks": (3, 12),
}
TEXT_LENGTH = 600


class SchemaError(ValueError):
    """An answer does not fit the schema; the message says how."""


@dataclass(frozen=True)
class PlanRequest:
    """What the lifter asks for."""

    goal: str
    experience: str
    days: int
    minutes: int
    excluded_ids: tuple[int, ...] = ()
    excluded_muscles: tuple[str, ...] = ()


@dataclass
class Reason:
    """A choice or a statement, and the catalogue keys it rests on."""

    topic: str
    text: str
    sources: list[str] = field(default_factory=list)


@dataclass
class PlanItem:
    exercise_id: int
    sets: int
    reps_min: int
    reps_max: int
    target_rpe: float
    rest_seconds: int
    # The load to add at the top of the rep range, as the user's equipment
    # makes it from the working weight (None: add reps, or move up a weight).
    load_step_kg: float | None = None


@dataclass
class PlanDayResult:
    name: str
    items: list[PlanItem]
    minutes: int = 0


@dataclass
class PlanResult:
    name: str
    split: str
    days: list[PlanDayResult]
    weekly_sets: dict[str, float]
    deload_every_weeks: int
    rationale: list[Reason]
    # What the lifter asked for, kept with the answer: the weekly set targets
    # of analysis and charts follow the active plan's experience level.
    goal: str = ""
    experience: str = ""


@dataclass
class WarmupStep:
    weight_kg: float | None
    reps: int


@dataclass
class GuidanceResult:
    e1rm_kg: float | None
    next_weight_kg: float | None
    next_reps: int | None
    target_rpe: float
    rest_seconds: int
    stop: bool
    warmup: list[WarmupStep]
    reasons: list[Reason]


@dataclass
class MuscleVolume:
    muscle: str
    weekly_sets: float
    low: int
    high: int
    sessions_per_week: float
    status: str  # "low", "ok" or "high"


@dataclass
class Trend:
    exercise_id: int
    sessions: int
    first_e1rm_kg: float
    last_e1rm_kg: float
    kg_per_week: float
    stalled: bool


@dataclass
class RecordResult:
    exercise_id: int
    e1rm_kg: float
    previous_kg: float | None


@dataclass
class AnalysisResult:
    start: str
    end: str
    weeks: int
    workouts: int
    planned: int | None
    volume: list[MuscleVolume]
    trends: list[Trend]
    balance: dict[str, float]
    effort: dict[str, int]
    records: list[RecordResult]
    changes: list[Reason]
    # What the weekly set targets of ``volume`` rest on.
    volume_sources: list[str] = field(default_factory=list)


def as_dict(result) -> dict:
    """Turn an answer into JSON-ready data (as stored and as sent to a model)."""
    return asdict(result)


# ---------- Checks ----------


def _require(data, name: str, kind, where: str):
    if not isinstance(data, dict) or name not in data:
        raise SchemaError(f"{where}: '{name}' is missing.")
    value = data[name]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is int and isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise SchemaError(f"{where}: '{name}' has the wrong type.")
    return value


def _number(data, name: str, where: str, low, high, whole: bool = False):
    value = _require(data, name, int if whole else float, where)
    if not low <= value <= high:
        raise SchemaError(f"{where}: {name} {value} is outside {low} to {high}.")
    return value


def _optional_number(data, name: str, where: str, low, high):
    if data.get(name) is None:
        return None
    return _number(data, name, where, low, high)


def _text(data, name: str, where: str) -> str:
    value = _require(data, name, str, where).strip()
    if not value or len(value) > TEXT_LENGTH:
        raise SchemaError(f"{where}: {name} must be 1 to {TEXT_LENGTH} characters.")
    return value


def parse_reason(data, catalogue: frozenset, where: str) -> Reason:
    """Check one reason: a known topic, some text, citations from the catalogue."""
    topic = _require(data, "topic", str, where)
    if topic not in TOPICS:
        raise SchemaError(f"{where}: unknown topic '{topic}'.")
    sources = _require(data, "sources", list, where)
    if not sources:
        raise SchemaError(f"{where}: cites no source.")
    unknown = [key for key in sources if key not in catalogue]
    if unknown:
        names = ", ".join(str(key) for key in unknown)
        raise SchemaError(f"{where}: cites {names}, which is not in the catalogue.")
    return Reason(topic, _text(data, "text", where), list(sources))


def _reasons(data, name: str, catalogue: frozenset, where: str) -> list[Reason]:
    items = _require(data, name, list, where)
    return [
        parse_reason(item, catalogue, f"{where} {name} {number + 1}")
        for number, item in enumerate(items)
    ]


def parse_plan_item(data, allowed: frozenset, where: str) -> PlanItem:
    """Check one planned exercise: one the user can do, numbers in range."""
    exercise_id = _require(data, "exercise_id", int, where)
    if exercise_id not in allowed:
        raise SchemaError(
            f"{where}: exercise {exercise_id} is unknown or not possible "
            "with your equipment and exclusions."
        )
    reps_min = _number(data, "reps_min", where, *LIMITS["reps"], whole=True)
    reps_max = _number(data, "reps_max", where, *LIMITS["reps"], whole=True)
    if reps_min > reps_max:
        raise SchemaError(f"{where}: reps_min is above reps_max.")
    rpe = _number(data, "target_rpe", where, *LIMITS["rpe"])
    if (rpe * 2) % 1:
        raise SchemaError(f"{where}: target_rpe must go in steps of 0.5.")
    return PlanItem(
        exercise_id=exercise_id,
        sets=_number(data, "sets", where, *LIMITS["sets"], whole=True),
        reps_min=reps_min,
        reps_max=reps_max,
        target_rpe=rpe,
        rest_seconds=_number(
            data, "rest_seconds", where, *LIMITS["rest_seconds"], True
        ),
        load_step_kg=_optional_number(data, "load_step_kg", where, 0, 50),
    )


def parse_plan(
    data, allowed: frozenset, catalogue: frozenset, request: PlanRequest
) -> PlanResult:
    """Check a whole plan against the request: days, time, exercises, citations."""
    where = "plan"
    days, minutes = request.days, request.minutes
    split = _require(data, "split", str, where)
    if split not in SPLITS:
        raise SchemaError(f"plan: unknown split '{split}'.")
    raw_days = _require(data, "days", list, where)
    if len(raw_days) != days:
        raise SchemaError(f"plan: {len(raw_days)} days given, {days} asked for.")
    parsed_days = []
    for number, day in enumerate(raw_days):
        here = f"day {number + 1}"
        raw_items = _require(day, "items", list, here)
        if not raw_items:
            raise SchemaError(f"{here}: has no exercises.")
        items = [
            parse_plan_item(item, allowed, f"{here} exercise {index + 1}")
            for index, item in enumerate(raw_items)
        ]
        day_minutes = _number(day, "minutes", here, 1, minutes, whole=True)
        parsed_days.append(PlanDayResult(_text(day, "name", here), items, day_minutes))
    rationale = _reasons(data, "rationale", catalogue, where)
    covered = {reason.topic for reason in rationale}
    missing = [topic for topic in (*PLAN_TOPICS, "progression", "deload")]
    missing = [topic for topic in missing if topic not in covered]
    if missing:
        raise SchemaError(f"plan: no rationale for {', '.join(missing)}.")
    weekly = _require(data, "weekly_sets", dict, where)
    return PlanResult(
        name=_text(data, "name", where)[:120],
        split=split,
        days=parsed_days,
        weekly_sets={str(k): float(v) for k, v in weekly.items()},
        deload_every_weeks=_number(
            data, "deload_every_weeks", where, *LIMITS["deload_every_weeks"], True
        ),
        rationale=rationale,
        goal=request.goal,
        experience=request.experience,
    )


def parse_guidance(data, catalogue: frozenset, max_weight_kg: float) -> GuidanceResult:
    """Check a next-set answer; no load above the estimated max is accepted."""
    where = "guidance"
    warmup = []
    for number, step in enumerate(_require(data, "warmup", list, where)):
        here = f"warm-up set {number + 1}"
        weight = _optional_number(step, "weight_kg", here, 0, max_weight_kg)
        warmup.append(WarmupStep(weight, _number(step, "reps", here, 1, 20, True)))
    next_reps = data.get("next_reps") if isinstance(data, dict) else None
    if next_reps is not None:
        next_reps = _number(data, "next_reps", where, *LIMITS["reps"], whole=True)
    return GuidanceResult(
        e1rm_kg=_optional_number(data, "e1rm_kg", where, 0, 2000),
        next_weight_kg=_optional_number(
            data, "next_weight_kg", where, 0, max_weight_kg
        ),
        next_reps=next_reps,
        target_rpe=_number(data, "target_rpe", where, *LIMITS["rpe"]),
        rest_seconds=_number(
            data, "rest_seconds", where, *LIMITS["rest_seconds"], True
        ),
        stop=_require(data, "stop", bool, where),
        warmup=warmup,
        reasons=_reasons(data, "reasons", catalogue, where),
    )


def parse_changes(data, catalogue: frozenset) -> list[Reason]:
    """Check the advice of an analysis answer: each change cites the catalogue."""
    changes = _reasons(data, "changes", catalogue, "analysis")
    if not changes:
        raise SchemaError("analysis: suggests no change.")
    return changes
