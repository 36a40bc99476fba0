"""Closing a request records its outcome; each outcome has its condition."""

from __future__ import annotations

import pytest

from persondata.rights.actions import close_request
from persondata.rights.checks import RightsError
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import RequestStep, RightsRequest
from persondata.rights.tests.factories import ACTOR, make_request, verified_request


def test_an_answered_request_closes_as_completed(customer):
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("restriction"))
    answer_request(actor=ACTOR, rights_request=rights_request)
    closed = close_request(actor=ACTOR, rights_request=rights_request)
    assert closed.status == RightsRequest.Status.CLOSED
    assert closed.closed_at is not None
    step = closed.steps.get(kind=RequestStep.Kind.CLOSED)
    assert step.detail == {"outcome": "completed"}


def test_completed_needs_the_answer_first(customer):
    rights_request = verified_request("access")
    with pytest.raises(RightsError, match="not answered; answer it first"):
        close_request(actor=ACTOR, rights_request=rights_request)


def test_a_refusal_needs_its_reason(customer):
    rights_request = verified_request("access")
    with pytest.raises(RightsError, match="note: is required"):
        close_request(actor=ACTOR, rights_request=rights_request, outcome="refused")
    closed = close_request(
        actor=ACTOR,
        rights_request=rights_request,
        outcome="refused",
        note="the fifth identical request this month (Art. 12(5))",
    )
    assert closed.steps.get(kind=RequestStep.Kind.CLOSED).text.startswith("the fifth")


def test_only_an_unverified_request_closes_as_unverified(customer):
    with pytest.raises(RightsError, match="is verified; it cannot close as unverified"):
        close_request(actor=ACTOR, rights_request=verified_request("access"), outcome="unverified")
    closed = close_request(actor=ACTOR, rights_request=make_request("access"), outcome="unverified")
    assert closed.status == RightsRequest.Status.CLOSED


def test_a_closed_request_stays_closed(customer):
    rights_request = make_request("access")
    close_request(actor=ACTOR, rights_request=rights_request, outcome="withdrawn")
    with pytest.raises(RightsError, match="is closed; it cannot be closed again"):
        close_request(actor=ACTOR, rights_request=rights_request, outcome="withdrawn")
    with pytest.raises(RightsError, match="is not one of"):
        close_request(actor=ACTOR, rights_request=make_request("access"), outcome="done")
