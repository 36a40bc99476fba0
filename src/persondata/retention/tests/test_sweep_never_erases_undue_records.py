"""Property: the sweep erases a record only when every one of its links is due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.retention import engine, sweep
from persondata.retention.tests.engine_fixtures import record, subject
from persondata.subjects.models import PurposeLink, Record

AS_OF = date(2026, 3, 2)
ACTIVITIES = ["customer_administration", "newsletter", "existing_customer_marketing"]

# Each link's stored due date, relative to the sweep date: None = not due.
offsets = st.one_of(st.none(), st.integers(min_value=-400, max_value=400))
a_record = st.lists(offsets, min_size=1, max_size=len(ACTIVITIES))


@pytest.mark.usefixtures("reference")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=st.lists(a_record, min_size=1, max_size=6))
def test_sweep_erases_exactly_the_records_whose_links_are_all_due(records):
    Record.objects.all().delete()
    who = subject(["customer"])
    expected_kept: set[int] = set()
    expected_erased: set[int] = set()
    # Create every record first: adding a record recomputes the subject's links.
    created = [
        record(who, "user.contact.email", f"p{n}@example.dk", ACTIVITIES[: len(offsets_)])
        for n, offsets_ in enumerate(records)
    ]
    for rec, link_offsets in zip(created, records, strict=True):
        for activity, offset in zip(ACTIVITIES, link_offsets, strict=False):
            due = None if offset is None else AS_OF + timedelta(days=offset)
            # Stored state is set directly: the property is about the sweep alone.
            PurposeLink.objects.filter(record=rec, activity=activity).update(due_on=due)
        all_due = all(offset is not None and offset <= 0 for offset in link_offsets)
        engine.store_record_dues(subject_ids=[who.pk])
        (expected_erased if all_due else expected_kept).add(rec.pk)
    sweep.sweep(as_of=AS_OF)
    remaining = set(Record.objects.values_list("pk", flat=True))
    assert expected_kept <= remaining
    assert not (expected_erased & remaining)
