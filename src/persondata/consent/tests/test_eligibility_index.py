"""The eligibility index answers exactly as gathering the facts does, is
brought up to date by whatever changes a fact (actions, bulk SQL), and
never keeps an address the register no longer holds."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.consent import eligibility
from persondata.consent.actions import (
    lift_objection,
    lift_restriction,
    object_to_direct_marketing,
    restrict_processing,
    withdraw_consent,
)
from persondata.consent.decision import NOT_ELIGIBLE, RESTRICTED
from persondata.consent.eligibility import check_eligibility, check_many
from persondata.consent.eligibility_index import bring_up_to_date
from persondata.consent.errors import ConsentError
from persondata.consent.models import (
    EligibilityAnswer,
    EligibilityChange,
    EligibilityIndexState,
)
from persondata.consent.tests.factories import (
    ACTOR,
    DECLARATION_PATH,
    consent,
    make_customer,
    make_subject,
)
from persondata.policy.actions import apply_declaration
from persondata.subjects.actions import erase_subject, update_subject
from persondata.subjects.checks import RegisterError
from persondata.subjects.models import DataSubject

pytestmark = pytest.mark.usefixtures("declaration")

PEOPLE = 5
EMAILS = [f"p{i}@example.dk" for i in range(PEOPLE)] + [f"moved{i}@example.dk" for i in range(3)]
# Three numbers for five people: households share them.
PHONES = [f"+452012345{i}" for i in range(3)]
OPERATIONS = (
    "consent_email",
    "consent_sms",
    "withdraw_email",
    "withdraw_sms",
    "object",
    "lift_objection",
    "restrict",
    "lift_restriction",
    "customer_email",
    "customer_sms",
    "move_email",
    "move_phone",
    "erase",
)


def _people() -> list[DataSubject]:
    return [
        make_subject(display_name=f"P {i}", email=EMAILS[i], phone=PHONES[i % len(PHONES)])
        for i in range(PEOPLE)
    ]


def _apply(operation: str, subject: DataSubject, step: int) -> None:
    if operation == "consent_email":
        consent(subject)
    elif operation == "consent_sms":
        consent(subject, purpose="sms_offers")
    elif operation in ("withdraw_email", "withdraw_sms"):
        purpose = "newsletter" if operation == "withdraw_email" else "sms_offers"
        withdraw_consent(actor=ACTOR, subject=subject, purpose=purpose)
    elif operation == "object":
        object_to_direct_marketing(actor=ACTOR, subject=subject)
    elif operation == "lift_objection":
        lift_objection(actor=ACTOR, subject=subject, statement="asked", channel="phone")
    elif operation == "restrict":
        restrict_processing(actor=ACTOR, subject=subject)
    elif operation == "lift_restriction":
        lift_restriction(actor=ACTOR, subject=subject)
    elif operation == "customer_email":
        make_customer(subject)
    elif operation == "customer_sms":
        make_customer(subject, channel="sms")
    elif operation == "move_email":
        update_subject(actor=ACTOR, subject=subject, email=EMAILS[PEOPLE + step % 3])
    elif operation == "move_phone":
        update_subject(actor=ACTOR, subject=subject, phone=PHONES[step % len(PHONES)])
    else:
        erase_subject(actor=ACTOR, subject=subject, reason="asked")


def _assert_index_agrees() -> None:
    now = timezone.now()
    for channel, addresses in (("email", [*EMAILS, "nobody@example.dk"]), ("sms", PHONES)):
        expected = list(check_many(addresses, channel, at=now))
        assert list(check_many(addresses, channel)) == expected, channel
        # The same answers when the whole channel is read instead of looked up.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(eligibility, "LOAD_WHOLE_CHANNEL", 1)
            assert list(check_many(addresses, channel, chunk_size=2000)) == expected, channel
    assert not EligibilityChange.objects.exists()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(OPERATIONS), st.integers(0, PEOPLE - 1), st.booleans()),
        max_size=14,
    )
)
def test_the_index_answers_as_the_facts_do_after_any_changes(steps):
    with transaction.atomic():
        people = _people()
        _assert_index_agrees()
        for step, (operation, who, check_now) in enumerate(steps):
            subject = people[who]
            if not DataSubject.objects.filter(pk=subject.pk).exists():
                continue
            subject.refresh_from_db()
            try:
                with transaction.atomic():
                    _apply(operation, subject, step)
            except (ConsentError, RegisterError):
                pass  # refused (nothing to withdraw, an address in use): nothing changed
            if check_now:
                _assert_index_agrees()
        _assert_index_agrees()
        transaction.set_rollback(True)


def test_an_erased_subject_leaves_the_index_in_the_same_transaction():
    subject = make_subject(email="anna@example.dk")
    consent(subject)
    assert check_eligibility("anna@example.dk", "email").eligible
    assert EligibilityAnswer.objects.filter(address="anna@example.dk").exists()
    erase_subject(actor=ACTOR, subject=subject, reason="asked")
    # Before anything reads the index again.
    assert not EligibilityAnswer.objects.filter(address="anna@example.dk").exists()
    assert check_eligibility("anna@example.dk", "email") == NOT_ELIGIBLE


def test_a_changed_address_leaves_the_index_at_once():
    subject = make_subject(email="anna@example.dk")
    consent(subject)
    bring_up_to_date()
    DataSubject.objects.filter(pk=subject.pk).update(email="anna@elsewhere.dk")
    assert not EligibilityAnswer.objects.filter(address="anna@example.dk").exists()
    assert check_eligibility("anna@example.dk", "email") == NOT_ELIGIBLE
    assert check_eligibility("anna@elsewhere.dk", "email").eligible


def test_plain_sql_that_changes_a_fact_is_seen():
    subject = make_subject(email="anna@example.dk")
    consent(subject)
    assert check_eligibility("anna@example.dk", "email").eligible
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE subjects_datasubject SET restricted_at = %s WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(timezone.now()), subject.pk],
        )
    assert EligibilityChange.objects.filter(subject_id=subject.pk).exists()
    assert check_eligibility("anna@example.dk", "email") == RESTRICTED


def test_a_fact_dated_later_takes_effect_when_its_time_comes():
    subject = make_subject(email="anna@example.dk")
    later = timezone.now() + timedelta(days=2)
    entry = consent(subject)
    # A bulk load (not an action) dated the withdrawal two days ahead.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO consent_consententry (subject_id, subject_ref, purpose, version, "
            "text_da, text_en, given, at, channel, evidence, ip, user_agent, recorded_by, "
            "recorded_at) SELECT subject_id, subject_ref, purpose, version, text_da, text_en, "
            "%s, %s, channel, evidence, ip, user_agent, recorded_by, recorded_at "
            "FROM consent_consententry WHERE id = %s",
            [False, connection.ops.adapt_datetimefield_value(later), entry.pk],
        )
    assert check_eligibility("anna@example.dk", "email").eligible
    answer = EligibilityAnswer.objects.get(address="anna@example.dk")
    assert answer.changes_at == later
    with time_machine.travel(later + timedelta(minutes=1), tick=False):
        now_answer = check_eligibility("anna@example.dk", "email")
        assert not now_answer.eligible
        assert now_answer == check_eligibility("anna@example.dk", "email", at=timezone.now())


def test_households_share_one_answer_and_an_objection_wins():
    first = make_subject(email="a@example.dk", phone="+4520123450")
    second = make_subject(display_name="Bo", email="b@example.dk", phone="+4520123450")
    consent(first, purpose="sms_offers")
    assert check_eligibility("+4520123450", "sms").eligible
    object_to_direct_marketing(actor=ACTOR, subject=second)
    answer = check_eligibility("+4520123450", "sms")
    assert answer.reason.startswith("objected ")
    rows = EligibilityAnswer.objects.filter(channel="sms", address="+4520123450")
    assert {row.reason.reason for row in rows} == {answer.reason}
    lift_objection(actor=ACTOR, subject=second, statement="asked", channel="phone")
    assert check_eligibility("+4520123450", "sms").eligible


def test_another_declaration_or_time_zone_rebuilds(tmp_path):
    subject = make_subject(email="anna@example.dk")
    make_customer(subject)
    assert check_eligibility("anna@example.dk", "email").eligible
    text = DECLARATION_PATH.read_text(encoding="utf-8")
    assert "existing_customer_exception: true" in text
    changed = tmp_path / "declaration.yaml"
    changed.write_text(
        text.replace("existing_customer_exception: true", "existing_customer_exception: false"),
        encoding="utf-8",
    )
    apply_declaration(path=changed, actor_label="test")
    assert check_eligibility("anna@example.dk", "email") == NOT_ELIGIBLE
    assert not EligibilityAnswer.objects.exists()
    with override_settings(TIME_ZONE="UTC"):
        bring_up_to_date()
        assert set(EligibilityIndexState.objects.values_list("time_zone", flat=True)) == {"UTC"}


def test_bringing_up_to_date_when_nothing_changed_is_one_statement():
    consent(make_subject())
    bring_up_to_date()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        bring_up_to_date()
    # The declaration's version and the index's state, together.
    assert len(queries) == 1


def test_a_whole_channel_kept_in_memory_never_outlives_an_erasure(monkeypatch):
    monkeypatch.setattr(eligibility, "LOAD_WHOLE_CHANNEL", 1)
    anna, bo = make_subject(email="anna@example.dk"), make_subject(email="bo@example.dk")
    consent(anna)
    consent(bo)
    addresses = ["anna@example.dk", "bo@example.dk"]
    assert [a.eligible for a in check_many(addresses, "email")] == [True, True]
    erase_subject(actor=ACTOR, subject=anna, reason="asked")
    assert [a.eligible for a in check_many(addresses, "email")] == [False, True]
    # A delete that is not the action (the ORM's cascade) too: the trigger
    # removes the row and gives the index's content a new token.
    DataSubject.objects.filter(pk=bo.pk).delete()
    assert list(check_many(addresses, "email")) == [NOT_ELIGIBLE, NOT_ELIGIBLE]


def test_a_normal_list_and_an_unusual_one_get_the_same_answers():
    consent(make_subject(email="anna@example.dk"))
    plain = ["anna@example.dk", "ANNA@example.dk", "nobody@example.dk", "x@y.dk"]
    unusual = [*plain, " anna@example.dk\t", "a@b", "@example.dk", "a b@c.dk", "æø@å.dk"]
    unusual += ["a@b@c.dk", "a\x01@b.dk", "a@b.dk\nc@d.dk", "x" * 250 + "@b.dk"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(eligibility, "LOAD_WHOLE_CHANNEL", 1)
        whole = list(check_many(unusual, "email"))
    looked_up = list(check_many(unusual, "email"))
    one_by_one = [check_eligibility(address, "email") for address in unusual]
    assert whole == looked_up == one_by_one
    malformed = "not an e-mail address"
    assert [a.reason for a in one_by_one[4:]] == [
        "consent newsletter v2 given 2026-03-02",
        *[malformed] * 3,
        "not eligible",
        *[malformed] * 4,
    ]
