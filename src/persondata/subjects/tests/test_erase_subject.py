from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from persondata.audit.actions import subject_pseudonym
from persondata.audit.models import AuditEntry
from persondata.subjects.actions import (
    RegisterError,
    add_contact_link,
    create_organisation,
    erase_subject,
    lift_legal_hold,
    record_event,
    set_legal_hold,
    start_relationship,
)
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    Organisation,
    PurposeLink,
    Record,
    Relationship,
)
from persondata.subjects.tests.factories import ACTOR, CPR, last_audit, make_record, make_subject


def test_erasure_deletes_the_subject_and_everything_about_it(declaration: Path) -> None:
    subject = make_subject(email="jens@example.dk", cpr=CPR)
    other = make_subject(display_name="Anden", email="anden@example.dk")
    make_record(subject, activities=["customer_administration", "bookkeeping"])
    make_record(subject, data_category="user.health_and_medical", value="Hip")
    make_record(other)
    record_event(actor=ACTOR, subject=subject, name="last_contact", occurred_on=date(2026, 1, 1))
    start_relationship(actor=ACTOR, subject=subject, kind="customer", started=date(2024, 1, 1))
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S")
    add_contact_link(actor=ACTOR, person=subject, organisation=organisation)
    key = str(subject.key)

    counts = erase_subject(actor=ACTOR, subject=subject, reason="request R-17")

    assert counts == {
        "records": 2,
        "purpose_links": 2,
        "events": 1,
        "relationships": 1,
        "contact_links": 1,
        "legal_holds": 0,
    }
    assert list(DataSubject.objects.all()) == [other]
    assert Record.objects.filter(subject=other).count() == Record.objects.count() == 1
    assert not PurposeLink.objects.exists()
    assert not Event.objects.exists()
    assert not Relationship.objects.exists()
    assert not ContactLink.objects.exists()
    assert Organisation.objects.count() == 1
    entry = last_audit("subject.erase")
    assert entry.subject_ref == subject_pseudonym(key)
    assert entry.details == {"counts": counts, "reason": "request R-17"}


def test_the_audit_trail_keeps_only_pseudonyms_after_erasure(declaration: Path) -> None:
    subject = make_subject(display_name="Jensine Særnavn", email="jensine@example.dk", cpr=CPR)
    make_record(subject, value="Særvej 99")
    erase_subject(actor=ACTOR, subject=subject)
    trail = " ".join(
        f"{e.actor} {e.object_id} {e.subject_ref} {e.details}" for e in AuditEntry.objects.all()
    )
    for personal in ("Jensine", "Særnavn", "jensine@example.dk", CPR, "Særvej"):
        assert personal not in trail


def test_erasure_is_refused_while_a_legal_hold_is_in_force(declaration: Path) -> None:
    subject = make_subject()
    make_record(subject)
    hold = set_legal_hold(
        actor=ACTOR, subject=subject, reason="Claim", activity="customer_administration"
    )
    before = AuditEntry.objects.count()
    with pytest.raises(RegisterError, match=r"is under legal hold \(\d+\); nothing was erased"):
        erase_subject(actor=ACTOR, subject=subject)
    assert DataSubject.objects.filter(pk=subject.pk).exists()
    assert Record.objects.count() == 1
    assert AuditEntry.objects.count() == before

    lift_legal_hold(actor=ACTOR, hold=hold)
    erase_subject(actor=ACTOR, subject=subject)
    assert not DataSubject.objects.exists()


def test_a_hold_that_has_not_started_does_not_block_erasure(declaration: Path) -> None:
    subject = make_subject()
    set_legal_hold(
        actor=ACTOR,
        subject=subject,
        reason="Expected claim",
        starts_on=date(2026, 4, 1),
    )
    erase_subject(actor=ACTOR, subject=subject)
    assert not DataSubject.objects.exists()
