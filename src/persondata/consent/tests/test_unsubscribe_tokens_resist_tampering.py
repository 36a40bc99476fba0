"""Any change to an unsubscribe token makes it invalid (read_token)."""

from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.consent.tests.factories import consent, make_subject
from persondata.consent.unsubscribe import InvalidLink, make_token, read_token

pytestmark = pytest.mark.usefixtures("declaration")

ALPHABET = string.ascii_letters + string.digits + "-_:."


@pytest.fixture
def token() -> str:
    subject = make_subject()
    consent(subject)
    return make_token(subject, "newsletter")


def test_the_untouched_token_is_read(token):
    link = read_token(token)
    assert (link.subject.email, link.purpose) == ("jens@example.dk", "newsletter")


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_changing_any_character_makes_the_token_invalid(token, data):
    position = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.sampled_from(ALPHABET).filter(lambda c: c != token[position]))
    altered = token[:position] + replacement + token[position + 1 :]
    with pytest.raises(InvalidLink):
        read_token(altered)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(1, 20), extra=st.text(alphabet=ALPHABET, min_size=1, max_size=5))
def test_cutting_or_extending_the_token_makes_it_invalid(token, cut, extra):
    for altered in (token[:-cut], token + extra, extra + token):
        with pytest.raises(InvalidLink):
            read_token(altered)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=120))
def test_made_up_tokens_are_invalid(text):
    with pytest.raises(InvalidLink):
        read_token(text)
