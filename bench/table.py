"""The one table ``make bench`` ends with: each figure beside its floor."""

import statistics
from dataclasses import dataclass


@dataclass
class Row:
    """One measured figure, its floor from the same run, and its target.

    ``limit`` is checked against the ratio (figure / floor) when ``on_ratio``,
    else against the figure itself; ``at_least`` turns "at most" around.
    With no limit the row only informs.
    """

    what: str
    figure: float
    floor: float | None
    unit: str
    target: str = ""
    limit: float | None = None
    on_ratio: bool = True
    at_least: bool = False
    also: bool = True  # a second condition the caller checked (e.g. no errors)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or not self.floor:
            return None
        return self.figure / self.floor

    @property
    def verdict(self) -> str:
        if self.limit is None:
            return "-" if self.also else "missed"
        value = self.ratio if self.on_ratio else self.figure
        if value is None:
            return "missed"
        ok = value >= self.limit if self.at_least else value <= self.limit
        return "met" if ok and self.also else "missed"


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("queries", "bytes", "B"):
        return f"{value:,.0f} {unit}"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.1f} {unit}" if abs(value) >= 10 else f"{value:.2f} {unit}"


def render(rows: list[Row]) -> str:
    """A plain-text table, one line per row, columns aligned."""
    head = ("what", "figure", "floor", "ratio", "target", "met/missed")
    lines = [head]
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}x"
        lines.append(
            (
                row.what,
                show(row.figure, row.unit),
                show(row.floor, row.unit),
                ratio,
                row.target or "-",
                row.verdict,
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
    out = []
    for number, line in enumerate(lines):
        cells = [
            cell.ljust(widths[i]) if i in (0, 4, 5) else cell.rjust(widths[i])
            for i, cell in enumerate(line)
        ]
        out.append(" | ".join(cells).rstrip())
        if number == 0:
            out.append("-+-".join("-" * width for width in widths))
    return "\n".join(out)


def quantile(values: list[float], percent: int) -> float:
    """The ``percent``th percentile (inclusive method), as the table uses it."""
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(sorted(values), n=100, method="inclusive")[percent - 1]
