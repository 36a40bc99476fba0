"""One-time e-mail links (consent/verification.py): sent only when allowed,
single use, expiring after 24 hours, rate-limited per address and per IP."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from persondata.audit.models import AuditEntry
from persondata.consent import verification
from persondata.consent.models import EmailChallenge
from persondata.consent.tests.factories import NOW, make_subject
from persondata.consent.verification import (
    CHALLENGES_PER_ADDRESS,
    CHALLENGES_PER_IP,
    ChallengePurpose,
    ChallengeRefused,
    issue_challenge,
    redeem_challenge,
    register_challenge_purpose,
)
from persondata.subjects.validation import InvalidValue

pytestmark = pytest.mark.usefixtures("declaration")

IP = "203.0.113.5"


@pytest.fixture
def own_purposes(monkeypatch):
    """Purposes registered by a test stay in that test."""
    monkeypatch.setattr(verification, "CHALLENGE_PURPOSES", dict(verification.CHALLENGE_PURPOSES))


def _token_from_mail(index: int = -1) -> str:
    match = re.search(r"/samtykke/bekraeft/([^/\s]+)/", str(mail.outbox[index].body))
    assert match, mail.outbox[index].body
    return match.group(1)


def test_a_registered_address_gets_a_link_to_the_consent_page(settings):
    settings.PUBLIC_URL = "https://privacy.example.dk"
    make_subject()
    issue_challenge("Jens@Example.dk", "consent", IP)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jens@example.dk"]
    assert message.subject == "Dine samtykker"
    assert "https://privacy.example.dk/samtykke/bekraeft/" in message.body
    assert "24 timer" in message.body


def test_the_english_link_goes_to_the_english_page():
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP, language="en")
    assert "/en/consent/confirm/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Your consents"


def test_an_unregistered_address_gets_nothing_and_the_caller_cannot_tell():
    issue_challenge("stranger@example.dk", "consent", IP)
    assert mail.outbox == []
    challenge = EmailChallenge.objects.get()
    assert challenge.sent is False


def test_only_a_digest_of_the_token_and_of_the_ip_address_is_stored():
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP)
    token = _token_from_mail()
    stored = EmailChallenge.objects.get()
    assert token not in str(stored.__dict__)
    assert IP not in str(stored.__dict__)
    assert len(stored.token_hash) == len(stored.ip_digest) == 64


def test_the_link_gives_back_the_address_once():
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP)
    token = _token_from_mail()
    assert redeem_challenge(token, "consent") == "jens@example.dk"
    with pytest.raises(ChallengeRefused, match="used"):
        redeem_challenge(token, "consent")
    assert AuditEntry.objects.filter(action="challenge.redeem").count() == 1


def test_the_link_expires_after_24_hours():
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP)
    token = _token_from_mail()
    with (
        time_machine.travel(NOW + timedelta(hours=24), tick=False),
        pytest.raises(ChallengeRefused) as refused,
    ):
        redeem_challenge(token, "consent")
    assert refused.value.reason == "expired"
    with time_machine.travel(NOW + timedelta(hours=23, minutes=59), tick=False):
        assert redeem_challenge(token, "consent") == "jens@example.dk"


def test_a_made_up_token_or_one_for_another_purpose_is_unknown(own_purposes):
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP)
    token = _token_from_mail()
    register_challenge_purpose(
        ChallengePurpose(
            key="test_other",
            link_path=lambda token, language: f"/other/{token}/",
            template="consent/email/challenge_consent.txt",
            subject={"da": "Andet", "en": "Other"},
        )
    )
    for attempt, purpose in ((token, "test_other"), ("x" * 43, "consent"), (token[:-1], "consent")):
        with pytest.raises(ChallengeRefused, match="unknown"):
            redeem_challenge(attempt, purpose)


def test_a_token_that_was_never_sent_cannot_be_redeemed(monkeypatch):
    monkeypatch.setattr("secrets.token_urlsafe", lambda size: "predictable-token")
    issue_challenge("stranger@example.dk", "consent", IP)
    with pytest.raises(ChallengeRefused, match="unknown"):
        redeem_challenge("predictable-token", "consent")


def test_an_address_gets_at_most_three_links_an_hour():
    make_subject()
    for _ in range(CHALLENGES_PER_ADDRESS + 2):
        issue_challenge("jens@example.dk", "consent", f"198.51.100.{_}")
    assert len(mail.outbox) == CHALLENGES_PER_ADDRESS
    with time_machine.travel(NOW + timedelta(hours=1, minutes=1), tick=False):
        issue_challenge("jens@example.dk", "consent", IP)
    assert len(mail.outbox) == CHALLENGES_PER_ADDRESS + 1


def test_one_ip_address_can_ask_for_at_most_ten_links_an_hour():
    make_subject(email="last@example.dk")
    for number in range(CHALLENGES_PER_IP):
        issue_challenge(f"person{number}@example.dk", "consent", IP)
    issue_challenge("last@example.dk", "consent", IP)
    assert mail.outbox == []
    issue_challenge("last@example.dk", "consent", "192.0.2.99")
    assert len(mail.outbox) == 1


def test_unknown_addresses_count_towards_the_limits_like_registered_ones():
    for number in range(CHALLENGES_PER_IP):
        issue_challenge(f"stranger{number}@example.dk", "consent", IP)
    make_subject()
    issue_challenge("jens@example.dk", "consent", IP)
    assert mail.outbox == []


def test_old_rows_are_removed():
    issue_challenge("stranger@example.dk", "consent", IP)
    with time_machine.travel(NOW + timedelta(days=3), tick=False):
        issue_challenge("other@example.dk", "consent", IP)
    assert list(EmailChallenge.objects.values_list("email", flat=True)) == ["other@example.dk"]


def test_bad_input_is_refused_before_anything_is_stored():
    with pytest.raises(InvalidValue, match="email: 'no address' is not an e-mail address"):
        issue_challenge("no address", "consent", IP)
    with pytest.raises(ValueError, match="purpose: 'lottery' is not a challenge purpose"):
        issue_challenge("jens@example.dk", "lottery", IP)
    with pytest.raises(ValueError, match="purpose: 'lottery' is not a challenge purpose"):
        redeem_challenge("token", "lottery")
    assert not EmailChallenge.objects.exists()


def test_the_address_limit_counts_each_purpose_apart(own_purposes):
    register_challenge_purpose(
        ChallengePurpose(
            key="test_request",
            link_path=lambda token, language: f"/request/{token}/",
            template="consent/email/challenge_consent.txt",
            subject={"da": "Anmodning", "en": "Request"},
        )
    )
    make_subject()
    for number in range(CHALLENGES_PER_ADDRESS):
        issue_challenge("jens@example.dk", "consent", f"198.51.100.{number}")
    issue_challenge("jens@example.dk", "test_request", IP)
    assert len(mail.outbox) == CHALLENGES_PER_ADDRESS + 1


def test_a_purpose_may_send_to_any_address(own_purposes):
    register_challenge_purpose(
        ChallengePurpose(
            key="test_anyone",
            link_path=lambda token, language: f"/anyone/{token}/",
            template="consent/email/challenge_consent.txt",
            subject={"da": "Link", "en": "Link"},
            registered_only=False,
        )
    )
    issue_challenge("stranger@example.dk", "test_anyone", IP)
    assert len(mail.outbox) == 1
    token = re.search(r"/anyone/([^/]+)/", str(mail.outbox[0].body))
    assert token is not None
    assert redeem_challenge(token.group(1), "test_anyone") == "stranger@example.dk"
