"""The existing-customer exception (markedsføringsloven § 10, stk. 2): a customer,
an address obtained from them in a sale, and no refusal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from persondata.consent.actions import object_to_direct_marketing, withdraw_consent
from persondata.consent.decision import CUSTOMER_EXCEPTION_REASON, NOT_ELIGIBLE, Eligibility
from persondata.consent.eligibility import check_eligibility
from persondata.consent.tests.factories import ACTOR, NOW, consent, make_customer, make_subject
from persondata.subjects.actions import (
    add_contact_link,
    add_record,
    create_organisation,
    end_relationship,
    start_relationship,
)
from persondata.subjects.models import Relationship

pytestmark = pytest.mark.usefixtures("declaration")

EXCEPTION = Eligibility(True, CUSTOMER_EXCEPTION_REASON)


def test_a_customer_whose_address_came_from_a_sale_may_get_email_and_sms():
    subject = make_subject(phone="+4520123456")
    make_customer(subject, channel="email")
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.phone_number",
        value="+4520123456",
        source="data_subject",
        activities=["existing_customer_marketing"],
    )
    assert check_eligibility(subject, "email") == EXCEPTION
    assert check_eligibility("jens@example.dk", "email") == EXCEPTION
    assert check_eligibility("+4520123456", "sms") == EXCEPTION


def test_the_exception_never_covers_phone_calls_or_post():
    subject = make_subject(phone="+4520123456")
    make_customer(subject)
    assert check_eligibility(subject, "phone") == NOT_ELIGIBLE
    assert check_eligibility(subject, "post") == NOT_ELIGIBLE


def test_a_former_customer_still_counts():
    subject = make_subject()
    make_customer(subject)
    end_relationship(
        actor=ACTOR, relationship=Relationship.objects.get(subject=subject), ended=date(2026, 2, 1)
    )
    assert check_eligibility(subject, "email") == EXCEPTION


def test_without_a_customer_relationship_there_is_no_exception():
    subject = make_subject()
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["existing_customer_marketing"],
    )
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE


def test_an_address_not_obtained_from_the_person_does_not_count():
    subject = make_subject(categories=["customer", "contact_person"])
    make_customer(subject, source="customer")
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE


def test_an_address_not_held_for_the_exception_activity_does_not_count():
    subject = make_subject()
    make_customer(subject, activities=("customer_administration",))
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE


def test_the_address_must_be_the_one_obtained_in_the_sale():
    subject = make_subject()
    start_relationship(actor=ACTOR, subject=subject, kind="customer", started=date(2025, 1, 1))
    add_record(
        actor=ACTOR,
        subject=subject,
        data_category="user.contact.email",
        value="old@example.dk",
        source="data_subject",
        activities=["existing_customer_marketing"],
    )
    assert check_eligibility(subject, "email") == NOT_ELIGIBLE


def test_a_contact_person_shares_the_customer_relationship_of_the_organisation():
    person = make_subject(categories=["contact_person"])
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    add_contact_link(
        actor=ACTOR, person=person, organisation=organisation, started=date(2025, 1, 1)
    )
    start_relationship(
        actor=ACTOR, organisation=organisation, kind="customer", started=date(2025, 1, 1)
    )
    add_record(
        actor=ACTOR,
        subject=person,
        data_category="user.contact.email",
        value="jens@example.dk",
        source="data_subject",
        activities=["existing_customer_marketing"],
    )
    assert check_eligibility(person, "email") == EXCEPTION


def test_an_objection_is_the_refusal_that_ends_the_exception():
    subject = make_subject()
    make_customer(subject)
    object_to_direct_marketing(actor=ACTOR, subject=subject)
    assert check_eligibility(subject, "email") == Eligibility(False, "objected 2026-03-02")


def test_unsubscribing_from_the_newsletter_ends_the_exception_on_email_only():
    subject = make_subject(phone="+4520123456")
    make_customer(subject, channel="email")
    make_customer(subject, channel="sms")
    consent(subject)
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        withdraw_consent(actor=ACTOR, subject=subject, purpose="newsletter")
        assert not check_eligibility(subject, "email").eligible
        assert check_eligibility(subject, "sms") == EXCEPTION
