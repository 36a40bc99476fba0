"""The dashboard's chart of scheduled erasures: a stacked bar per week, one
colour per activity, as server-rendered SVG; no database, no JavaScript.

The SVG carries its own title and description and a <title> per bar
segment (shown as a tooltip and read by screen readers); the page also
shows the numbers as a table. Colours are attributes, not inline styles, so
the strict Content-Security-Policy needs no exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

# Colour-blind-safe palette (Okabe-Ito), cycled when there are more activities.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
WIDTH = 900
PLOT_HEIGHT = 200
LEFT = 48
TOP = 12
BOTTOM_AXIS = 28
LEGEND_ROW = 20


@dataclass(frozen=True)
class Bar:
    week: date
    activity: str
    count: int
    x: float
    y: float
    width: float
    height: float
    colour: str


def colour_of(index: int) -> str:
    """The palette colour for the ``index``-th activity (cycling)."""
    return PALETTE[index % len(PALETTE)]


def layout_bars(
    weeks: Sequence[date], activities: Sequence[str], counts: Mapping[tuple[date, str], int]
) -> tuple[list[Bar], int]:
    """The bar segments and the largest weekly total. Each week's segments are
    stacked in the order of ``activities``, scaled so the largest total fills
    the plot height. Raises ValueError for a negative count or a count for a
    week or activity not listed."""
    week_set, activity_set = set(weeks), set(activities)
    for (week, activity), count in counts.items():
        if count < 0:
            raise ValueError(f"count for {activity} in the week of {week} is negative ({count})")
        if week not in week_set or activity not in activity_set:
            raise ValueError(f"count for {activity} in the week of {week} is outside the chart")
    totals = [sum(counts.get((week, a), 0) for a in activities) for week in weeks]
    largest = max(totals, default=0)
    if not weeks:
        return [], largest
    slot = (WIDTH - LEFT - 8) / len(weeks)
    bars: list[Bar] = []
    for position, week in enumerate(weeks):
        stacked = 0.0
        for index, activity in enumerate(activities):
            count = counts.get((week, activity), 0)
            if count == 0:
                continue
            height = PLOT_HEIGHT * count / largest
            stacked += height
            bars.append(
                Bar(
                    week=week,
                    activity=activity,
                    count=count,
                    x=LEFT + position * slot + slot * 0.1,
                    y=TOP + PLOT_HEIGHT - stacked,
                    width=slot * 0.8,
                    height=height,
                    colour=colour_of(index),
                )
            )
    return bars, largest


def render_chart(
    *,
    weeks: Sequence[date],
    activities: Sequence[str],
    counts: Mapping[tuple[date, str], int],
    labels: Mapping[str, str],
    title: str,
    description: str,
) -> str:
    """The chart as an inline <svg> element; ``labels`` names each activity
    (falling back to its key). Raises ValueError as layout_bars."""
    bars, largest = layout_bars(weeks, activities, counts)
    legend_rows = (len(activities) + 2) // 3
    height = TOP + PLOT_HEIGHT + BOTTOM_AXIS + legend_rows * LEGEND_ROW + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<line x1="{LEFT}" y1="{TOP + PLOT_HEIGHT}" x2="{WIDTH - 8}" '
        f'y2="{TOP + PLOT_HEIGHT}" stroke="#555"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + PLOT_HEIGHT}" stroke="#555"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 10}" text-anchor="end" font-size="12">{largest}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + PLOT_HEIGHT}" text-anchor="end" font-size="12">0</text>',
    ]
    for bar in bars:
        name = labels.get(bar.activity, bar.activity)
        parts.append(
            f'<rect x="{bar.x:.1f}" y="{bar.y:.1f}" width="{bar.width:.1f}" '
            f'height="{bar.height:.1f}" fill="{bar.colour}">'
            f"<title>{escape(f'{bar.week.isoformat()}: {name}: {bar.count}')}</title></rect>"
        )
    if weeks:
        slot = (WIDTH - LEFT - 8) / len(weeks)
        shown_month = None
        for position, week in enumerate(weeks):
            if (week.year, week.month) == shown_month:
                continue
            shown_month = (week.year, week.month)
            parts.append(
                f'<text x="{LEFT + position * slot:.1f}" y="{TOP + PLOT_HEIGHT + 16}" '
                f'font-size="11">{week:%Y-%m}</text>'
            )
    legend_top = TOP + PLOT_HEIGHT + BOTTOM_AXIS
    for index, activity in enumerate(activities):
        row, column = divmod(index, 3)
        x = LEFT + column * 280
        y = legend_top + row * LEGEND_ROW
        parts.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour_of(index)}"/>'
            f'<text x="{x + 18}" y="{y + 11}" font-size="12">'
            f"{escape(labels.get(activity, activity))}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
