"""check_many: one answer per address, in order, from one statement per chunk."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from persondata.consent.actions import object_to_direct_marketing, restrict_processing
from persondata.consent.decision import NOT_ELIGIBLE, RESTRICTED
from persondata.consent.eligibility import NOT_AN_EMAIL, check_eligibility, check_many
from persondata.consent.eligibility_index import bring_up_to_date
from persondata.consent.tests.factories import ACTOR, consent, make_customer, make_subject

pytestmark = pytest.mark.usefixtures("declaration")


@pytest.fixture
def register():
    people = {}
    for name in ("anna", "bo", "carl", "dora", "emil"):
        people[name] = make_subject(display_name=name.title(), email=f"{name}@example.dk")
    consent(people["anna"])
    make_customer(people["bo"])
    object_to_direct_marketing(actor=ACTOR, subject=people["carl"])
    restrict_processing(actor=ACTOR, subject=people["dora"])
    return people


LIST = [
    "anna@example.dk",
    "stranger@example.dk",
    "BO@example.dk",
    "carl@example.dk",
    "not an address",
    "dora@example.dk",
    "emil@example.dk",
    "anna@example.dk",
]


def test_the_answers_come_in_the_order_of_the_addresses(register):
    answers = list(check_many(LIST, "email", chunk_size=3))
    assert [a.eligible for a in answers] == [True, False, True, False, False, False, False, True]
    assert answers[1] == NOT_ELIGIBLE
    assert answers[3].reason == "objected 2026-03-02"
    assert answers[4] == NOT_AN_EMAIL
    assert answers[5] == RESTRICTED
    assert answers[6] == NOT_ELIGIBLE


def test_each_answer_is_the_single_address_answer(register):
    for size in (1, 2, 5, 100):
        answers = list(check_many(LIST, "email", chunk_size=size))
        assert answers == [check_eligibility(address, "email") for address in LIST]


def test_the_number_of_queries_depends_on_chunks_not_on_addresses(register):
    many = [f"person{i}@example.dk" for i in range(300)] + LIST
    bring_up_to_date()
    with CaptureQueriesContext(connection) as few_queries:
        list(check_many(LIST, "email", chunk_size=1000))
    with CaptureQueriesContext(connection) as more_addresses:
        list(check_many(many, "email", chunk_size=1000))
    # Whether the index is up to date (and for which declaration), then one
    # statement for the whole chunk.
    assert len(more_addresses) == len(few_queries) == 2


def test_the_number_of_queries_at_an_earlier_time_depends_on_chunks(register):
    many = [f"person{i}@example.dk" for i in range(300)] + LIST
    earlier = timezone.now() - timedelta(days=1)
    with CaptureQueriesContext(connection) as few_queries:
        list(check_many(LIST, "email", chunk_size=1000, at=earlier))
    with CaptureQueriesContext(connection) as more_addresses:
        list(check_many(many, "email", chunk_size=1000, at=earlier))
    # The declaration's version, then one statement for the whole chunk.
    assert len(more_addresses) == len(few_queries) == 2


def test_a_single_lookup_is_two_round_trips(register):
    bring_up_to_date()
    with CaptureQueriesContext(connection) as queries:
        check_eligibility(LIST[0], "email")
    assert len(queries) == 2


def test_it_streams_without_reading_ahead_more_than_a_chunk(register):
    read = []

    def addresses():
        for address in LIST:
            read.append(address)
            yield address

    answers = check_many(addresses(), "email", chunk_size=2)
    next(answers)
    assert len(read) == 2


def test_an_empty_list_has_no_answers(register):
    assert list(check_many([], "email")) == []


@pytest.mark.parametrize(
    ("channel", "chunk_size", "message"),
    [
        ("post", 10, "channel: 'post' has no address list"),
        ("fax", 10, "channel: 'fax' is not a marketing channel"),
        ("email", 0, "chunk_size: 0 must be at least 1"),
    ],
)
def test_bad_arguments_are_refused_before_reading(channel, chunk_size, message):
    with pytest.raises(ValueError, match=message):
        next(check_many(iter(()), channel, chunk_size=chunk_size))
