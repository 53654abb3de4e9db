"""The charts page: estimated 1RM, weekly sets per muscle, body weight.

Each chart has its own URL that htmx swaps in place (another exercise,
another week, another range); without JavaScript the same URL is the page.
"""

from datetime import date, timedelta

from babel.dates import format_skeleton
from flask import render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from homegym import clock
from homegym.coach.forms import EXPERIENCE_CHOICES
from homegym.coach.targets import citations, weekly_target
from homegym.exercises.vocabulary import MUSCLES
from homegym.progress import bp, charts, metrics
from homegym.progress.forms import user_today
from homegym.progress.svg import bar_chart, line_chart
from homegym.units import from_kg
from homegym.web import is_htmx, render
from homegym.workouts import freshness
from homegym.workouts.records import EPLEY_SOURCE

RANGES = {"90": 90, "365": 365, "all": None}
LEVELS = {choice.value: choice.label for choice in EXPERIENCE_CHOICES}
DEFAULT_RANGE = "90"


def short_date(day: date) -> str:
    """A tick label: day and month in the user's language ("3 Dec", "3. Dez.")."""
    return format_skeleton("MMMd", day, locale=str(get_locale()))


def strength_context() -> dict:
    """The estimated-1RM chart of the chosen exercise (the most trained by default)."""
    locale = str(get_locale())
    exercises = charts.strength_exercises(current_user.id)
    wanted = request.args.get("exercise", type=int)
    chosen = next((e for e, _n in exercises if e.id == wanted), None)
    if chosen is None and exercises:
        chosen = exercises[0][0]
    points = []
    if chosen is not None:
        tz = clock.zone(current_user.timezone)
        points = charts.e1rm_series(current_user.id, chosen.id, tz)
    unit = current_user.units
    chart = line_chart(
        {"e1rm": [(p.day, from_kg(p.e1rm_kg, unit)) for p in points]},
        short_date,
        dots=("e1rm",),
    )
    best = max(points, key=lambda p: p.e1rm_kg) if points else None
    rows = strength_rows(chosen.id, points, tz, locale, unit) if points else ""
    return {
        "exercises": [(e.id, e.name(locale)) for e, _n in exercises],
        "exercise": chosen,
        "exercise_name": chosen.name(locale) if chosen else "",
        "strength_points": points,
        "strength_chart": chart,
        "strength_best": best,
        "strength_rows": rows,
        "epley_source": EPLEY_SOURCE,
    }


def strength_rows(exercise_id: int, points, tz, locale: str, unit: str) -> Markup:
    """The table of every session's estimate, rendered once per change of the
    user's training (workouts.freshness): five years are hundreds of rows,
    each with a date and two weights to format."""

    def work() -> Markup:
        html = render_template("progress/_strength_rows.html", strength_points=points)
        return Markup(html)  # noqa: S704 - rendered by the autoescaping Jinja

    key = (exercise_id, str(tz), locale, unit)
    return freshness.remembered("e1rm-rows", current_user.id, key, work)


def chosen_monday() -> date:
    today = user_today()
    try:
        day = date.fromisoformat(request.args.get("week", ""))
    except ValueError:
        day = today
    return charts.week_start(min(day, today))


def volume_context() -> dict:
    """Weekly sets per muscle for the chosen week against the coach's target."""
    monday = chosen_monday()
    tz = clock.zone(current_user.timezone)
    band = weekly_target(current_user.id)
    volumes = charts.weekly_sets(current_user.id, monday, tz, band)
    rows = [(str(MUSCLES[v.muscle]), v.sets, v.status) for v in volumes]
    this_week = charts.week_start(user_today())
    groups = {"below": [], "within": [], "above": []}
    for volume in volumes:
        groups[volume.status].append(str(MUSCLES[volume.muscle]))
    return {
        "volume_groups": groups,
        # The band's sources, and Pelland's for counting indirect sets as half.
        "citations": citations([*band.sources, "pelland2026doseresponse"]),
        "band_level": LEVELS.get(band.experience),
        "volumes": volumes,
        "muscle_labels": MUSCLES,
        "volume_chart": bar_chart(rows, (band.low, band.high)),
        "band": band,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": monday - timedelta(days=7),
        "next_week": monday + timedelta(days=7) if monday < this_week else None,
        "this_week": monday == this_week,
    }


def weight_context() -> dict:
    """Body weight and its 7-entry moving average over the chosen range."""
    chosen = request.args.get("range", DEFAULT_RANGE)
    if chosen not in RANGES:
        chosen = DEFAULT_RANGE
    days = RANGES[chosen]
    since = user_today() - timedelta(days=days) if days else None
    trend = metrics.weight_trend(current_user.id, since)
    unit = current_user.units
    chart = line_chart(
        {
            "weight": [(p.day, from_kg(p.weight_kg, unit)) for p in trend],
            "average": [(p.day, from_kg(p.average_kg, unit)) for p in trend],
        },
        short_date,
        dots=("weight",),
    )
    return {
        "weight_range": chosen,
        "weight_ranges": [
            ("90", _("3 months")),
            ("365", _("1 year")),
            ("all", _("All")),
        ],
        "weight_points": trend,
        "weight_chart": chart,
        "weight_first": trend[0] if trend else None,
        "weight_last": trend[-1] if trend else None,
    }


def page_context() -> dict:
    return {**strength_context(), **volume_context(), **weight_context()}


@bp.get("/progress")
@login_required
def index():
    """All three charts, each with its numbers in text."""
    return render("progress/charts.html", **page_context())


@bp.get("/progress/charts/strength")
@login_required
def strength_chart():
    """The estimated-1RM chart of another exercise."""
    return render(
        "progress/charts.html",
        "progress/_strength.html",
        **page_context_for("strength"),
    )


@bp.get("/progress/charts/volume")
@login_required
def volume_chart():
    """The weekly sets of another week."""
    return render(
        "progress/charts.html", "progress/_volume.html", **page_context_for("volume")
    )


@bp.get("/progress/charts/weight")
@login_required
def weight_chart():
    """The body weight over another range."""
    return render(
        "progress/charts.html", "progress/_weight.html", **page_context_for("weight")
    )


def page_context_for(chart: str) -> dict:
    """Only the chart htmx asked for; the whole page for a plain request."""
    if not is_htmx():
        return page_context()
    builders = {
        "strength": strength_context,
        "volume": volume_context,
        "weight": weight_context,
    }
    return builders[chart]()
