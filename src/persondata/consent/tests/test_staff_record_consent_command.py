"""persondata consent give|withdraw: staff record a consent given or withdrawn
by phone, on paper or at the counter."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from persondata.audit.models import AuditEntry
from persondata.consent.decision import Eligibility
from persondata.consent.eligibility import check_eligibility
from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.tests.factories import NOW, consent, last_audit, make_subject
from persondata.subjects.actions import add_record
from persondata.subjects.models import DataSubject, Event, PurposeLink

pytestmark = pytest.mark.usefixtures("declaration")


def _run(*args: str) -> str:
    out = StringIO()
    call_command("consent", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def subscriber() -> DataSubject:
    """Jens, whose e-mail address is kept for the newsletter (due 5 days after
    a withdrawal)."""
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


def _counts() -> tuple[int, int, int]:
    return ConsentEntry.objects.count(), AuditEntry.objects.count(), Event.objects.count()


def test_a_consent_by_phone_then_a_withdrawal_on_paper_move_eligibility_and_the_due_date(
    subscriber,
):
    link = PurposeLink.objects.get(activity="newsletter")
    assert not check_eligibility(subscriber, "email").eligible

    given = _run(
        "give",
        "jens@example.dk",
        "newsletter",
        "--channel",
        "phone",
        "--at",
        "2026-03-01T10:15",
        "--reference",
        "call 4711",
        "--actor",
        "staff:karen",
    )
    assert given == (
        f"recorded: subject {subscriber.key}, newsletter version 2 given "
        "2026-03-01 10:15:00+01:00 via phone"
    )
    assert check_eligibility(subscriber, "email") == Eligibility(
        True, "consent newsletter v2 given 2026-03-01"
    )
    link.refresh_from_db()
    assert link.due_on is None

    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        withdrawn = _run(
            "withdraw",
            str(subscriber.key),
            "newsletter",
            "--channel",
            "paper",
            "--reference",
            "letter of 2 March",
            "--actor",
            "staff:ole",
        )
        assert check_eligibility(subscriber, "email") == Eligibility(
            False, "consent newsletter v2 withdrawn 2026-03-03"
        )
    assert withdrawn == (
        f"recorded: subject {subscriber.key}, newsletter version 2 withdrawn "
        "2026-03-03 10:00:00+01:00 via paper"
    )
    link.refresh_from_db()
    assert link.due_on == date(2026, 3, 8)


def test_the_proof_shows_the_channel_the_reference_and_who_took_it(subscriber):
    _run(
        "give",
        "jens@example.dk",
        "newsletter",
        "--channel",
        "paper",
        "--at",
        "2026-02-27T14:00+01:00",
        "--reference",
        "form 17",
        "--actor",
        "staff:karen",
    )
    proof = _run("proof", "jens@example.dk", "newsletter")
    assert "2026-02-27 14:00:00+01:00  given      version 2  via paper" in proof
    assert "evidence: reference=form 17, staff=staff:karen; recorded by staff:karen" in proof
    entry = ConsentEntry.objects.get()
    assert (entry.channel, entry.recorded_by) == ("paper", "staff:karen")
    assert entry.recorded_at == NOW


def test_the_actions_audit_the_change_and_fire_the_event(subscriber):
    _run("give", "jens@example.dk", "newsletter", "--channel", "staff", "--actor", "staff:karen")
    audit = last_audit("consent.give")
    assert audit.actor == "staff:karen"
    assert audit.details["channel"] == "staff"
    assert audit.details["evidence"] == ["staff"]
    assert Event.objects.filter(subject=subscriber, name="consent_given:newsletter").exists()


def test_without_an_actor_no_staff_member_is_claimed(subscriber):
    _run("give", "jens@example.dk", "newsletter", "--channel", "import")
    entry = ConsentEntry.objects.get()
    assert (entry.evidence, entry.recorded_by, entry.channel) == ({}, "cli", "import")


def test_consenting_again_to_the_same_version_changes_nothing(subscriber):
    consent(subscriber, channel=Channel.WEB_FORM)
    before = _counts()
    output = _run("give", "jens@example.dk", "newsletter", "--channel", "phone")
    assert output == (
        f"nothing changed: subject {subscriber.key} already consents to newsletter version 2 "
        "(given 2026-03-02 10:00:00+01:00 via web form)"
    )
    assert _counts() == before


def test_withdrawing_what_was_never_given_says_there_is_nothing_to_withdraw(subscriber):
    before = _counts()
    output = _run("withdraw", "jens@example.dk", "newsletter", "--channel", "phone")
    assert output == (
        f"nothing changed: subject {subscriber.key} never consented to newsletter; "
        "there is nothing to withdraw"
    )
    assert _counts() == before


def test_withdrawing_twice_names_the_earlier_withdrawal(subscriber):
    _run("give", "jens@example.dk", "newsletter", "--channel", "phone", "--at", "2026-03-01")
    _run("withdraw", "jens@example.dk", "newsletter", "--channel", "phone")
    before = _counts()
    output = _run("withdraw", "jens@example.dk", "newsletter", "--channel", "paper")
    assert output == (
        f"nothing changed: subject {subscriber.key} has no consent to newsletter in force "
        "(withdrawn 2026-03-02 10:00:00+01:00 via phone)"
    )
    assert _counts() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("give", "jens@example.dk", "weekly", "--channel", "phone"),
            "purpose: 'weekly' is not a consent purpose of the applied declaration",
        ),
        (
            ("withdraw", "jens@example.dk", "weekly", "--channel", "phone"),
            "purpose: 'weekly' is not a consent purpose of the applied declaration",
        ),
        (
            ("give", "nobody@example.dk", "newsletter", "--channel", "phone"),
            "subject: no subject has 'nobody@example.dk'",
        ),
        (
            ("give", "jens@example.dk", "newsletter", "--channel", "phone", "--at", "2026-03-03"),
            "at: 2026-03-03T00:00:00+01:00 is in the future",
        ),
        (
            (
                "withdraw",
                "jens@example.dk",
                "newsletter",
                "--channel",
                "paper",
                "--at",
                "2026-02-01",
            ),
            "at: 2026-02-01T00:00:00+01:00 is before the consent to 'newsletter' it ends",
        ),
        (
            ("give", "jens@example.dk", "newsletter", "--channel", "web_form"),
            "argument --channel: invalid choice: 'web_form'",
        ),
        (
            ("withdraw", "jens@example.dk", "newsletter", "--channel", "email_link"),
            "argument --channel: invalid choice: 'email_link'",
        ),
        (
            ("give", "jens@example.dk", "newsletter", "--at", "2026-03-01"),
            "the following arguments are required: --channel",
        ),
        (
            ("give", "jens@example.dk", "newsletter", "--channel", "phone", "--at", "2026-02-30"),
            "argument --at: '2026-02-30' is not a date and time",
        ),
        (
            ("give", "jens@example.dk", "newsletter", "--channel", "phone", "--at", "0001-01-01"),
            "argument --at: '0001-01-01' is not between 1900-01-01 and 2999-12-31",
        ),
        (
            (
                "give",
                "jens@example.dk",
                "newsletter",
                "--channel",
                "phone",
                "--reference",
                "x" * 201,
            ),
            "evidence.reference: is 201 characters long; the most is 200",
        ),
    ],
)
def test_refused_input_is_an_error_naming_what_and_writes_nothing(subscriber, args, message):
    # A consent given on 2026-02-20 that the earlier --at would reach behind.
    consent(subscriber, channel=Channel.PAPER, at=NOW - timedelta(days=10))
    before = _counts()
    with pytest.raises(CommandError, match=re.escape(message)) as refused:
        _run(*args)
    assert refused.value.returncode != 0
    assert _counts() == before


def test_a_consent_dated_before_the_latest_entry_is_refused(subscriber):
    consent(subscriber, channel=Channel.PAPER, at=NOW - timedelta(days=10))
    _run("withdraw", "jens@example.dk", "newsletter", "--channel", "phone", "--at", "2026-02-25")
    before = _counts()
    with pytest.raises(
        CommandError,
        match=re.escape(
            "at: 2026-02-24T12:00:00+01:00 is before the latest entry for 'newsletter' "
            "(2026-02-24T23:00:00+00:00); the ledger is kept in time order"
        ),
    ):
        _run(
            "give",
            "jens@example.dk",
            "newsletter",
            "--channel",
            "paper",
            "--at",
            "2026-02-24T12:00",
        )
    assert _counts() == before
