"""When a subject is erased, their consent entries, objections and
restrictions stay as pseudonymous rows: no subject, the audit pseudonym
kept, and what identifies the person blanked."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from persondata.audit.actions import subject_pseudonym
from persondata.consent.actions import (
    object_to_direct_marketing,
    pseudonymise_ledger_for,
    restrict_processing,
    withdraw_consent,
)
from persondata.consent.models import ConsentEntry, MarketingObjection, Restriction
from persondata.consent.tests.factories import ACTOR, NOW, consent, last_audit, make_subject
from persondata.retention.sweep import sweep
from persondata.subjects.actions import add_record, erase_subject
from persondata.subjects.models import DataSubject

pytestmark = pytest.mark.usefixtures("declaration")


def _history(subject: DataSubject) -> None:
    consent(subject)
    withdraw_consent(
        actor=ACTOR,
        subject=subject,
        purpose="newsletter",
        evidence={"ip": "192.0.2.20", "user_agent": "Safari", "reference": "call"},
    )
    object_to_direct_marketing(actor=ACTOR, subject=subject, reference="letter from Jens")
    restrict_processing(actor=ACTOR, subject=subject, reason="Jens disputes his address")


def _assert_pseudonymous(reference: str) -> None:
    entries = list(ConsentEntry.objects.order_by("id"))
    assert len(entries) == 2
    for entry in entries:
        assert entry.subject_id is None
        assert entry.subject_ref == reference
        assert (entry.ip, entry.user_agent) == ("", "")
        assert entry.pseudonymised_at == NOW
    assert entries[0].text_da.startswith("Ja tak")
    objection = MarketingObjection.objects.get()
    assert (objection.subject_id, objection.subject_ref, objection.reference) == (
        None,
        reference,
        "",
    )
    restriction = Restriction.objects.get()
    assert (restriction.subject_id, restriction.reason) == (None, "")


def test_erasing_a_subject_keeps_the_ledger_pseudonymous():
    subject = make_subject()
    _history(subject)
    reference = subject_pseudonym(str(subject.key))
    erase_subject(actor=ACTOR, subject=subject)
    assert not DataSubject.objects.exists()
    _assert_pseudonymous(reference)


def test_pseudonymising_first_says_so_in_the_audit_trail():
    subject = make_subject()
    _history(subject)
    reference = subject_pseudonym(str(subject.key))
    counts = pseudonymise_ledger_for(subject, actor=ACTOR)
    assert counts == {"consent_entries": 2, "objections": 1, "restrictions": 1}
    audit = last_audit("consent.pseudonymise")
    assert audit.subject_ref == reference
    assert audit.details == {"counts": counts}
    erase_subject(actor=ACTOR, subject=subject)
    _assert_pseudonymous(reference)


def test_a_subject_with_no_consent_history_writes_no_pseudonymise_entry():
    subject = make_subject()
    assert pseudonymise_ledger_for(subject) == {
        "consent_entries": 0,
        "objections": 0,
        "restrictions": 0,
    }
    assert not ConsentEntry.objects.exists()


def test_the_retention_sweep_can_remove_a_newsletter_subscriber_after_withdrawal():
    subject = make_subject(categories=["newsletter_subscriber"])
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    consent(subject)
    withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
    with time_machine.travel(NOW + timedelta(days=6), tick=False):
        outcome = sweep(as_of=date(2026, 3, 8), actor="test")
    assert outcome.subjects_removed == 1
    assert not DataSubject.objects.exists()
    assert [entry.given for entry in ConsentEntry.objects.order_by("id")] == [True, False]
    assert not ConsentEntry.objects.filter(subject__isnull=False).exists()
