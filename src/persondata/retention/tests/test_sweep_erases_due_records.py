"""The sweep erases exactly the records whose every link is due, audited, once."""

from __future__ import annotations

from datetime import date

import pytest

from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.retention import sweep
from persondata.retention.models import AnonymisedRecord, SweepRun
from persondata.retention.tests.engine_fixtures import (
    ACTOR,
    consent_given,
    consent_withdrawn,
    record,
    subject,
)
from persondata.subjects import actions
from persondata.subjects.models import DataSubject, Record

pytestmark = pytest.mark.usefixtures("reference")


def _former_customer(ended: date):
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=ended)
    return who


def test_plan_shows_what_the_sweep_will_erase_without_erasing():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])
    result = sweep.plan(as_of=date(2026, 3, 2))
    assert result.records == 1
    assert result.subjects == 1
    assert [(g.activity, g.rule_index, g.records) for g in result.groups] == [
        ("customer_administration", 0, 1)
    ]
    assert Record.objects.count() == 1


def test_sweep_deletes_due_records_and_removes_the_emptied_subject():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])
    key = who.key
    result = sweep.sweep(as_of=date(2026, 3, 2))
    assert (result.deleted, result.subjects_removed) == (1, 1)
    assert not DataSubject.objects.filter(key=key).exists()
    entry = AuditEntry.objects.filter(action="retention.erase").get()
    assert entry.details["deleted"] == 1
    assert len(entry.details["subjects_removed"]) == 1
    assert "Vestergade" not in str(entry.details)
    assert verify_chain().ok


def test_record_with_one_undue_link_is_kept():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    rec = record(
        who, "user.contact.email", "e@example.dk", ["customer_administration", "newsletter"]
    )
    consent_given(who, "newsletter", date(2019, 1, 1))
    consent_withdrawn(who, "newsletter", date(2020, 1, 1))
    result = sweep.sweep(as_of=date(2026, 3, 2))
    assert result.deleted == 0
    assert Record.objects.filter(pk=rec.pk).exists()


def test_not_yet_due_records_stay():
    who = _former_customer(date(2025, 1, 1))
    rec = record(who, "user.contact.address", "Vestergade 2", ["customer_administration"])
    sweep.sweep(as_of=date(2026, 3, 2))
    assert Record.objects.filter(pk=rec.pk).exists()


def test_subject_with_other_records_is_kept_when_one_record_goes():
    who = subject(["customer"])
    actions.start_relationship(actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who)
    record(who, "user.contact.email", "f@example.dk", ["newsletter"])
    kept = record(who, "user.contact.address", "Vestergade 3", ["customer_administration"])
    consent_given(who, "newsletter", date(2019, 1, 1))
    consent_withdrawn(who, "newsletter", date(2020, 1, 1))
    result = sweep.sweep(as_of=date(2026, 3, 2))
    assert (result.deleted, result.subjects_removed) == (1, 0)
    assert list(Record.objects.values_list("pk", flat=True)) == [kept.pk]


def test_legal_hold_stops_the_sweep_until_lifted():
    who = _former_customer(date(2020, 1, 1))
    rec = record(who, "user.contact.address", "Vestergade 4", ["customer_administration"])
    hold = actions.set_legal_hold(actor=ACTOR, subject=who, reason="litigation")
    assert sweep.sweep(as_of=date(2026, 3, 2)).deleted == 0
    assert Record.objects.filter(pk=rec.pk).exists()
    actions.lift_legal_hold(actor=ACTOR, hold=hold)
    assert sweep.sweep(as_of=date(2026, 3, 2)).deleted == 1


def test_anonymize_activity_leaves_only_an_anonymous_trace():
    who = subject(["visitor"])
    record(
        who,
        "user.device.ip_address",
        "192.0.2.10",
        ["website_statistics"],
        collected=date(2025, 1, 20),
    )
    result = sweep.sweep(as_of=date(2026, 3, 2))
    assert (result.deleted, result.anonymised) == (0, 1)
    trace = AnonymisedRecord.objects.get()
    assert (trace.activity, trace.data_category) == ("website_statistics", "user.device.ip_address")
    assert trace.collected_month == date(2025, 1, 1)
    assert Record.objects.count() == 0


def test_second_sweep_erases_nothing_more():
    who = _former_customer(date(2020, 1, 1))
    record(who, "user.contact.address", "Vestergade 5", ["customer_administration"])
    sweep.sweep(as_of=date(2026, 3, 2))
    again = sweep.sweep(as_of=date(2026, 3, 2))
    assert (again.deleted, again.anonymised, again.subjects_removed) == (0, 0, 0)
    assert SweepRun.objects.filter(status="finished").count() == 2


def test_small_batches_erase_the_same_as_one_batch():
    for n in range(7):
        who = _former_customer(date(2020, 1, 1))
        record(who, "user.contact.address", f"Vej {n}", ["customer_administration"])
    result = sweep.sweep(as_of=date(2026, 3, 2), batch=2)
    assert (result.deleted, result.batches) == (7, 4)
    assert AuditEntry.objects.filter(action="retention.erase").count() == 4


def test_batch_size_below_one_is_refused_and_changes_nothing():
    with pytest.raises(ValueError, match="at least 1"):
        sweep.sweep(as_of=date(2026, 3, 2), batch=0)
    assert SweepRun.objects.count() == 0


def test_an_emptied_subject_goes_with_its_rows_and_its_consent_ledger_becomes_pseudonymous():
    from persondata.consent.actions import give_consent
    from persondata.consent.models import ConsentEntry
    from persondata.subjects.models import Event, Relationship

    plain = _former_customer(date(2020, 1, 1))
    record(plain, "user.contact.address", "Vestergade 1", ["customer_administration"])
    actions.record_event(
        actor=ACTOR, subject=plain, name="last_contact", occurred_on=date(2020, 1, 1)
    )
    ledgered = _former_customer(date(2020, 1, 1))
    record(ledgered, "user.name", "Bo", ["customer_administration"])
    entry = give_consent(
        actor=ACTOR, subject=ledgered, purpose="extended_retention", channel="paper"
    )
    result = sweep.sweep(as_of=date(2027, 3, 2))
    assert result.subjects_removed == 2
    assert not DataSubject.objects.filter(pk__in=[plain.pk, ledgered.pk]).exists()
    assert not Relationship.objects.filter(subject_id__in=[plain.pk, ledgered.pk]).exists()
    assert not Event.objects.filter(subject_id__in=[plain.pk, ledgered.pk]).exists()
    # The ledger keeps the entry without the person (the consent app's on_delete).
    kept = ConsentEntry.objects.get(pk=entry.pk)
    assert kept.subject_id is None
    assert kept.pseudonymised_at is not None
    assert verify_chain().ok
