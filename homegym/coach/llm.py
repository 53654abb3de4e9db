"""The model provider: any OpenAI-compatible chat-completions endpoint.

The model gets the same inputs as the engine, the engine's own answer (its
statistics and a draft it may improve), the exercises the user can do and
the catalogue keys, and must answer with one JSON object in the engine's
schema. The answer is checked like the engine's; anything that does not
pass is rejected with the reason, and the user's quota is given back.
"""

import json
import logging
from dataclasses import replace

import openai
from sqlalchemy import select

from homegym.coach import analysis, guidance, planner
from homegym.coach.loads import decimal
from homegym.coach.providers import (
    AnalysisInputs,
    GuidanceInputs,
    PlanInputs,
    ProviderFailed,
    Usage,
    guidance_ceiling,
)
from homegym.coach.schema import (
    SPLITS,
    TOPICS,
    AnalysisResult,
    GuidanceResult,
    PlanResult,
    SchemaError,
    as_dict,
    parse_changes,
    parse_guidance,
    parse_plan,
)
from homegym.exercises.models import Exercise
from homegym.extensions import db
from homegym.sources.loader import bundled_keys, read_catalogue

logger = logging.getLogger(__name__)

SYSTEM = (
    "You are a strength coach inside a training app. Answer with one JSON "
    "object only, no prose around it, in exactly the schema of the draft you "
    "are given. Use only exercise ids from 'exercises', only source keys from "
    "'catalogue' in every 'sources' list, topics from 'topics', splits from "
    "'splits'. Every reason cites at least one source. Keep numbers in the "
    "ranges of the draft; weights are kilograms."
)


class LLMProvider:
    """Ask a chat-completions endpoint; check its answer like the engine's."""

    name = "openai"

    def __init__(self, base_url: str, api_key: str, model: str, timeout: float):
        if not base_url or not model:
            raise ProviderFailed("AI_BASE_URL and AI_MODEL must be set.")
        self.model = model
        self.client = openai.OpenAI(
            base_url=base_url,
            api_key=api_key or "none",
            timeout=timeout,
            max_retries=0,
        )

    @classmethod
    def from_config(cls, config) -> "LLMProvider":
        return cls(
            config.get("AI_BASE_URL", ""),
            config.get("AI_API_KEY", ""),
            config.get("AI_MODEL", ""),
            float(config.get("AI_TIMEOUT", 30)),
        )

    def ask(self, task: str, payload: dict) -> tuple[dict, Usage]:
        """Send one request; return the parsed JSON object and the token counts."""
        messages = [
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": json.dumps({"task": task, **payload})},
        ]
        try:
            completion = self.client.chat.completions.create(
                model=self.model,
                messages=messages,
                response_format={"type": "json_object"},
                temperature=0,
            )
        except openai.APITimeoutError as error:
            raise ProviderFailed("The model did not answer in time.") from error
        except openai.APIStatusError as error:
            raise ProviderFailed(
                f"The model server answered with status {error.status_code}."
            ) from error
        except openai.APIError as error:
            raise ProviderFailed("The model server could not be reached.") from error

        usage = Usage()
        if completion.usage is not None:
            usage = Usage(
                completion.usage.prompt_tokens, completion.usage.completion_tokens
            )
        try:
            content = completion.choices[0].message.content or ""
            data = json.loads(content)
        except (IndexError, AttributeError, json.JSONDecodeError) as error:
            raise SchemaError("The model's answer is not a JSON object.") from error
        if not isinstance(data, dict):
            raise SchemaError("The model's answer is not a JSON object.")
        return data, usage

    # ---------- Features ----------

    def plan(self, inputs: PlanInputs) -> tuple[PlanResult, Usage]:
        draft = planner.generate_plan(inputs.user, inputs.request, inputs.locale)
        request = inputs.request
        data, usage = self.ask(
            "plan",
            {
                "request": {
                    "goal": request.goal,
                    "experience": request.experience,
                    "days": request.days,
                    "minutes": request.minutes,
                    "excluded_muscles": list(request.excluded_muscles),
                    "language": inputs.locale,
                },
                "exercises": exercise_menu(inputs.allowed),
                "draft": as_dict(draft),
                **vocabulary(),
            },
        )
        checked = parse_plan(data, inputs.allowed, bundled_keys(), request)
        return checked, usage

    def guidance(self, inputs: GuidanceInputs) -> tuple[GuidanceResult, Usage]:
        draft = guidance.advise(inputs.facts, inputs.equipment, inputs.unit)
        facts = inputs.facts
        data, usage = self.ask(
            "guidance",
            {
                "set": {
                    "exercise_id": facts.exercise.id,
                    "kind": facts.kind,
                    "weight_kg": _number(facts.weight_kg),
                    "reps": facts.reps,
                    "rpe": _number(facts.rpe),
                    "done": facts.done,
                    "planned_weight_kg": _number(facts.planned_kg),
                    "target_reps": [facts.target_reps_min, facts.target_reps_max],
                    "target_rpe": _number(facts.target_rpe),
                    "sets_left": facts.sets_left,
                    "recent_e1rm_kg": _number(facts.recent_e1rm_kg),
                },
                "draft": as_dict(draft),
                **vocabulary(),
            },
        )
        checked = parse_guidance(data, bundled_keys(), guidance_ceiling(inputs, draft))
        # What the plates or dumbbells make, whatever number the model chose.
        if checked.next_weight_kg is not None:
            loadable = guidance.round_load(
                decimal(checked.next_weight_kg) or decimal(0.01),
                facts.exercise,
                inputs.equipment,
                inputs.unit,
            )
            checked = replace(
                checked,
                next_weight_kg=None if loadable is None else float(loadable),
            )
        # No bigger step from one set to the next than the engine would take.
        checked = guidance.hold_jump(checked, facts, inputs.equipment, inputs.unit)
        # Nor a heavier first working set than last time's best points to.
        checked = guidance.hold_first_set(checked, facts, inputs.equipment, inputs.unit)
        return checked, usage

    def analysis(self, inputs: AnalysisInputs) -> tuple[AnalysisResult, Usage]:
        computed = analysis.analyse(inputs.user, inputs.period)
        data, usage = self.ask("analysis", {"draft": as_dict(computed), **vocabulary()})
        # The numbers are the database's; the model only writes the advice.
        return replace(computed, changes=parse_changes(data, bundled_keys())), usage


def _number(value) -> float | None:
    return None if value is None else float(value)


def exercise_menu(allowed: frozenset) -> list[dict]:
    """The exercises the model may choose from, with what they train."""
    if not allowed:
        return []
    found = db.session.scalars(
        select(Exercise).where(Exercise.id.in_(sorted(allowed))).order_by(Exercise.id)
    )
    return [
        {
            "id": exercise.id,
            "name": exercise.name_en,
            "primary": exercise.primary_muscles,
            "secondary": exercise.secondary_muscles,
            "mechanic": exercise.mechanic,
        }
        for exercise in found
    ]


def vocabulary() -> dict:
    """The keys an answer may use: catalogue entries, topics and splits."""
    return {
        "catalogue": {entry["key"]: entry["supports_en"] for entry in read_catalogue()},
        "topics": list(TOPICS),
        "splits": list(SPLITS),
    }
