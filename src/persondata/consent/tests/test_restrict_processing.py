"""Restriction of processing (GDPR Art. 18): set and lifted through actions,
kept as history, and shown in eligibility at once."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from persondata.consent.actions import lift_restriction, restrict_processing
from persondata.consent.decision import RESTRICTED
from persondata.consent.eligibility import check_eligibility
from persondata.consent.errors import ConsentError
from persondata.consent.models import Restriction
from persondata.consent.tests.factories import ACTOR, NOW, consent, last_audit, make_subject
from persondata.subjects.models import DataSubject

pytestmark = pytest.mark.usefixtures("declaration")


def test_a_restricted_subject_is_left_out_of_marketing_at_once():
    subject = make_subject()
    consent(subject)
    restrict_processing(actor=ACTOR, subject=subject, reason="accuracy contested")
    assert check_eligibility(subject, "email") == RESTRICTED
    assert check_eligibility("jens@example.dk", "email") == RESTRICTED


def test_restricting_sets_restricted_at_and_keeps_the_reason_out_of_the_audit():
    subject = make_subject()
    restriction = restrict_processing(actor=ACTOR, subject=subject, reason="accuracy contested")
    assert DataSubject.objects.get(pk=subject.pk).restricted_at == NOW
    assert subject.restricted_at == NOW
    assert restriction.reason == "accuracy contested"
    audit = last_audit("consent.restrict")
    assert audit.details == {}
    assert audit.object_id == str(restriction.pk)


def test_lifting_ends_the_restriction_and_keeps_the_history():
    subject = make_subject()
    consent(subject)
    restrict_processing(actor=ACTOR, subject=subject)
    with time_machine.travel(NOW + timedelta(days=7), tick=False):
        lift_restriction(actor=ACTOR, subject=subject, reason="told the subject on 2026-03-08")
        assert check_eligibility(subject, "email").eligible
    assert DataSubject.objects.get(pk=subject.pk).restricted_at is None
    history = Restriction.objects.get()
    assert (history.started_at, history.lifted_at) == (NOW, NOW + timedelta(days=7))
    assert last_audit("consent.lift_restriction").details == {}


def test_restricting_twice_is_refused():
    subject = make_subject()
    restrict_processing(actor=ACTOR, subject=subject)
    with pytest.raises(ConsentError, match="is already restricted since 2026-03-02T10:00"):
        restrict_processing(actor=ACTOR, subject=subject)
    assert Restriction.objects.count() == 1


def test_lifting_an_unrestricted_subject_is_refused():
    subject = make_subject()
    with pytest.raises(ConsentError, match="is not restricted"):
        lift_restriction(actor=ACTOR, subject=subject)


def test_a_restriction_set_before_the_history_existed_can_be_lifted():
    subject = make_subject()
    DataSubject.objects.filter(pk=subject.pk).update(restricted_at=NOW - timedelta(days=3))
    lift_restriction(actor=ACTOR, subject=subject)
    history = Restriction.objects.get()
    assert history.started_at == NOW - timedelta(days=3)
    assert history.lifted_at == NOW


def test_a_reason_with_a_card_number_is_refused():
    subject = make_subject()
    with pytest.raises(ConsentError, match="reason: holds a full card number"):
        restrict_processing(actor=ACTOR, subject=subject, reason="paid with 4111111111111111")
    assert DataSubject.objects.get(pk=subject.pk).restricted_at is None
