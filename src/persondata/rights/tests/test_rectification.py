"""Rectification (Art. 16): proposed, reviewed by staff, applied through the
register; the old value survives only as a fingerprint in the audit trail."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry
from persondata.rights.checks import RightsError
from persondata.rights.execution import execute_request
from persondata.rights.models import RectificationProposal
from persondata.rights.rectification import decide_rectification, propose_rectification
from persondata.rights.tests.factories import ACTOR, make_customer, verified_request
from persondata.rights.tests.reports import report_html
from persondata.subjects.models import Record

NEW_ADDRESS = "Nørregade 2, 5000 Odense C"
OLD_ADDRESS = "Vestergade 1, 5000 Odense C"


@pytest.fixture
def request_with_proposal(customer):
    rights_request = verified_request("rectification", language="en")
    proposal = propose_rectification(
        actor=ACTOR,
        rights_request=rights_request,
        record=customer.records["address"],
        value=NEW_ADDRESS,
    )
    return rights_request, proposal


def test_a_proposal_is_stored_encrypted_and_waits_for_review(request_with_proposal):
    _rights_request, proposal = request_with_proposal
    assert proposal.status == RectificationProposal.Status.PENDING
    assert NEW_ADDRESS not in proposal.value_encrypted
    assert Record.objects.get(pk=proposal.record_id).value == OLD_ADDRESS


def test_a_pending_proposal_blocks_execution(request_with_proposal):
    rights_request, _proposal = request_with_proposal
    with pytest.raises(RightsError, match="has proposals waiting for review"):
        execute_request(actor=ACTOR, rights_request=rights_request)
    assert Record.objects.filter(value=OLD_ADDRESS).exists()


def test_an_accepted_proposal_is_applied_and_only_fingerprints_are_audited(request_with_proposal):
    rights_request, proposal = request_with_proposal
    decide_rectification(actor=ACTOR, proposal=proposal, accept=True)
    done = execute_request(actor=ACTOR, rights_request=rights_request)
    record = Record.objects.get(pk=proposal.record_id)
    assert record.value == NEW_ADDRESS
    proposal.refresh_from_db()
    assert proposal.status == RectificationProposal.Status.APPLIED
    assert proposal.value_encrypted == ""
    update = AuditEntry.objects.get(action="record.update")
    assert update.details["old_fingerprint"] != update.details["new_fingerprint"]
    trail = str(list(AuditEntry.objects.values_list("details", flat=True)))
    assert OLD_ADDRESS not in trail
    assert NEW_ADDRESS not in trail
    assert "Corrected" in report_html(done)
    assert "Postal address" in report_html(done)


def test_a_rejection_needs_a_reason_that_the_answer_gives(request_with_proposal):
    rights_request, proposal = request_with_proposal
    with pytest.raises(RightsError, match="reason: is required"):
        decide_rectification(actor=ACTOR, proposal=proposal, accept=False)
    decide_rectification(
        actor=ACTOR,
        proposal=proposal,
        accept=False,
        reason="the invoice address must match the signed contract",
    )
    done = execute_request(actor=ACTOR, rights_request=rights_request)
    assert Record.objects.get(pk=proposal.record_id).value == OLD_ADDRESS
    html = report_html(done)
    assert "Not corrected, and why" in html
    assert "the invoice address must match the signed contract" in html


def test_a_proposal_is_decided_once(request_with_proposal):
    _rights_request, proposal = request_with_proposal
    decide_rectification(actor=ACTOR, proposal=proposal, accept=True)
    with pytest.raises(RightsError, match="was already accepted"):
        decide_rectification(actor=ACTOR, proposal=proposal, accept=False, reason="no")


def test_a_value_the_register_refuses_cannot_be_proposed(customer):
    rights_request = verified_request("rectification")
    with pytest.raises(RightsError, match="not an e-mail address"):
        propose_rectification(
            actor=ACTOR,
            rights_request=rights_request,
            record=customer.records["email"],
            value="mette at example",
        )
    assert not RectificationProposal.objects.exists()


def test_only_the_persons_own_records_can_be_corrected(customer):
    other = make_customer(email="jens@example.dk", display_name="Jens")
    rights_request = verified_request("rectification")
    with pytest.raises(RightsError, match="is not data about the person of request"):
        propose_rectification(
            actor=ACTOR,
            rights_request=rights_request,
            record=other.records["address"],
            value=NEW_ADDRESS,
        )


def test_other_kinds_of_request_take_no_proposals(customer):
    rights_request = verified_request("access")
    with pytest.raises(RightsError, match="only rectification requests take corrections"):
        propose_rectification(
            actor=ACTOR,
            rights_request=rights_request,
            record=customer.records["address"],
            value=NEW_ADDRESS,
        )
