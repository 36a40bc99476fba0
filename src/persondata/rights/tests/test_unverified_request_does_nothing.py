"""An unverified request is never carried out: nothing is read, changed, written or revealed."""

from __future__ import annotations

import pytest

from persondata.audit.models import AuditEntry
from persondata.rights.checks import RightsError
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import AnswerDocument, RequestStep, RightsRequest
from persondata.rights.rectification import propose_rectification
from persondata.rights.tests.factories import ACTOR, make_request
from persondata.subjects.models import DataSubject, PurposeLink, Record


def _state():
    return (
        DataSubject.objects.count(),
        sorted(Record.objects.values_list("id", "value")),
        sorted(PurposeLink.objects.values_list("id", "restricted")),
        AnswerDocument.objects.count(),
        [s.restricted_at for s in DataSubject.objects.order_by("id")],
    )


@pytest.mark.parametrize("kind", RightsRequest.Kind.values)
def test_an_unverified_request_is_not_carried_out(customer, kind):
    rights_request = make_request(kind)
    before = _state()
    audit_before = AuditEntry.objects.count()
    with pytest.raises(RightsError, match="is not verified; an unverified request is never"):
        execute_request(actor=ACTOR, rights_request=rights_request)
    assert _state() == before
    assert AuditEntry.objects.count() == audit_before
    rights_request.refresh_from_db()
    assert rights_request.status == RightsRequest.Status.RECEIVED
    assert rights_request.subject is None
    assert list(rights_request.steps.values_list("kind", flat=True)) == [RequestStep.Kind.RECEIVED]


def test_the_refusal_is_the_same_whether_or_not_the_person_is_registered(customer):
    known = make_request("access")
    unknown = make_request("access", claimed_email="stranger@example.dk")
    messages = []
    for rights_request in (known, unknown):
        with pytest.raises(RightsError) as refused:
            execute_request(actor=ACTOR, rights_request=rights_request)
        messages.append(str(refused.value).replace(str(rights_request.pk), "N"))
    assert messages[0] == messages[1]


def test_no_correction_can_be_proposed_for_an_unverified_request(customer):
    rights_request = make_request("rectification")
    with pytest.raises(RightsError, match="is not verified"):
        propose_rectification(
            actor=ACTOR,
            rights_request=rights_request,
            record=customer.records["address"],
            value="Nørregade 2, 5000 Odense C",
        )


def test_an_unverified_request_cannot_be_answered(customer):
    rights_request = make_request("access")
    with pytest.raises(RightsError, match="carry it out before answering"):
        answer_request(actor=ACTOR, rights_request=rights_request)
