"""Each right end to end on the demo data: the privacy-center form, the one-time
link, staff carrying the request out, the answer link and the download."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from django.test import Client

from persondata.consent.models import ConsentEntry, MarketingObjection
from persondata.rights.actions import close_request
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import RightsRequest
from persondata.rights.rectification import decide_rectification, propose_rectification
from persondata.rights.tests.factories import ACTOR, EMAIL, Customer
from persondata.rights.tests.privacy_center import links_in_last_mail, send_form
from persondata.rights.tests.reports import unzip
from persondata.subjects.models import DataSubject, Event, PurposeLink, Record


def _through_the_privacy_center(client: Client, kind: str) -> RightsRequest:
    send_form(client, kind=kind)
    (confirm,) = links_in_last_mail()
    assert client.post(confirm).status_code == 200
    rights_request = RightsRequest.objects.get(kind=kind)
    assert rights_request.status == RightsRequest.Status.VERIFIED
    return rights_request


def _download(client: Client, rights_request: RightsRequest) -> dict[str, bytes]:
    answer_request(actor=ACTOR, rights_request=rights_request)
    (answer,) = [p for p in links_in_last_mail() if p.startswith("/anmodning/svar/")]
    client.post(answer, {"email": EMAIL})
    (confirm,) = [p for p in links_in_last_mail() if p.startswith("/anmodning/hent/")]
    client.post(confirm)
    response = client.get(answer + "hent/")
    assert response.status_code == 200
    close_request(actor=ACTOR, rights_request=rights_request)
    return unzip(response.content)


def _access(customer: Customer, rights_request: RightsRequest) -> None:
    execute_request(actor=ACTOR, rights_request=rights_request)


def _rectify(customer: Customer, rights_request: RightsRequest) -> None:
    proposal = propose_rectification(
        actor=ACTOR,
        rights_request=rights_request,
        record=customer.records["address"],
        value="Nørregade 2, 5000 Odense C",
    )
    decide_rectification(actor=ACTOR, proposal=proposal, accept=True)
    execute_request(actor=ACTOR, rights_request=rights_request)


def _plain(customer: Customer, rights_request: RightsRequest) -> None:
    execute_request(actor=ACTOR, rights_request=rights_request)


def _withdraw(customer: Customer, rights_request: RightsRequest) -> None:
    execute_request(actor=ACTOR, rights_request=rights_request, purposes=["newsletter"])


def _one(files: dict[str, bytes], suffix: str) -> bytes:
    (found,) = [content for name, content in files.items() if name.endswith(suffix)]
    return found


def _check_access(customer: Customer, files: dict[str, bytes]) -> None:
    number = RightsRequest.objects.get().pk
    assert set(files) == {
        f"indsigt-{number}.html",
        f"indsigt-{number}.pdf",
        f"indsigt-{number}.json",
    }
    report = json.loads(_one(files, ".json"))
    assert "Faktura 2025-114: 4.995 kr." in {row["value"] for row in report["data"]}


def _check_rectification(customer: Customer, files: dict[str, bytes]) -> None:
    assert Record.objects.get(pk=customer.records["address"].pk).value == (
        "Nørregade 2, 5000 Odense C"
    )
    assert "Rettet" in _one(files, ".html").decode()


def _check_erasure(customer: Customer, files: dict[str, bytes]) -> None:
    assert set(Record.objects.values_list("data_category", flat=True)) == {
        "user.name",
        "user.contact.address",
        "user.payment",
    }
    assert "Bogføring" in _one(files, ".html").decode()


def _check_restriction(customer: Customer, files: dict[str, bytes]) -> None:
    assert DataSubject.objects.get(pk=customer.subject.pk).restricted_at is not None


def _check_portability(customer: Customer, files: dict[str, bytes]) -> None:
    export = unzip(_one(files, ".zip"))
    assert set(export) == {"data.json", "data.csv"}


def _check_objection(customer: Customer, files: dict[str, bytes]) -> None:
    assert MarketingObjection.objects.filter(
        subject=customer.subject, lifted_at__isnull=True
    ).exists()


def _check_withdrawal(customer: Customer, files: dict[str, bytes]) -> None:
    latest = ConsentEntry.objects.filter(subject=customer.subject, purpose="newsletter").last()
    assert latest is not None
    assert latest.given is False
    assert Event.objects.filter(
        subject=customer.subject, name="consent_withdrawn:newsletter"
    ).exists()
    # The newsletter rule erases the address 5 days after the withdrawal.
    newsletter = PurposeLink.objects.get(record=customer.records["email"], activity="newsletter")
    assert newsletter.due_on == date(2026, 3, 2) + timedelta(days=5)


CASES = {
    "access": (_access, _check_access),
    "rectification": (_rectify, _check_rectification),
    "erasure": (_plain, _check_erasure),
    "restriction": (_plain, _check_restriction),
    "portability": (_plain, _check_portability),
    "objection": (_plain, _check_objection),
    "consent_withdrawal": (_withdraw, _check_withdrawal),
}


def test_every_kind_of_request_has_a_case():
    assert set(CASES) == set(RightsRequest.Kind.values)


@pytest.mark.parametrize("kind", list(CASES))
def test_a_right_from_the_form_to_the_download(customer, kind):
    client = Client()
    rights_request = _through_the_privacy_center(client, kind)
    carry_out, check = CASES[kind]
    carry_out(customer, rights_request)
    files = _download(client, rights_request)
    check(customer, files)
    rights_request.refresh_from_db()
    steps = list(rights_request.steps.values_list("kind", flat=True))
    assert steps[0] == "received"
    assert steps[1] == "verified"
    assert steps[-3:] == ["answered", "downloaded", "closed"]
    assert "executed" in steps
