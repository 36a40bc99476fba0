"""Staff verify identity by other means and record how; the subject is found by address."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry
from persondata.rights.actions import close_request, verify_identity
from persondata.rights.checks import RightsError
from persondata.rights.models import RequestStep, RightsRequest
from persondata.rights.tests.factories import ACTOR, make_customer, make_request


def test_verification_records_how_and_finds_the_subject_by_address(customer):
    rights_request = make_request("access")
    verified = verify_identity(
        actor=ACTOR, rights_request=rights_request, how="saw her passport at the counter"
    )
    assert verified.status == RightsRequest.Status.VERIFIED
    assert verified.verified_at is not None
    assert verified.subject == customer.subject
    assert verified.verified_email == "mette.holm@example.dk"
    step = RequestStep.objects.get(request=verified, kind=RequestStep.Kind.VERIFIED)
    assert step.text == "saw her passport at the counter"
    assert step.detail == {"method": "staff", "subject_found": True}
    entry = AuditEntry.objects.get(action="rights.verify")
    assert "passport" not in str(entry.details)
    assert entry.subject_ref != ""


def test_verification_needs_to_say_how(customer):
    rights_request = make_request("access")
    with pytest.raises(RightsError, match="how: is required"):
        verify_identity(actor=ACTOR, rights_request=rights_request, how="  ")
    rights_request.refresh_from_db()
    assert rights_request.verified_at is None
    assert not RequestStep.objects.filter(kind=RequestStep.Kind.VERIFIED).exists()


def test_staff_may_name_the_subject_and_another_address(demo):
    other = make_customer(email="mh@firma.dk", display_name="Mette Holm")
    rights_request = make_request("access", channel="phone", claimed_email="")
    verified = verify_identity(
        actor=ACTOR,
        rights_request=rights_request,
        how="called back on the number in the register",
        email="MH@firma.dk",
        subject=other.subject,
    )
    assert verified.subject == other.subject
    assert verified.verified_email == "mh@firma.dk"


def test_a_person_not_in_the_register_is_verified_without_a_subject(demo):
    rights_request = make_request("access", claimed_email="nobody@example.dk")
    verified = verify_identity(actor=ACTOR, rights_request=rights_request, how="ID checked")
    assert verified.subject is None
    step = RequestStep.objects.get(request=verified, kind=RequestStep.Kind.VERIFIED)
    assert step.detail["subject_found"] is False


def test_a_request_is_verified_once(customer):
    rights_request = make_request("access")
    verify_identity(actor=ACTOR, rights_request=rights_request, how="ID checked")
    with pytest.raises(RightsError, match="was already verified on 2026-03-02"):
        verify_identity(actor=ACTOR, rights_request=rights_request, how="again")


def test_a_closed_request_cannot_be_verified(customer):
    rights_request = make_request("access")
    close_request(actor=ACTOR, rights_request=rights_request, outcome="withdrawn")
    with pytest.raises(RightsError, match="is closed; it cannot be verified"):
        verify_identity(actor=ACTOR, rights_request=rights_request, how="ID checked")
