"""The plan counts exactly what the sweep would erase, also when stored dates disagree."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from persondata.retention import sweep
from persondata.retention.tests.engine_fixtures import ACTOR, record, subject
from persondata.subjects import actions
from persondata.subjects.models import LegalHold, PurposeLink, Record

pytestmark = pytest.mark.usefixtures("reference")
AS_OF = date(2026, 3, 2)


def _former_customer():
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=date(2020, 1, 1))
    return who


def _erased_by_sweep() -> set[int]:
    before = set(Record.objects.values_list("pk", flat=True))
    sweep.sweep(as_of=AS_OF)
    return before - set(Record.objects.values_list("pk", flat=True))


def test_plan_groups_links_and_counts_records_and_subjects():
    first, second = _former_customer(), _former_customer()
    record(first, "user.contact.address", "Vestergade 1", ["customer_administration"])
    record(first, "user.name", "Anna", ["customer_administration"])
    due = record(second, "user.name", "Bo", ["customer_administration"])
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.subjects) == (3, 2)
    [group] = result.groups
    assert (group.activity, group.rule_index, group.links) == ("customer_administration", 0, 3)
    assert len(group.examples) == 3
    assert group.examples[-1].startswith(f"record {due.pk} (user.name) of subject ")
    assert str(second.key).replace("-", "")[:8] in group.examples[-1]
    assert sweep.plan(as_of=AS_OF, examples=1).groups[0].examples == group.examples[:1]


def test_a_stale_record_date_falls_back_to_the_guarded_query():
    who = _former_customer()
    kept = record(who, "user.name", "Anna", ["customer_administration"])
    erased = record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])
    # A link made undue behind the engine's back: the record's stored date is stale.
    PurposeLink.objects.filter(record=kept).update(due_on=None)
    assert Record.objects.get(pk=kept.pk).due_on is not None
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.subjects) == (1, 1)
    assert [g.links for g in result.groups] == [1]
    assert result.groups[0].examples[0].startswith(f"record {erased.pk} ")
    assert _erased_by_sweep() == {erased.pk}


def test_a_legal_hold_on_the_subject_keeps_it_out_of_the_plan():
    held, free = _former_customer(), _former_customer()
    record(held, "user.name", "Anna", ["customer_administration"])
    due = record(free, "user.name", "Bo", ["customer_administration"])
    # Set directly, as an old hold the stored dates do not yet reflect.
    LegalHold.objects.create(
        subject=held,
        reason="tvist",
        set_by="dpo",
        starts_on=date(2026, 1, 1),
        created_at=timezone.now(),
    )
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.subjects) == (1, 1)
    assert result.groups[0].links == 1
    assert _erased_by_sweep() == {due.pk}


def test_nothing_due_gives_an_empty_plan():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    record(who, "user.name", "Anna", ["customer_administration"])
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.subjects, result.groups) == (0, 0, [])
