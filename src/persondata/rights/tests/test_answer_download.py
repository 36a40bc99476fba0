"""The answer is delivered by a link e-mailed to the verified address; downloading
needs that same address again (a fresh one-time link) and stops when the link expires."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client

from persondata.rights.checks import RightsError
from persondata.rights.delivery import ANSWER_LINK_DAYS, answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import AnswerDocument, RequestStep, RightsRequest
from persondata.rights.tests.factories import ACTOR, EMAIL, NOW, verified_request
from persondata.rights.tests.privacy_center import links_in_last_mail, mails_to
from persondata.rights.tests.reports import unzip


@pytest.fixture
def answer_link(customer) -> str:
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("portability"))
    answer_request(actor=ACTOR, rights_request=rights_request)
    (path,) = links_in_last_mail()
    assert path.startswith("/anmodning/svar/")
    return path


def _download_path(answer_link: str) -> str:
    return answer_link + "hent/"


def test_the_answer_link_goes_to_the_verified_address_only(answer_link):
    (sent,) = mail.outbox
    assert sent.to == [EMAIL]
    assert "svar er klar" in sent.subject
    bundle = AnswerDocument.objects.get(is_bundle=True)
    token = answer_link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in bundle.token_hash
    assert bundle.expires_at == NOW + timedelta(days=ANSWER_LINK_DAYS)
    assert RightsRequest.objects.get().status == RightsRequest.Status.ANSWERED


def test_another_address_gets_no_link_and_sees_the_same_page(answer_link):
    client = Client()
    assert client.get(answer_link).status_code == 200
    wrong = client.post(answer_link, {"email": "someone@else.dk"})
    right = client.post(answer_link, {"email": EMAIL})
    assert wrong.content == right.content
    assert mails_to("someone@else.dk") == 0
    assert mails_to(EMAIL) == 2  # the answer mail and the fresh one-time link


def test_the_download_needs_the_fresh_link_in_the_same_browser(answer_link):
    client = Client()
    download = _download_path(answer_link)
    assert client.get(download).status_code == 302
    client.post(answer_link, {"email": EMAIL})
    (confirm,) = [p for p in links_in_last_mail() if p.startswith("/anmodning/hent/")]
    assert client.get(confirm).status_code == 200  # only a button
    redirected = client.post(confirm)
    assert redirected.status_code == 302
    assert redirected["Location"] == answer_link
    assert "Hent svaret" in client.get(answer_link).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    files = unzip(response.content)
    number = RightsRequest.objects.get().pk
    assert set(files) == {f"svar-{number}.html", f"dataportabilitet-{number}.zip"}
    bundle = AnswerDocument.objects.get(is_bundle=True)
    assert bundle.downloaded_at is not None
    assert RequestStep.objects.filter(kind=RequestStep.Kind.DOWNLOADED).count() == 1
    # Another browser, without the confirmation, gets nothing.
    assert Client().get(download).status_code == 302


def test_the_fresh_link_works_once(answer_link):
    client = Client()
    client.post(answer_link, {"email": EMAIL})
    (confirm,) = [p for p in links_in_last_mail() if p.startswith("/anmodning/hent/")]
    client.post(confirm)
    assert Client().post(confirm).status_code == 400


def test_the_link_expires(answer_link):
    with time_machine.travel(NOW + timedelta(days=ANSWER_LINK_DAYS, minutes=1), tick=False):
        response = Client().get(answer_link)
    assert response.status_code == 404
    assert "udløbet" in response.content.decode()


def test_a_forged_token_opens_nothing(answer_link):
    assert Client().get("/anmodning/svar/forged-token/").status_code == 404
    assert Client().get("/anmodning/svar/forged-token/hent/").status_code == 404


def test_a_request_without_a_verified_address_is_answered_by_post(customer):
    rights_request = verified_request("restriction", channel="phone", claimed_email="")
    rights_request = execute_request(actor=ACTOR, rights_request=rights_request)
    with pytest.raises(RightsError, match="has no verified e-mail address"):
        answer_request(actor=ACTOR, rights_request=rights_request)
    answered = answer_request(actor=ACTOR, rights_request=rights_request, delivery="post")
    assert answered.status == RightsRequest.Status.ANSWERED
    assert not AnswerDocument.objects.filter(is_bundle=True).exists()
    assert mail.outbox == []


def test_a_new_link_can_be_sent_after_the_first_expired(answer_link):
    rights_request = RightsRequest.objects.get()
    with time_machine.travel(NOW + timedelta(days=40), tick=False):
        answer_request(actor=ACTOR, rights_request=rights_request)
        fresh = links_in_last_mail()[0]
        assert fresh != answer_link
        assert Client().get(fresh).status_code == 200
