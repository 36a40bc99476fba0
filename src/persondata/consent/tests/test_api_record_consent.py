"""POST /api/v1/subjects/{key}/consents: a consent given or withdrawn by phone,
on paper, at the counter or in an import, recorded through the API."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
import time_machine

from persondata.accounts.actions import create_api_key
from persondata.audit.models import AuditEntry
from persondata.consent.eligibility import check_eligibility
from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.tests.factories import NOW, consent, last_audit, make_subject
from persondata.subjects.actions import add_record
from persondata.subjects.models import DataSubject, Event, PurposeLink

pytestmark = pytest.mark.usefixtures("declaration")


def _headers(*scopes: str) -> dict[str, str]:
    issued = create_api_key(actor="test", name="call-center", scopes=scopes)
    return {"Authorization": f"Bearer {issued.token}"}


@pytest.fixture
def writer() -> dict[str, str]:
    return _headers("write")


@pytest.fixture
def subscriber() -> DataSubject:
    subject = make_subject(categories=["newsletter_subscriber"])
    add_record(
        actor="staff:karen",
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["newsletter"],
    )
    return subject


def _post(client: Any, headers: dict[str, str], subject: DataSubject | str, body: Any) -> Any:
    key = subject.key if isinstance(subject, DataSubject) else subject
    return client.post(
        f"/api/v1/subjects/{key}/consents",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def _counts() -> tuple[int, int, int]:
    return ConsentEntry.objects.count(), AuditEntry.objects.count(), Event.objects.count()


def test_a_consent_by_phone_is_201_with_the_entry_and_moves_eligibility(client, writer, subscriber):
    body = {
        "purpose": "newsletter",
        "given": True,
        "channel": "phone",
        "at": "2026-03-01T10:15:00+01:00",
        "reference": "call 4711",
        "staff": "karen",
    }
    response = _post(client, writer, subscriber, body)
    assert response.status_code == 201, response.content
    entry = response.json()
    assert entry["given"] is True
    assert entry["version"] == 2
    assert entry["channel"] == "phone"
    assert entry["evidence"] == {"reference": "call 4711", "staff": "karen"}
    assert entry["at"] == "2026-03-01T09:15:00Z"
    assert entry["recorded_by"].startswith("api key ")
    assert check_eligibility(subscriber, "email").reason == "consent newsletter v2 given 2026-03-01"
    audit = last_audit("consent.give")
    assert audit.actor == entry["recorded_by"]
    assert audit.details["channel"] == "phone"


def test_a_withdrawal_on_paper_makes_the_newsletter_address_due(client, writer, subscriber):
    consent(subscriber, channel=Channel.WEB_FORM)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        response = _post(
            client,
            writer,
            subscriber,
            {"purpose": "newsletter", "given": False, "channel": "paper", "reference": "letter"},
        )
        assert not check_eligibility(subscriber, "email").eligible
    assert response.status_code == 201, response.content
    assert response.json()["given"] is False
    assert PurposeLink.objects.get(activity="newsletter").due_on == date(2026, 3, 8)
    assert last_audit("consent.withdraw").details["channel"] == "paper"
    proof = client.get(
        "/api/v1/consent/proof",
        {"subject": str(subscriber.key), "purpose": "newsletter"},
        headers=_headers("read"),
    ).json()[0]
    assert [(e["channel"], e["evidence"].get("reference")) for e in proof["entries"]] == [
        ("web_form", None),
        ("paper", "letter"),
    ]


def test_nothing_changed_is_200_with_the_latest_entry_or_204(client, writer, subscriber):
    never = _post(
        client, writer, subscriber, {"purpose": "newsletter", "given": False, "channel": "phone"}
    )
    assert never.status_code == 204
    assert never.content == b""
    given = _post(
        client, writer, subscriber, {"purpose": "newsletter", "given": True, "channel": "phone"}
    )
    assert given.status_code == 201
    before = _counts()
    again = _post(
        client, writer, subscriber, {"purpose": "newsletter", "given": True, "channel": "paper"}
    )
    assert again.status_code == 200
    assert again.json() == given.json()
    assert _counts() == before
    _post(client, writer, subscriber, {"purpose": "newsletter", "given": False, "channel": "phone"})
    withdrawn_twice = _post(
        client, writer, subscriber, {"purpose": "newsletter", "given": False, "channel": "phone"}
    )
    assert withdrawn_twice.status_code == 200
    assert withdrawn_twice.json()["given"] is False


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (
            {"purpose": "weekly", "given": True, "channel": "phone"},
            "purpose: 'weekly' is not a consent purpose of the applied declaration",
        ),
        (
            {"purpose": "newsletter", "given": True, "channel": "phone", "at": "2026-03-03T09:00Z"},
            "at: 2026-03-03T09:00:00+00:00 is in the future",
        ),
        (
            {
                "purpose": "newsletter",
                "given": False,
                "channel": "paper",
                "at": "2026-02-01T09:00:00+01:00",
            },
            "at: 2026-02-01T09:00:00+01:00 is before the consent to 'newsletter' it ends",
        ),
        (
            {"purpose": "newsletter", "given": True, "channel": "web_form"},
            "body.channel: Input should be 'phone', 'paper', 'staff' or 'import'",
        ),
        (
            {"purpose": "newsletter", "given": True, "channel": "phone", "at": "2026-02-30T10:00Z"},
            "body.at:",
        ),
        (
            {"purpose": "newsletter", "given": True, "channel": "phone", "at": "2026-03-01T10:00"},
            "body.at: give a time with a time zone",
        ),
        (
            {"purpose": "newsletter", "given": "yes", "channel": "phone"},
            "body.given: Input should be a valid boolean",
        ),
        (
            {"purpose": "newsletter", "given": True, "channel": "phone", "ip": "192.0.2.1"},
            "body.ip: Extra inputs are not permitted",
        ),
    ],
)
def test_refusals_are_422_naming_what_and_write_nothing(client, writer, subscriber, body, detail):
    consent(subscriber, channel=Channel.PAPER, at=NOW - timedelta(days=10))
    before = _counts()
    response = _post(client, writer, subscriber, body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"].startswith(detail)
    assert _counts() == before


def test_a_consent_dated_before_the_latest_entry_is_422(client, writer, subscriber):
    consent(subscriber, channel=Channel.PAPER, at=NOW - timedelta(days=10))
    _post(
        client,
        writer,
        subscriber,
        {"purpose": "newsletter", "given": False, "channel": "phone", "at": "2026-02-25T10:00Z"},
    )
    before = _counts()
    response = _post(
        client,
        writer,
        subscriber,
        {"purpose": "newsletter", "given": True, "channel": "paper", "at": "2026-02-24T10:00Z"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith(
        "at: 2026-02-24T10:00:00+00:00 is before the latest entry for 'newsletter'"
    )
    assert _counts() == before


def test_an_unknown_subject_is_404(client, writer, subscriber):
    before = _counts()
    missing = "00000000-0000-4000-8000-000000000000"
    response = _post(
        client, writer, missing, {"purpose": "newsletter", "given": True, "channel": "phone"}
    )
    assert response.status_code == 404
    assert response.json()["detail"] == f"path.key: no subject has the key {missing}"
    assert _counts() == before


def test_a_read_only_key_is_403_and_no_key_401(client, subscriber):
    body = {"purpose": "newsletter", "given": True, "channel": "phone"}
    reader = _headers("read")
    before = _counts()
    refused = _post(client, reader, subscriber, body)
    assert refused.status_code == 403
    assert refused.json()["required_scope"] == "write"
    assert _post(client, {}, subscriber, body).status_code == 401
    assert _counts() == before
