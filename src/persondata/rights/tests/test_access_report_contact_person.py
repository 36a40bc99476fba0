"""A contact person's access report shows the relationships of the organisation they
represent (SPEC 3: a contact person shares them), their contact links and events."""

from __future__ import annotations

from datetime import date

from persondata.rights.execution import execute_request
from persondata.rights.tests.factories import ACTOR, verified_request
from persondata.rights.tests.reports import report_json
from persondata.subjects.actions import (
    add_contact_link,
    create_organisation,
    create_subject,
    record_event,
    start_relationship,
)


def test_the_report_includes_the_organisations_relationships(demo):
    person = create_subject(
        actor=ACTOR,
        display_name="Lars Berg",
        categories=["contact_person"],
        email="lars@firma.dk",
    )
    firm = create_organisation(actor=ACTOR, name="Firma ApS", cvr="")
    add_contact_link(
        actor=ACTOR, person=person, organisation=firm, role="IT-chef", started=date(2023, 2, 1)
    )
    start_relationship(actor=ACTOR, organisation=firm, kind="customer", started=date(2022, 9, 1))
    start_relationship(actor=ACTOR, subject=person, kind="prospect", started=date(2021, 4, 1))
    record_event(
        actor=ACTOR,
        subject=person,
        name="last_contact",
        occurred_on=date(2026, 2, 20),
        note="ringede om en ny server",
    )
    rights_request = execute_request(
        actor=ACTOR,
        rights_request=verified_request("access", claimed_email="lars@firma.dk", language="en"),
    )
    rows = report_json(rights_request)["data"]
    relationships = [
        (r["category"], r["collected_on"]) for r in rows if r["kind"] == "relationship"
    ]
    assert relationships == [("prospect", "2021-04-01"), ("customer", "2022-09-01")]
    (contact,) = [r for r in rows if r["kind"] == "contact"]
    assert contact["value"] == "Firma ApS, IT-chef"
    assert contact["label"] == "Contact person at an organisation"
    (event,) = [r for r in rows if r["kind"] == "event"]
    assert event["value"] == "ringede om en ny server"
    assert event["collected_on"] == "2026-02-20"
