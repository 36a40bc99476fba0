"""Bad facts and arguments give clear errors naming what and where."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from persondata.retention.rules import RecordFacts, SubjectFacts, compute_due
from persondata.retention.tests.rules_builders import activity, record, subject


def _wrong(value: object) -> Any:
    """A value of the wrong type, passed on purpose past the type checker."""
    return value


RULES = activity([{"keep": "1y", "after": "collected", "until_end_of": "financial_year"}])


def test_collection_time_must_be_a_date_not_a_datetime():
    with pytest.raises(TypeError, match=r"RecordFacts\.collected must be a date, not a datetime"):
        RecordFacts(data_category="user.name", collected=datetime(2025, 1, 1, tzinfo=UTC))


def test_a_record_needs_a_data_category():
    with pytest.raises(TypeError, match=r"RecordFacts\.data_category must be a data category key"):
        RecordFacts(data_category="", collected=date(2025, 1, 1))


def test_event_dates_must_be_dates():
    with pytest.raises(
        TypeError, match=r"SubjectFacts.events\['last_contact'\] must be a date, got str"
    ):
        SubjectFacts(categories=frozenset({"customer"}), events=_wrong({"last_contact": "2025"}))


def test_collected_is_not_a_subject_event():
    with pytest.raises(ValueError, match="must not hold 'collected'"):
        subject("customer", events={"collected": date(2025, 1, 1)})


def test_categories_given_as_one_string_are_refused():
    with pytest.raises(TypeError, match=r"SubjectFacts\.categories must be a set of names"):
        SubjectFacts(categories=_wrong("customer"))


def test_active_consents_must_be_names():
    with pytest.raises(TypeError, match=r"SubjectFacts\.active_consents must hold non-empty names"):
        SubjectFacts(categories=frozenset({"customer"}), active_consents=frozenset({""}))


def test_legal_hold_must_be_true_or_false():
    with pytest.raises(TypeError, match=r"SubjectFacts\.on_hold must be True or False"):
        SubjectFacts(categories=frozenset({"customer"}), on_hold=_wrong("yes"))


def test_subject_facts_cannot_be_changed_through_the_events_passed_in():
    events = {"last_contact": date(2025, 1, 1)}
    facts = subject("customer", events=events)
    events["last_contact"] = date(2026, 1, 1)

    assert facts.events["last_contact"] == date(2025, 1, 1)
    with pytest.raises(TypeError):
        _wrong(facts.events)["last_contact"] = date(2027, 1, 1)


def test_equal_subject_facts_hash_alike_so_they_can_key_a_cache():
    one = subject("customer", events={"last_contact": date(2025, 1, 1)})
    same = subject("customer", events={"last_contact": date(2025, 1, 1)})

    assert one == same
    assert hash(one) == hash(same)
    assert one != subject("customer", events={"last_contact": date(2025, 1, 2)})


@pytest.mark.parametrize(
    ("year_end", "message"),
    [
        ((2, 29), r"year_end \(2, 29\) does not exist every year; use \(2, 28\)"),
        ((13, 1), r"year_end \(13, 1\) is not a month and day of the year"),
        ((4, 31), r"year_end \(4, 31\) is not a month and day of the year"),
        ((0, 10), r"year_end \(0, 10\) is not a month and day of the year"),
        ("06-30", "year_end must be a \\(month, day\\) pair"),
        ((6,), "year_end must be a \\(month, day\\) pair"),
    ],
)
def test_a_bad_financial_year_end_is_refused_before_anything_is_computed(year_end, message):
    with pytest.raises(ValueError, match=message):
        compute_due(RULES, record=record(), subject=subject("customer"), year_end=year_end)


def test_the_activity_must_be_a_declaration_activity():
    with pytest.raises(TypeError, match="activity must be a declaration Activity, got dict"):
        compute_due(_wrong({"retention": []}), record=record(), subject=subject("customer"))


def test_facts_must_be_passed_in_their_own_types():
    with pytest.raises(TypeError, match="record must be RecordFacts, got str"):
        compute_due(RULES, record=_wrong("user.name"), subject=subject("customer"))
    with pytest.raises(TypeError, match="subject must be SubjectFacts, got dict"):
        compute_due(RULES, record=record(), subject=_wrong({"categories": ["customer"]}))
