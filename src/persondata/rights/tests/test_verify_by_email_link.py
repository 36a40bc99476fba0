"""A privacy-center request is verified by the one-time link e-mailed to the
registered address; a used, expired or forged link fails and changes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client

from persondata.rights.actions import verify_by_email_link
from persondata.rights.checks import RightsError
from persondata.rights.models import RequestStep, RightsRequest
from persondata.rights.tests.factories import NOW
from persondata.rights.tests.privacy_center import links_in_last_mail, send_form


def _confirm_path(client: Client) -> str:
    send_form(client)
    (path,) = links_in_last_mail()
    assert path.startswith("/anmodning/bekraeft/")
    return path


def test_opening_the_link_only_asks_to_confirm(customer):
    client = Client()
    path = _confirm_path(client)
    page = client.get(path)
    assert page.status_code == 200
    assert "Bekræft min anmodning" in page.content.decode()
    assert RightsRequest.objects.get().verified_at is None


def test_confirming_verifies_the_request_and_finds_the_subject(customer):
    client = Client()
    path = _confirm_path(client)
    page = client.post(path)
    assert page.status_code == 200
    assert "Din anmodning er bekræftet" in page.content.decode()
    rights_request = RightsRequest.objects.get()
    assert rights_request.status == RightsRequest.Status.VERIFIED
    assert rights_request.subject == customer.subject
    assert rights_request.verified_email == "mette.holm@example.dk"
    step = rights_request.steps.get(kind=RequestStep.Kind.VERIFIED)
    assert step.detail["method"] == "email_link"


def test_a_second_verification_attempt_with_a_used_code_fails(customer):
    client = Client()
    path = _confirm_path(client)
    assert client.post(path).status_code == 200
    again = client.post(path)
    assert again.status_code == 400
    assert "Linket kan ikke bruges" in again.content.decode()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    with pytest.raises(RightsError, match="used"):
        verify_by_email_link(token=token)
    assert RequestStep.objects.filter(kind=RequestStep.Kind.VERIFIED).count() == 1


def test_an_expired_link_fails(customer):
    client = Client()
    path = _confirm_path(client)
    with time_machine.travel(NOW + timedelta(hours=25), tick=False):
        response = client.post(path)
    assert response.status_code == 400
    assert RightsRequest.objects.get().verified_at is None


def test_a_forged_link_fails(customer):
    with pytest.raises(RightsError, match="unknown"):
        verify_by_email_link(token="forged-token-that-was-never-sent")
    assert Client().post("/anmodning/bekraeft/forged/").status_code == 400


def test_one_link_verifies_every_waiting_request_from_the_address(customer):
    client = Client()
    send_form(client, kind="access")
    send_form(client, kind="portability")
    path = links_in_last_mail()[0]
    client.post(path)
    assert set(RightsRequest.objects.values_list("status", flat=True)) == {"verified"}
