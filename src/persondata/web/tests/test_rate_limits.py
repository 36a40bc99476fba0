"""The public rate limit's arithmetic (pure) and the 429 it answers with."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.web.privacy_center.rate_limits import (
    WINDOW_SECONDS,
    allows,
    estimated_count,
    window_position,
)

counts = st.integers(min_value=0, max_value=10_000)
elapsed = st.floats(min_value=0, max_value=WINDOW_SECONDS, exclude_max=True)


@given(st.floats(min_value=0, max_value=4e9, allow_nan=False))
def test_a_moment_falls_inside_its_window(now):
    position = window_position(now)
    assert 0 <= position.elapsed < WINDOW_SECONDS
    assert position.index * WINDOW_SECONDS + position.elapsed == pytest.approx(now)


@given(counts, counts, elapsed)
def test_the_estimate_lies_between_the_current_count_and_both_counts(previous, current, at):
    estimate = estimated_count(previous=previous, current=current, elapsed=at)
    assert current <= estimate <= previous + current


@given(counts, counts, elapsed, st.integers(min_value=0, max_value=1000))
def test_a_request_is_allowed_only_while_the_estimate_stays_within_the_limit(
    previous, current, at, limit
):
    allowed = allows(previous=previous, current=current, elapsed=at, limit=limit)
    assert allowed == (estimated_count(previous=previous, current=current, elapsed=at) + 1 <= limit)
    if current >= limit:
        assert not allowed


@given(counts, elapsed)
def test_the_earlier_window_counts_less_as_time_passes(previous, at):
    # Halfway to the window's end, but never rounded up onto the end itself.
    later = min(at + (WINDOW_SECONDS - at) / 2, math.nextafter(WINDOW_SECONDS, 0))
    assert estimated_count(previous=previous, current=0, elapsed=later) <= estimated_count(
        previous=previous, current=0, elapsed=at
    )


def test_bad_input_is_refused_with_what_is_wrong():
    with pytest.raises(ValueError, match="negative"):
        estimated_count(previous=-1, current=0, elapsed=0)
    with pytest.raises(ValueError, match="elapsed"):
        estimated_count(previous=0, current=0, elapsed=WINDOW_SECONDS)
    with pytest.raises(ValueError, match="at least 1 second"):
        window_position(10, length=0)
    with pytest.raises(ValueError, match="negative"):
        window_position(-1)


@pytest.mark.django_db
def test_too_many_form_posts_from_one_address_get_429(client, settings):
    settings.PUBLIC_RATE_LIMIT_POSTS = 3
    answers = [
        client.post("/staff/login/", {"username": "x", "password": "y"}).status_code
        for _ in range(4)
    ]
    assert answers[:3] == [200, 200, 200]
    assert answers[3] == 429


@pytest.mark.django_db
def test_reading_has_its_own_limit(client, settings):
    settings.PUBLIC_RATE_LIMIT_GETS = 2
    answers = [client.get("/").status_code for _ in range(3)]
    assert answers == [200, 200, 429]
    response = client.get("/")
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_one_click_unsubscribes_are_not_limited_by_address(client, settings):
    settings.PUBLIC_RATE_LIMIT_POSTS = 2
    answers = [
        client.post("/u/not-a-valid-token", {"List-Unsubscribe": "One-Click"}).status_code
        for _ in range(4)
    ]
    # A forged token is refused as such (400), never with 429.
    assert answers == [400, 400, 400, 400]
