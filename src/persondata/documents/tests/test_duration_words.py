"""Durations in words: singular and plural in both languages, and zero as "straks"."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.documents.retention_wording import describe_duration
from persondata.lib.durations import Duration, parse_duration

TABLE = [
    ("1y", "1 år", "1 year"),
    ("3y", "3 år", "3 years"),
    ("1mo", "1 måned", "1 month"),
    ("12mo", "12 måneder", "12 months"),
    ("1w", "1 uge", "1 week"),
    ("2w", "2 uger", "2 weeks"),
    ("1d", "1 dag", "1 day"),
    ("5d", "5 dage", "5 days"),
    ("0d", "straks", "immediately"),
    ("1y6mo", "1 år og 6 måneder", "1 year and 6 months"),
    ("2y1mo1w3d", "2 år, 1 måned, 1 uge og 3 dage", "2 years, 1 month, 1 week and 3 days"),
]


@pytest.mark.parametrize(("text", "danish", "english"), TABLE)
def test_durations_read_with_the_right_number(text, danish, english):
    duration = parse_duration(text)
    assert describe_duration(duration, "da") == danish
    assert describe_duration(duration, "en") == english


DANISH_UNITS = {
    "years": ("år", "år"),
    "months": ("måned", "måneder"),
    "weeks": ("uge", "uger"),
    "days": ("dag", "dage"),
}
ENGLISH_UNITS = {
    "years": ("year", "years"),
    "months": ("month", "months"),
    "weeks": ("week", "weeks"),
    "days": ("day", "days"),
}

durations = st.builds(
    Duration,
    years=st.integers(0, 99),
    months=st.integers(0, 99),
    weeks=st.integers(0, 99),
    days=st.integers(0, 999),
)


@given(durations)
def test_every_non_zero_part_appears_once_with_its_own_number(duration):
    for lang, units in (("da", DANISH_UNITS), ("en", ENGLISH_UNITS)):
        words = describe_duration(duration, lang)
        if duration.is_zero:
            assert words == ("straks" if lang == "da" else "immediately")
            continue
        for field, (singular, plural) in units.items():
            count = getattr(duration, field)
            word = singular if count == 1 else plural
            pattern = rf"(^|[ ,]){count} {word}(,| og | and |$)"
            if count:
                assert re.search(pattern, words), (words, field)
        assert not re.search(r"(^|\s)0 ", words), words


@given(durations)
def test_the_words_never_end_with_a_separator(duration):
    for lang in ("da", "en"):
        words = describe_duration(duration, lang)
        assert words == words.strip()
        assert not words.endswith((",", " og", " and"))
