"""Due dates at month ends, leap days and financial year ends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from persondata.retention.rules import compute_due
from persondata.retention.tests.rules_builders import activity, record, subject


def _due(rule: dict[str, Any], collected: date, year_end: tuple[int, int] = (12, 31)) -> date:
    due = compute_due(
        activity([rule]),
        record=record(collected=collected),
        subject=subject("customer"),
        year_end=year_end,
    )
    assert due.on is not None
    return due.on


@pytest.mark.parametrize(
    ("keep", "collected", "expected"),
    [
        ("1y", date(2024, 2, 29), date(2025, 2, 28)),
        ("4y", date(2024, 2, 29), date(2028, 2, 29)),
        ("12mo", date(2024, 2, 29), date(2025, 2, 28)),
        ("1mo", date(2024, 1, 31), date(2024, 2, 29)),
        ("1mo", date(2023, 1, 31), date(2023, 2, 28)),
        ("1mo", date(2025, 3, 31), date(2025, 4, 30)),
        ("1y6mo", date(2023, 8, 31), date(2025, 2, 28)),
        ("2w3d", date(2025, 12, 20), date(2026, 1, 6)),
        ("1d", date(2024, 2, 28), date(2024, 2, 29)),
        ("0d", date(2024, 2, 29), date(2024, 2, 29)),
    ],
)
def test_keep_periods_use_calendar_arithmetic(keep, collected, expected):
    assert _due({"keep": keep, "after": "collected"}, collected) == expected


@pytest.mark.parametrize(
    ("year_end", "collected", "expected"),
    [
        ((12, 31), date(2024, 1, 1), date(2025, 12, 31)),
        ((12, 31), date(2024, 12, 31), date(2025, 12, 31)),
        ((6, 30), date(2024, 6, 30), date(2025, 6, 30)),
        ((6, 30), date(2024, 7, 1), date(2026, 6, 30)),
        ((6, 30), date(2025, 1, 1), date(2026, 6, 30)),
        ((2, 28), date(2024, 2, 29), date(2025, 2, 28)),
        ((2, 28), date(2024, 2, 28), date(2025, 2, 28)),
        ((2, 28), date(2024, 3, 1), date(2026, 2, 28)),
        ((2, 28), date(2023, 3, 1), date(2025, 2, 28)),
        ((2, 28), date(2027, 3, 1), date(2029, 2, 28)),
        ((3, 31), date(2024, 3, 31), date(2025, 3, 31)),
    ],
)
def test_one_year_from_the_end_of_the_financial_year(year_end, collected, expected):
    rule = {"keep": "1y", "after": "collected", "until_end_of": "financial_year"}

    assert _due(rule, collected, year_end) == expected


def test_end_of_february_year_end_keeps_29_february_in_its_own_year():
    rule = {"keep": "0d", "after": "collected", "until_end_of": "financial_year"}

    assert _due(rule, date(2024, 2, 29), (2, 28)) == date(2024, 2, 29)
    assert _due(rule, date(2023, 12, 1), (2, 28)) == date(2024, 2, 29)
    assert _due(rule, date(2025, 2, 28), (2, 28)) == date(2025, 2, 28)


def test_calendar_year_rounding_ignores_the_financial_year_end():
    rule = {"keep": "1y", "after": "collected", "until_end_of": "calendar_year"}

    assert _due(rule, date(2024, 8, 15), (6, 30)) == date(2025, 12, 31)


def test_financial_year_defaults_to_the_calendar_year():
    due = compute_due(
        activity([{"keep": "1y", "after": "collected", "until_end_of": "financial_year"}]),
        record=record(collected=date(2024, 8, 15)),
        subject=subject("customer"),
    )

    assert due.on == date(2025, 12, 31)


def test_an_extension_is_added_after_the_keep_period_at_a_month_end():
    rules = activity(
        [
            {
                "keep": "1y",
                "after": "collected",
                "extend": {"by": "1mo", "consent": "extended_retention"},
            }
        ]
    )
    facts = subject("customer", active_consents=("extended_retention",))

    due = compute_due(rules, record=record(collected=date(2024, 2, 29)), subject=facts)

    # 2024-02-29 + 1y = 2025-02-28, then + 1mo = 2025-03-28.
    assert due.on == date(2025, 3, 28)
