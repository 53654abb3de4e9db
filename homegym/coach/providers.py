"""One interface, two providers: the built-in engine and an OpenAI-compatible model.

Both answer each feature with the same schema and both answers go through
the same checks, so a page never sees an unchecked answer.
"""

from dataclasses import dataclass

from flask import current_app

from homegym.coach import analysis, guidance, planner
from homegym.coach.schema import (
    AnalysisResult,
    GuidanceResult,
    PlanResult,
    as_dict,
    parse_changes,
    parse_guidance,
    parse_plan,
)
from homegym.sources.loader import bundled_keys


class ProviderFailed(RuntimeError):
    """The provider could not answer (down, timed out, misconfigured)."""


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class PlanInputs:
    """What plan generation works from: the request and what the user can do."""

    user: object
    request: planner.PlanRequest
    allowed: frozenset
    locale: str


@dataclass(frozen=True)
class GuidanceInputs:
    facts: guidance.SetFacts
    equipment: dict
    unit: str


@dataclass(frozen=True)
class AnalysisInputs:
    user: object
    period: analysis.Period


def guidance_ceiling(inputs: GuidanceInputs, engine: GuidanceResult) -> float:
    """The heaviest load any answer may prescribe: the estimated 1RM, else a
    generous margin over what was just lifted or is planned next."""
    if engine.e1rm_kg:
        return engine.e1rm_kg
    facts = inputs.facts
    lifted = float(max(facts.weight_kg or 0, facts.planned_kg or 0))
    return lifted * 1.2 if lifted else 500.0


class BuiltinProvider:
    """The deterministic engine: rules from the catalogue, offline, no cost."""

    name = "builtin"
    model = "engine"

    def plan(self, inputs: PlanInputs) -> tuple[PlanResult, Usage]:
        result = planner.generate_plan(inputs.user, inputs.request, inputs.locale)
        checked = parse_plan(
            as_dict(result), inputs.allowed, bundled_keys(), inputs.request
        )
        return checked, Usage()

    def guidance(self, inputs: GuidanceInputs) -> tuple[GuidanceResult, Usage]:
        result = guidance.advise(inputs.facts, inputs.equipment, inputs.unit)
        ceiling = guidance_ceiling(inputs, result)
        return parse_guidance(as_dict(result), bundled_keys(), ceiling), Usage()

    def analysis(self, inputs: AnalysisInputs) -> tuple[AnalysisResult, Usage]:
        result = analysis.analyse(inputs.user, inputs.period)
        parse_changes(as_dict(result), bundled_keys())
        return result, Usage()


def current_provider():
    """The provider the operator chose with AI_PROVIDER."""
    name = current_app.config.get("AI_PROVIDER", "builtin")
    if name == "builtin":
        return BuiltinProvider()
    if name == "openai":
        # Imported here: the client library is large and only this path needs it.
        from homegym.coach.llm import LLMProvider

        return LLMProvider.from_config(current_app.config)
    raise ProviderFailed(f"AI_PROVIDER {name!r} is not 'builtin' or 'openai'.")
