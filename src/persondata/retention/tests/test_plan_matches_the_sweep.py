"""The plan counts exactly what the sweep would erase, also when stored dates disagree."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from persondata.retention import engine, sweep
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
    assert (group.activity, group.rule_index, group.records) == ("customer_administration", 0, 3)
    assert len(group.examples) == 3
    assert group.examples[-1].startswith(f"record {due.pk} (user.name) of subject ")
    assert str(second.key).replace("-", "")[:8] in group.examples[-1]
    assert sweep.plan(as_of=AS_OF, examples=1).groups[0].examples == group.examples[:1]


def test_a_stale_record_date_is_caught_by_the_sweep_and_repaired_by_recompute():
    active = subject(["customer"])
    actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=active
    )
    kept = record(active, "user.name", "Anna", ["customer_administration"])
    erased = record(_former_customer(), "user.name", "Bo", ["customer_administration"])
    # A record date set behind the engine's back: its link is not due at all.
    Record.objects.filter(pk=kept.pk).update(
        due_on=date(2020, 1, 1), due_activity="customer_administration", due_rule=0
    )
    # The plan reads stored dates; the sweep re-checks every link and keeps it.
    assert sweep.plan(as_of=AS_OF).records == 2
    assert _erased_by_sweep() == {erased.pk}
    call_command("retention", "recompute", stdout=StringIO(), stderr=StringIO())
    assert Record.objects.get(pk=kept.pk).due_on is None
    assert sweep.plan(as_of=AS_OF).records == 0


def _dated(rec, **dates) -> tuple:
    for activity, due in dates.items():
        PurposeLink.objects.filter(record=rec, activity=activity).update(
            due_on=due, due_rule=None if due is None else 0
        )
    engine.store_record_dues(subject_ids=[rec.subject_id])
    stored = Record.objects.get(pk=rec.pk)
    return stored.due_on, stored.due_activity, stored.due_rule


def test_a_record_is_counted_under_the_link_that_dated_it_last():
    who = subject(["customer"])
    rec = record(
        who, "user.contact.email", "a@example.dk", ["customer_administration", "newsletter"]
    )
    early, late = date(2025, 1, 1), date(2025, 6, 1)
    assert _dated(rec, customer_administration=early, newsletter=late) == (
        late,
        "newsletter",
        0,
    )
    assert _dated(rec, customer_administration=late, newsletter=early) == (
        late,
        "customer_administration",
        0,
    )
    # The same day: the last activity key decides, so the answer is stable.
    assert _dated(rec, customer_administration=late, newsletter=late)[1] == "newsletter"
    assert _dated(rec, customer_administration=None) == (None, "", None)
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.groups) == (0, [])
    _dated(rec, customer_administration=early, newsletter=late)
    [group] = sweep.plan(as_of=AS_OF).groups
    assert (group.activity, group.rule_index, group.records) == ("newsletter", 0, 1)


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
    assert result.groups[0].records == 1
    assert _erased_by_sweep() == {due.pk}


def test_nothing_due_gives_an_empty_plan():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    record(who, "user.name", "Anna", ["customer_administration"])
    result = sweep.plan(as_of=AS_OF)
    assert (result.records, result.subjects, result.groups) == (0, 0, [])


def test_an_impossible_date_is_refused_by_name():
    from django.core.management.base import CommandError

    with pytest.raises(
        CommandError, match=r"--as-of: '2026-02-30' is not a date; write it as YYYY-MM-DD"
    ):
        call_command("retention", "plan", "--as-of", "2026-02-30", stdout=StringIO())
