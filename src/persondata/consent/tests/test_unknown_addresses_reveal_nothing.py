"""Eligibility never reveals whether an address is registered: an unknown
address gets the same answer, from the same statements (so the same
timing class: no query is skipped for it), as a registered person
without any ground."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.consent.decision import NOT_ELIGIBLE
from persondata.consent.eligibility import check_eligibility
from persondata.consent.tests.factories import make_subject
from persondata.subjects.models import DataSubject

pytestmark = pytest.mark.usefixtures("declaration")

VALUES = re.compile(r"'[^']*'|%s|\b\d+\b")
LOCAL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_", min_size=1, max_size=20)
DOMAIN = st.sampled_from(["example.dk", "example.com", "mail.example.org"])


def _queries(address: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        check_eligibility(address, "email")
    # The statements with their values blanked: the same shape of work.
    return [VALUES.sub("?", query["sql"]) for query in captured.captured_queries]


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(local=LOCAL, domain=DOMAIN)
def test_an_unknown_address_looks_like_a_registered_one_without_a_ground(local, domain):
    known = "jens@example.dk"
    if not DataSubject.objects.filter(email=known).exists():
        make_subject()
    unknown = f"{local}@{domain}"
    if unknown == known:
        return
    assert check_eligibility(unknown, "email") == NOT_ELIGIBLE == check_eligibility(known, "email")
    assert _queries(unknown) == _queries(known)


def test_the_index_is_asked_even_for_an_address_nobody_has():
    make_subject()
    statements = _queries("nobody@example.dk")
    assert any("consent_eligibilityanswer" in sql for sql in statements)


def test_at_an_earlier_time_the_fact_tables_are_asked_even_for_nobody():
    make_subject()
    with CaptureQueriesContext(connection) as captured:
        check_eligibility("nobody@example.dk", "email", at=timezone.now())
    statements = [query["sql"] for query in captured.captured_queries]
    assert any("consent_marketingobjection" in sql for sql in statements)
    assert any("subjects_record" in sql for sql in statements)
