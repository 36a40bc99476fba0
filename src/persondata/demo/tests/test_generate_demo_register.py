"""The demo register is made through the register's actions: audited, valid, with due records."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry
from persondata.audit.queries import verify_chain
from persondata.consent.models import ConsentEntry
from persondata.demo.generate import ACTOR, DemoDataError, generate_demo_register
from persondata.retention import sweep
from persondata.subjects.models import (
    ContactLink,
    DataSubject,
    Event,
    LegalHold,
    Organisation,
    PurposeLink,
    Record,
)

COUNT = 20


@pytest.fixture
def generated(demo_declaration):
    return generate_demo_register(count=COUNT, seed=2026)


def test_the_summary_counts_what_was_made(generated):
    assert generated.subjects == DataSubject.objects.count() == COUNT
    assert generated.consents == ConsentEntry.objects.filter(given=True).count()
    assert generated.withdrawals == ConsentEntry.objects.filter(given=False).count()
    assert generated.events == Event.objects.exclude(name="employment_ended").count()
    assert generated.records == Record.objects.count()
    assert generated.organisations == Organisation.objects.count()
    assert generated.legal_holds == LegalHold.objects.count() == 2


def test_every_row_went_through_an_audited_action(generated):
    def audited(action: str) -> int:
        return AuditEntry.objects.filter(action=action, actor=ACTOR).count()

    assert audited("subject.create") == DataSubject.objects.count()
    assert audited("record.add") == Record.objects.count()
    assert audited("organisation.create") == Organisation.objects.count()
    assert audited("contact.link") == ContactLink.objects.count()
    assert audited("legal_hold.set") == 2
    assert audited("consent.give") == ConsentEntry.objects.filter(given=True).count() > 0
    assert audited("consent.withdraw") == ConsentEntry.objects.filter(given=False).count()
    recorded = Event.objects.exclude(name="employment_ended").count()
    assert audited("event.record") == recorded
    assert verify_chain().ok


def test_every_activity_of_the_declaration_holds_records(generated):
    activities = set(PurposeLink.objects.values_list("activity", flat=True))
    assert len(activities) == generated.activities
    assert generated.activities >= 10


def test_the_retention_plan_shows_due_records_in_several_activities(generated):
    result = sweep.plan()
    assert result.records > 0
    assert len({group.activity for group in result.groups}) >= 3


def test_subjects_under_legal_hold_are_not_in_the_plan(generated):
    held = set(LegalHold.objects.values_list("subject_id", flat=True))
    planned = set(sweep.due_records(sweep.plan().as_of).values_list("subject_id", flat=True))
    assert held
    assert not held & planned


def test_without_a_declaration_nothing_is_generated(db, frozen_now):
    with pytest.raises(DemoDataError, match="policy apply"):
        generate_demo_register(count=5, seed=1)
    assert not DataSubject.objects.exists()
    assert not AuditEntry.objects.exists()
