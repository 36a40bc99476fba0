"""Text and dates the database could not store are refused at the door
(api/schemas.py): control characters, lone surrogates, far-off dates."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.api.schemas import (
    EARLIEST,
    LATEST,
    check_day,
    check_free_text,
    check_line,
    check_moment,
)
from persondata.api.tests.api_client import BASE, ApiClient
from persondata.subjects.models import DataSubject

CONTROL = [chr(c) for c in range(0x20)] + ["\x7f"]
LINE_BREAKS = ["\t", "\n", "\r"]
# Everything from the space up, less DEL and the surrogates (category Cs).
PRINTABLE = st.text(
    st.characters(min_codepoint=0x20, exclude_categories=["Cs"]).filter(lambda c: c != "\x7f")
)


@given(PRINTABLE)
def test_text_without_control_characters_passes_unchanged(text: str) -> None:
    assert check_line(text) == text
    assert check_free_text(text) == text


@given(PRINTABLE, st.sampled_from(CONTROL), PRINTABLE)
def test_a_control_character_is_refused_in_a_line(before: str, control: str, after: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        check_line(before + control + after)


@given(PRINTABLE, st.sampled_from(CONTROL), PRINTABLE)
def test_free_text_allows_only_tabs_and_line_breaks(before: str, control: str, after: str) -> None:
    text = before + control + after
    if control in LINE_BREAKS:
        assert check_free_text(text) == text
    else:
        with pytest.raises(ValueError, match="only tabs and line breaks"):
            check_free_text(text)


def test_a_lone_surrogate_is_refused() -> None:
    with pytest.raises(ValueError, match="lone surrogate"):
        check_line("Jens \ud800")


@given(st.dates())
def test_dates_are_accepted_exactly_between_1900_and_2999(day: date) -> None:
    if EARLIEST <= day <= LATEST:
        assert check_day(day) == day
    else:
        with pytest.raises(ValueError, match="between 1900-01-01 and 2999-12-31"):
            check_day(day)


def test_a_time_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        check_moment(datetime.fromisoformat("2026-03-01T09:00:00"))
    moment = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    assert check_moment(moment) == moment


@pytest.mark.parametrize(
    "name", ["Jens\x00", "Jens\u0007", "Jens\nHansen"], ids=["nul", "bell", "newline"]
)
def test_a_subject_with_a_control_character_in_its_name_is_refused(
    api: ApiClient, name: str
) -> None:
    response = api.post("/subjects", {"display_name": name, "categories": ["customer"]})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.display_name"
    assert not DataSubject.objects.exists()


def test_a_lone_surrogate_in_a_body_is_refused(api: ApiClient) -> None:
    # Written by hand: json.dumps would escape it the same way, as \ud800.
    body = '{"display_name": "Jens \\ud800", "categories": ["customer"]}'
    response = api.client.post(
        BASE + "/subjects", data=body, content_type="application/json", headers=api.headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.display_name"
    assert json.loads(body)["display_name"].endswith("\ud800")
    assert not DataSubject.objects.exists()


def test_a_nul_in_a_search_parameter_is_refused(api: ApiClient) -> None:
    response = api.get("/subjects", {"customer_number": "K\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "query.customer_number"
