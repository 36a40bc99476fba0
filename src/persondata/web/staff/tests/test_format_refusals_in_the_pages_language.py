"""Format checks (e-mail, phone, CPR...), search refusals and the history's
system texts read in the staff page's language; the CLI and the API keep
the English text."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from persondata.policy.queries import current_declaration
from persondata.rights.actions import EMAIL_LINK_HOW, verify_identity
from persondata.rights.checks import RightsError
from persondata.rights.execution import _interest_activities
from persondata.subjects.models import Record
from persondata.web.tests.world import make_world

pytestmark = pytest.mark.django_db


def _as(client, lang):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


@pytest.mark.parametrize(
    ("field", "query", "danish", "english"),
    [
        ("phone", "abc", "'abc' er ikke et telefonnummer", "'abc' is not a phone number"),
        (
            "cpr",
            "320190-1234",
            "'320190-****' er ikke et CPR-nummer: 32-01-90 er ikke en dato",
            "'320190-****' is not a CPR number: 32-01-90 is not a date",
        ),
        ("name", "K", "name: skriv mindst 2 bogstaver", "name: type at least 2 letters"),
    ],
)
def test_a_search_that_cannot_run_says_why_in_the_pages_language(
    client_as, staff_member, field, query, danish, english
):
    make_world()
    client = client_as(staff_member)
    url = "/staff/personer/"
    page = _as(client, "da").get(url, {"field": field, "q": query}).content.decode()
    assert danish.replace("'", "&#x27;") in page
    page = _as(client, "en").get(url, {"field": field, "q": query}).content.decode()
    assert english.replace("'", "&#x27;") in page


def test_a_malformed_email_record_is_refused_in_the_pages_language(client_as, staff_member):
    world = make_world()
    client = client_as(staff_member)
    url = f"/staff/personer/{world.subject.key}/ny-oplysning/"
    data = {
        "data_category": "user.contact.email",
        "value": "karen(at)example.dk",
        "source": "data_subject",
        "activities": ["subscriptions"],
    }
    before = Record.objects.count()
    danish = _as(client, "da").post(url, data).content.decode()
    assert "user.contact.email: &#x27;karen(at)example.dk&#x27; er ikke en e-mailadresse" in danish
    english = _as(client, "en").post(url, data).content.decode()
    assert "&#x27;karen(at)example.dk&#x27; is not an e-mail address" in english
    assert "er ikke en e-mailadresse" not in english
    assert Record.objects.count() == before


def test_the_email_link_verification_in_the_history_reads_in_the_pages_language(
    client_as, staff_member
):
    world = make_world()
    verify_identity(actor="test", rights_request=world.rights_request, how=EMAIL_LINK_HOW)
    step = world.rights_request.steps.get(kind="verified")
    assert step.text == EMAIL_LINK_HOW  # stored in English, as histories written before
    client = client_as(staff_member)
    url = f"/staff/anmodninger/{world.rights_request.pk}/"
    danish = _as(client, "da").get(url).content.decode()
    assert "engangslink sendt pr. e-mail til den adresse, der blev opgivet i anmodningen" in danish
    assert EMAIL_LINK_HOW not in danish
    english = _as(client, "en").get(url).content.decode()
    assert EMAIL_LINK_HOW in english


def test_a_note_staff_typed_is_shown_as_typed(client_as, staff_member):
    world = make_world()
    verify_identity(actor="test", rights_request=world.rights_request, how="passport at the desk")
    client = client_as(staff_member)
    page = _as(client, "da").get(f"/staff/anmodninger/{world.rights_request.pk}/").content
    assert "passport at the desk" in page.decode()


def test_an_objection_to_activities_without_legitimate_interests_is_explained_in_both():
    make_world()
    declaration = current_declaration()
    assert declaration is not None
    with pytest.raises(RightsError) as refused:
        _interest_activities(declaration, ["newsletter"])
    with translation.override("da"):
        assert refused.value.localized().startswith(
            "activities: newsletter bygger ikke på legitime interesser; en indsigelse efter "
            "art. 21, stk. 1, kan standse "
        )
        assert str(refused.value).startswith(
            "activities: newsletter do not rest on legitimate interests; an objection under "
            "Art. 21(1) can stop "
        )
