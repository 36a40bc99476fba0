"""Key rotation also re-encrypts what rights requests keep under the field
keys: answer files and proposed corrections. After it, the old key can go
and both are still readable; a proposed correction whose record was erased
(no one can read it any more) is cleared instead of keeping the old key in use."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from persondata.audit.models import AuditEntry
from persondata.rights.answer_files import read_document
from persondata.rights.execution import execute_request
from persondata.rights.models import AnswerDocument
from persondata.rights.rectification import decide_rectification, propose_rectification
from persondata.rights.tests.factories import ACTOR, verified_request
from persondata.subjects.keyrotation import rotate_keys, values_per_key
from persondata.subjects.models import Record

NEW_KEY = ("k-new", bytes(range(32)))
NEW_ADDRESS = "Nørregade 2, 5000 Odense C"


@pytest.fixture
def answer_and_proposal(customer):
    execute_request(actor=ACTOR, rights_request=verified_request("portability"))
    correction = verified_request("rectification", language="en")
    proposal = propose_rectification(
        actor=ACTOR,
        rights_request=correction,
        record=customer.records["address"],
        value=NEW_ADDRESS,
    )
    return correction, proposal


def test_answers_and_proposals_move_to_the_new_key_and_the_old_key_can_go(answer_and_proposal):
    correction, proposal = answer_and_proposal
    old_id = settings.FIELD_ENCRYPTION_KEYS[0][0]
    files = AnswerDocument.objects.count()
    assert files > 0
    before = {doc.pk: read_document(doc) for doc in AnswerDocument.objects.all()}
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        assert values_per_key()["answers"] == {old_id: files}
        assert values_per_key()["rectifications"] == {old_id: 1}
        report = rotate_keys(actor=ACTOR)
        assert report.reencrypted["answers"] == files
        assert report.reencrypted["rectifications"] == 1
        assert values_per_key()["answers"] == {"k-new": files}
        assert values_per_key()["rectifications"] == {"k-new": 1}
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        after = {doc.pk: read_document(doc) for doc in AnswerDocument.objects.all()}
        assert after == before
        decide_rectification(actor=ACTOR, proposal=proposal, accept=True)
        execute_request(actor=ACTOR, rights_request=correction)
        assert Record.objects.get(pk=proposal.record_id).value == NEW_ADDRESS


def test_a_proposal_for_an_erased_record_is_cleared_not_kept_under_the_old_key(
    answer_and_proposal,
):
    _correction, proposal = answer_and_proposal
    Record.objects.filter(pk=proposal.record_id).delete()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, *settings.FIELD_ENCRYPTION_KEYS]):
        report = rotate_keys(actor=ACTOR)
        assert report.cleared["rectifications"] == 1
        assert report.reencrypted["rectifications"] == 0
        assert values_per_key()["rectifications"] == {}
    proposal.refresh_from_db()
    assert proposal.value_encrypted == ""
    batch = AuditEntry.objects.get(action="keys.rotate_batch", details__kind="rectifications")
    assert batch.details["cleared_unreadable"] == 1
