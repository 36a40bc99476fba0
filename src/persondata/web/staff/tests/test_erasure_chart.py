"""The scheduled-erasures chart: stacked bars that add up, scaled to the plot, valid SVG."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.web.staff.erasure_chart import PLOT_HEIGHT, TOP, layout_bars, render_chart

WEEKS = [date(2026, 1, 5) + timedelta(days=7 * i) for i in range(53)]
ACTIVITIES = ["bookkeeping", "newsletter", "support"]

counts_strategy = st.dictionaries(
    st.tuples(st.sampled_from(WEEKS), st.sampled_from(ACTIVITIES)),
    st.integers(min_value=0, max_value=10_000),
    max_size=60,
)


@given(counts_strategy)
def test_each_weeks_bar_is_as_high_as_its_share_of_the_largest_week(counts):
    bars, largest = layout_bars(WEEKS, ACTIVITIES, counts)
    for week in WEEKS:
        total = sum(counts.get((week, a), 0) for a in ACTIVITIES)
        height = sum(bar.height for bar in bars if bar.week == week)
        expected = PLOT_HEIGHT * total / largest if largest else 0
        assert height == pytest.approx(expected)


@given(counts_strategy)
def test_bars_stay_inside_the_plot_and_never_overlap_within_a_week(counts):
    bars, _ = layout_bars(WEEKS, ACTIVITIES, counts)
    for bar in bars:
        assert bar.y >= TOP - 1e-6
        assert bar.y + bar.height <= TOP + PLOT_HEIGHT + 1e-6
    for week in WEEKS:
        spans = sorted((b.y, b.y + b.height) for b in bars if b.week == week)
        for (_, end), (start, _) in pairwise(spans):
            assert start >= end - 1e-6


@given(counts_strategy)
def test_the_chart_is_well_formed_svg_with_a_title_per_segment(counts):
    svg = render_chart(
        weeks=WEEKS,
        activities=ACTIVITIES,
        counts=counts,
        labels={"newsletter": "Nyhedsbrev <& co>"},
        title="Sletninger",
        description="Beskrivelse",
    )
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    root = parser.parseFragment(svg)[0]
    ns = "{http://www.w3.org/2000/svg}"
    segments = [r for r in root.iter(f"{ns}rect") if r.find(f"{ns}title") is not None]
    assert len(segments) == sum(1 for n in counts.values() if n > 0)
    assert root.get("role") == "img"


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError, match="negative"):
        layout_bars(WEEKS, ACTIVITIES, {(WEEKS[0], "support"): -1})


def test_a_count_outside_the_chart_is_refused():
    with pytest.raises(ValueError, match="outside the chart"):
        layout_bars(WEEKS, ACTIVITIES, {(date(2020, 1, 6), "support"): 1})


def test_an_empty_chart_has_no_bars():
    assert layout_bars(WEEKS, ACTIVITIES, {}) == ([], 0)
