from __future__ import annotations

from pathlib import Path

import pytest

from persondata.subjects.actions import RegisterError, update_subject
from persondata.subjects.queries import find_subject
from persondata.subjects.tests.factories import ACTOR, CPR, last_audit, make_subject


def test_only_the_given_fields_change_and_the_audit_names_them(declaration: Path) -> None:
    subject = make_subject(email="jens@example.dk", phone="20123456")
    update_subject(actor=ACTOR, subject=subject, email="JENS@nyt.dk", language="en")
    subject.refresh_from_db()
    assert (subject.email, subject.phone, subject.language) == ("jens@nyt.dk", "+4520123456", "en")
    assert last_audit("subject.update").details == {"changed": ["email", "language"]}


def test_an_empty_identifier_clears_it(declaration: Path) -> None:
    subject = make_subject(cpr=CPR, customer_number="K-1")
    update_subject(actor=ACTOR, subject=subject, cpr="", customer_number="")
    subject.refresh_from_db()
    assert (subject.cpr_encrypted, subject.cpr_digest, subject.customer_number) == ("", "", "")
    assert find_subject(cpr=CPR) is None


def test_setting_the_same_cpr_number_again_changes_nothing(declaration: Path) -> None:
    subject = make_subject(cpr=CPR)
    update_subject(actor=ACTOR, subject=subject, cpr="211062-5629")
    with pytest.raises(AssertionError):
        last_audit("subject.update")


def test_a_bad_update_changes_nothing(declaration: Path) -> None:
    subject = make_subject(email="jens@example.dk")
    make_subject(display_name="Anden", email="anden@example.dk")
    with pytest.raises(RegisterError, match=r"email: subject .* already has this e-mail address"):
        update_subject(actor=ACTOR, subject=subject, email="anden@example.dk")
    with pytest.raises(RegisterError, match=r"display_name: is required"):
        update_subject(actor=ACTOR, subject=subject, display_name="")
    subject.refresh_from_db()
    assert (subject.email, subject.display_name) == ("jens@example.dk", "Jens Hansen")


def test_the_categories_can_change(declaration: Path) -> None:
    subject = make_subject()
    update_subject(actor=ACTOR, subject=subject, categories=["customer", "newsletter_subscriber"])
    subject.refresh_from_db()
    assert subject.categories == ["customer", "newsletter_subscriber"]
    with pytest.raises(RegisterError, match=r"categories: give a list"):
        update_subject(actor=ACTOR, subject=subject, categories="customer")
