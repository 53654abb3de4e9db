"""Geometry for the charts, drawn as SVG by the templates.

The view box is 320 units wide, about the width a card has on a small
phone, so one unit is about one CSS pixel there and 12-unit text stays
readable; wider screens scale it up. Nothing here knows what the data
means: it takes numbers and dates and returns coordinates and tick labels.
"""

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from markupsafe import Markup

WIDTH = 320
LINE_HEIGHT = 200
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 40, 14, 12, 28
BAR_ROW = 34
BAR_LABEL = 14
BAR_TOP, BAR_BOTTOM = 22, 24


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def tick_values(low: float, high: float, ticks: int = 4) -> list[float]:
    step = nice_step(high - low, ticks)
    first = math.floor(low / step) * step
    values, value = [], first
    while value <= high + step * 1e-9:
        values.append(round(value, 10))
        value += step
    if values[-1] < high:
        values.append(round(values[-1] + step, 10))
    return values


def number_label(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


@dataclass
class Series:
    """One line: its points in chart coordinates and as an SVG path."""

    name: str
    points: list[tuple[float, float]]
    dots: bool = True

    @property
    def path(self) -> str:
        return " ".join(
            ("M" if index == 0 else "L") + f"{x:.1f},{y:.1f}"
            for index, (x, y) in enumerate(self.points)
        )

    @property
    def circles(self) -> Markup:
        """A dot at each point; joined here, as a template loop over years of
        sessions costs more than the rest of the chart."""
        dots = "".join(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in self.points
        )
        return Markup(dots)  # noqa: S704 - numbers only


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = LINE_HEIGHT
    series: list[Series] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    left: int = MARGIN_LEFT
    right: int = WIDTH - MARGIN_RIGHT
    top: int = MARGIN_TOP
    bottom: int = LINE_HEIGHT - MARGIN_BOTTOM


def line_chart(
    lines: dict[str, list[tuple[date, Decimal]]], date_label, dots=("",)
) -> LineChart:
    """Lay out lines of (date, value) on shared axes; ``date_label`` names a tick."""
    chart = LineChart()
    everything = [point for points in lines.values() for point in points]
    if not everything:
        return chart
    days = [day.toordinal() for day, _ in everything]
    values = [float(value) for _, value in everything]
    first, last = min(days), max(days)
    ticks = tick_values(min(values), max(values))
    if len(ticks) < 2:
        ticks = [ticks[0] - 1, ticks[0] + 1]
    low, high = ticks[0], ticks[-1]
    span_x = chart.right - chart.left
    span_y = chart.bottom - chart.top

    def x_of(ordinal: int) -> float:
        if last == first:
            return chart.left + span_x / 2
        return chart.left + (ordinal - first) / (last - first) * span_x

    def y_of(value: float) -> float:
        return chart.bottom - (value - low) / (high - low) * span_y

    for name, points in lines.items():
        chart.series.append(
            Series(
                name,
                [(x_of(day.toordinal()), y_of(float(value))) for day, value in points],
                dots=name in dots,
            )
        )
    chart.y_ticks = [(y_of(value), number_label(value)) for value in ticks]
    distinct = sorted(set(days))
    if len(distinct) <= 4:
        # Few sessions: label each one where it is.
        chart.x_ticks = [
            (x_of(day), date_label(date.fromordinal(day))) for day in distinct
        ]
    else:
        chart.x_ticks = date_ticks(first, last, x_of, date_label)
    return chart


def date_ticks(first: int, last: int, x_of, date_label, most: int = 4) -> list:
    """Up to ``most`` evenly spread dates, so labels never overlap on a phone."""
    if last == first:
        return [(x_of(first), date_label(date.fromordinal(first)))]
    count = min(most, last - first + 1)
    ordinals = sorted(
        {round(first + (last - first) * index / (count - 1)) for index in range(count)}
    )
    return [(x_of(day), date_label(date.fromordinal(day))) for day in ordinals]


@dataclass
class Bar:
    label: str
    value: Decimal
    y: float
    width: float
    status: str


@dataclass
class BarChart:
    width: int = WIDTH
    height: int = 0
    left: int = 8
    right: int = WIDTH - 40
    bars: list[Bar] = field(default_factory=list)
    band: tuple[float, float] = (0.0, 0.0)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    top: int = BAR_TOP
    bottom: int = 0
    row: int = BAR_ROW
    label_gap: int = BAR_LABEL


def bar_chart(rows: list[tuple[str, Decimal, str]], band: tuple[int, int]) -> BarChart:
    """Horizontal bars (label above each), with a shaded target band behind."""
    chart = BarChart()
    chart.bottom = BAR_TOP + BAR_ROW * len(rows)
    chart.height = chart.bottom + BAR_BOTTOM
    largest = max([float(value) for _, value, _ in rows] + [band[1] * 1.25])
    ticks = tick_values(0, largest, 5)
    high = ticks[-1]
    span = chart.right - chart.left

    def x_of(value: float) -> float:
        return chart.left + value / high * span

    chart.band = (x_of(band[0]), x_of(band[1]))
    chart.x_ticks = [(x_of(value), number_label(value)) for value in ticks]
    for index, (label, value, status) in enumerate(rows):
        chart.bars.append(
            Bar(
                label,
                value,
                BAR_TOP + index * BAR_ROW,
                x_of(float(value)) - chart.left,
                status,
            )
        )
    return chart
