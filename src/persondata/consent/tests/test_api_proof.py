"""GET /api/v1/consent/proof?subject=...&purpose=..."""

from __future__ import annotations

import pytest

from persondata.accounts.actions import create_api_key
from persondata.consent.tests.factories import EVIDENCE, consent, last_audit, make_subject

pytestmark = pytest.mark.usefixtures("declaration")

PATH = "/api/v1/consent/proof"


@pytest.fixture
def headers() -> dict[str, str]:
    issued = create_api_key(actor="test", name="auditor", scopes=["read"])
    return {"Authorization": f"Bearer {issued.token}"}


def test_the_proof_lists_the_entries_with_evidence_and_texts(client, headers):
    subject = make_subject()
    consent(subject)
    response = client.get(
        PATH, {"subject": "jens@example.dk", "purpose": "newsletter"}, headers=headers
    )
    assert response.status_code == 200
    [proof] = response.json()
    assert proof["subject"] == str(subject.key)
    assert proof["declared_version"] == 2
    assert proof["active"] is True
    [entry] = proof["entries"]
    assert entry["evidence"] == EVIDENCE
    assert entry["channel"] == "web_form"
    assert proof["texts"][0]["en"].startswith("Yes, send me the newsletter")
    audit = last_audit("consent.proof")
    assert audit.details == {"purposes": ["newsletter"], "entries": 1}
    assert audit.actor.startswith("api")


def test_without_a_purpose_every_purpose_in_the_ledger_is_returned(client, headers):
    subject = make_subject()
    consent(subject, "sms_offers")
    consent(subject)
    response = client.get(PATH, {"subject": str(subject.key)}, headers=headers)
    assert [proof["purpose"] for proof in response.json()] == ["sms_offers", "newsletter"]


def test_an_unknown_subject_is_404_and_an_unknown_purpose_422(client, headers):
    make_subject()
    missing = client.get(PATH, {"subject": "nobody@example.dk"}, headers=headers)
    assert missing.status_code == 404
    assert missing.json()["detail"] == "query.subject: no subject has 'nobody@example.dk'"
    typo = client.get(PATH, {"subject": "jens@example.dk", "purpose": "weekly"}, headers=headers)
    assert typo.status_code == 422
    assert typo.json()["detail"].startswith("query.purpose: 'weekly' is not a consent purpose")


def test_a_key_is_required(client):
    assert client.get(PATH, {"subject": "jens@example.dk"}).status_code == 401
