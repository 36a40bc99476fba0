from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from persondata.subjects.actions import (
    RegisterError,
    add_contact_link,
    create_organisation,
    end_employment,
)
from persondata.subjects.models import Event, Organisation
from persondata.subjects.tests.factories import ACTOR, last_audit, make_subject


def test_an_organisation_is_stored_with_its_cvr_number(declaration: Path) -> None:
    organisation = create_organisation(actor=ACTOR, name=" Kunde A/S ", cvr="DK 10000009")
    assert (organisation.name, organisation.cvr) == ("Kunde A/S", "10000009")
    assert last_audit("organisation.create").details == {"cvr": "10000009", "sole_trader": False}


def test_a_sole_traders_cvr_number_stays_out_of_the_audit_trail(declaration: Path) -> None:
    create_organisation(actor=ACTOR, name="Smed Jensen", cvr="10000009", is_sole_trader=True)
    assert last_audit("organisation.create").details == {"cvr": "", "sole_trader": True}


def test_a_bad_or_taken_cvr_number_is_refused(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"cvr: '12345678' is not a CVR number"):
        create_organisation(actor=ACTOR, name="Kunde A/S", cvr="12345678")
    create_organisation(actor=ACTOR, name="Kunde A/S", cvr="10000009")
    with pytest.raises(RegisterError, match=r"another organisation already has CVR number"):
        create_organisation(actor=ACTOR, name="Kopi A/S", cvr="10000009")
    with pytest.raises(RegisterError, match=r"name: is required"):
        create_organisation(actor=ACTOR, name=" ")
    assert Organisation.objects.count() == 1


def test_ending_the_employment_records_the_event(declaration: Path) -> None:
    person = make_subject(categories=["contact_person"])
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S")
    link = add_contact_link(
        actor=ACTOR,
        person=person,
        organisation=organisation,
        role="Indkøber",
        started=date(2020, 1, 1),
    )
    end_employment(actor=ACTOR, link=link, ended=date(2026, 2, 1))
    link.refresh_from_db()
    assert link.employment_ended == date(2026, 2, 1)
    event = Event.objects.get(subject=person)
    assert (event.name, event.occurred_on) == ("employment_ended", date(2026, 2, 1))
    assert last_audit("contact.end_employment").details == {
        "organisation": organisation.pk,
        "ended": "2026-02-01",
    }


def test_an_employment_ends_once_and_not_before_it_started(declaration: Path) -> None:
    person = make_subject(categories=["contact_person"])
    organisation = create_organisation(actor=ACTOR, name="Kunde A/S")
    link = add_contact_link(
        actor=ACTOR, person=person, organisation=organisation, started=date(2020, 1, 1)
    )
    with pytest.raises(RegisterError, match=r"is before the contact link started"):
        end_employment(actor=ACTOR, link=link, ended=date(2019, 12, 31))
    end_employment(actor=ACTOR, link=link, ended=date(2026, 2, 1))
    with pytest.raises(RegisterError, match=r"already ended on 2026-02-01"):
        end_employment(actor=ACTOR, link=link, ended=date(2026, 2, 2))
    assert Event.objects.filter(name="employment_ended").count() == 1


def test_a_contact_link_cannot_start_in_the_future(declaration: Path) -> None:
    with pytest.raises(RegisterError, match=r"started: 2026-04-01 is in the future"):
        add_contact_link(
            actor=ACTOR,
            person=make_subject(),
            organisation=create_organisation(actor=ACTOR, name="Kunde A/S"),
            started=date(2026, 4, 1),
        )
