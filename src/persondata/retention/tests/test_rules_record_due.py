"""A record is due when every one of its purpose links is due."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from persondata.retention.rules import Due, record_due


def _wrong(value: object) -> Any:
    """A value of the wrong type, passed on purpose past the type checker."""
    return value


NEWSLETTER = Due(on=date(2025, 1, 6), rule_index=0, reason="5d after consent_withdrawn:newsletter")
BOOKKEEPING = Due(on=date(2030, 6, 30), rule_index=0, reason="5y after collected")
CUSTOMER = Due(on=None, rule_index=0, reason="kept while relationship_ended has not occurred")


def test_a_record_with_all_links_due_is_due_on_the_latest_of_them():
    due = record_due([NEWSLETTER, BOOKKEEPING])

    assert due.on == date(2030, 6, 30)
    assert due.rule_index is None
    assert due.reason == "all 2 links are due; the last is link 1: 5y after collected"


def test_a_record_with_one_link_kept_is_not_due():
    due = record_due([NEWSLETTER, CUSTOMER, BOOKKEEPING])

    assert due.on is None
    assert due.reason == "link 1 is kept: kept while relationship_ended has not occurred"


def test_a_record_with_one_link_is_due_with_that_link():
    assert record_due([NEWSLETTER]).on == date(2025, 1, 6)


def test_links_due_on_the_same_day_name_the_first_of_them():
    same_day = Due(on=date(2025, 1, 6), rule_index=2, reason="0d after employment_ended")

    assert record_due([NEWSLETTER, same_day]).reason.endswith("link 0: " + NEWSLETTER.reason)


def test_a_record_without_purpose_links_is_an_error():
    with pytest.raises(ValueError, match="at least one purpose link"):
        record_due([])


def test_a_record_needs_due_dates_not_other_values():
    with pytest.raises(TypeError, match=r"link_dues\[1\] must be a Due, got date"):
        record_due([NEWSLETTER, _wrong(date(2025, 1, 1))])


def test_a_single_due_must_be_given_as_a_list():
    with pytest.raises(TypeError, match="link_dues must be a list of Due"):
        record_due(_wrong(NEWSLETTER))


def test_is_due_compares_with_the_given_day():
    assert NEWSLETTER.is_due(date(2025, 1, 6))
    assert not NEWSLETTER.is_due(date(2025, 1, 5))
    assert not CUSTOMER.is_due(date(2099, 1, 1))
