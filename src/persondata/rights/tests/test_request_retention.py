"""Answers are removed once delivered and closed; requests lose their personal data
3 years after closing; the history is append-only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from persondata.rights.actions import add_note, close_request, verify_identity
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import (
    AnswerDocument,
    RequestHistoryIsAppendOnly,
    RequestStep,
    RightsRequest,
)
from persondata.rights.request_retention import (
    pseudonymise_expired_requests,
    purge_delivered_answers,
)
from persondata.rights.tests.factories import ACTOR, NOW, make_request, verified_request


@pytest.fixture
def closed(customer) -> RightsRequest:
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("restriction"))
    answer_request(actor=ACTOR, rights_request=rights_request)
    return close_request(actor=ACTOR, rights_request=rights_request)


def test_answers_are_kept_while_their_link_works(closed):
    assert purge_delivered_answers(actor=ACTOR) == 0
    assert all(d.content for d in AnswerDocument.objects.all())


def test_answers_of_closed_requests_are_removed_when_the_link_has_expired(closed):
    with time_machine.travel(NOW + timedelta(days=31), tick=False):
        assert purge_delivered_answers(actor=ACTOR) == 2
        assert purge_delivered_answers(actor=ACTOR) == 0
    for document in AnswerDocument.objects.all():
        assert document.content == ""
        assert document.purged_at is not None
        assert document.size > 0
        assert len(document.sha256) == 64


def test_answers_of_open_requests_are_kept(customer):
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("restriction"))
    with time_machine.travel(NOW + timedelta(days=400), tick=False):
        assert purge_delivered_answers(actor=ACTOR) == 0
    assert rights_request.documents.get().content


def test_requests_lose_their_personal_data_three_years_after_closing(closed):
    add_note(actor=ACTOR, rights_request=closed, text="Mette ringede og takkede")
    with time_machine.travel(NOW + timedelta(days=3 * 365 - 5), tick=False):
        assert pseudonymise_expired_requests(actor=ACTOR) == 0
    with time_machine.travel(NOW + timedelta(days=3 * 365 + 2), tick=False):
        assert pseudonymise_expired_requests(actor=ACTOR) == 1
        assert pseudonymise_expired_requests(actor=ACTOR) == 0
    rights_request = RightsRequest.objects.get(pk=closed.pk)
    assert rights_request.claimed_name == ""
    assert rights_request.claimed_email == ""
    assert rights_request.verified_email == ""
    assert rights_request.subject is None
    assert rights_request.pseudonymised_at is not None
    assert rights_request.kind == "restriction"
    assert rights_request.due_on is not None
    assert set(RequestStep.objects.values_list("text", flat=True)) == {""}
    kinds = list(rights_request.steps.values_list("kind", flat=True))
    assert kinds[0] == "received"
    assert kinds[-1] == "pseudonymised"
    assert set(AnswerDocument.objects.values_list("content", flat=True)) == {""}


def test_open_requests_are_never_pseudonymised(customer):
    make_request("access")
    with time_machine.travel(NOW + timedelta(days=5 * 365), tick=False):
        assert pseudonymise_expired_requests(actor=ACTOR) == 0


def test_the_history_is_append_only(customer):
    rights_request = make_request("access")
    verify_identity(actor=ACTOR, rights_request=rights_request, how="ID checked")
    step = RequestStep.objects.get(kind=RequestStep.Kind.VERIFIED)
    step.text = "something else"
    with pytest.raises(RequestHistoryIsAppendOnly):
        step.save()
    with pytest.raises(RequestHistoryIsAppendOnly):
        step.delete()
    with pytest.raises(RequestHistoryIsAppendOnly):
        RequestStep.objects.filter(pk=step.pk).update(text="x")
    with pytest.raises(RequestHistoryIsAppendOnly):
        RequestStep.objects.filter(pk=step.pk).delete()
    assert RequestStep.objects.get(pk=step.pk).text == "ID checked"
