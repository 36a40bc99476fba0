"""A declaration that drops activities the register holds data for is refused
on the staff page with the list of them; it is applied only with the box
ticked, for the same text and the same activities."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from persondata.audit.models import AuditEntry
from persondata.policy.models import DeclarationVersion
from persondata.subjects.actions import add_record
from persondata.web.staff.declaration_upload import text_digest
from persondata.web.tests.world import DEMO, make_world

pytestmark = pytest.mark.django_db

URL = "/staff/erklaering/upload/"


def _without(text: str, *keys: str) -> str:
    """The text without the named activities (each block up to the next key)."""
    head, activities = text.split("\nactivities:\n", 1)
    for key in keys:
        activities = re.sub(rf"(?ms)^  {key}:\n.*?(?=^  \S|^\S|\Z)", "", activities, count=1)
    return f"{head}\nactivities:\n{activities}"


def _world_with_support_data() -> None:
    world = make_world()
    for value in ("karen@example.dk", "karen.jensen@example.dk"):
        add_record(
            actor="test",
            subject=world.subject,
            data_category="user.contact.email",
            value=value,
            source="data_subject",
            activities=["support"],
        )


def _demo() -> str:
    return DEMO.read_text(encoding="utf-8")


def _apply(client, text: str, **extra: str):
    return client.post(URL, {"apply": "1", "text": text, "name": "ny.yaml", **extra})


def test_dropping_an_activity_with_data_shows_it_with_its_links_and_a_box(client_as, dpo):
    _world_with_support_data()
    response = _apply(client_as(dpo), _without(_demo(), "support"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kundeservice og support" in page and "<code>support</code>" in page
    assert "<td>2</td>" in page
    assert "ny.yaml fjerner aktiviteter, som registret har oplysninger til" in page
    assert "<th>Nøgle</th><th>Formålskoblinger</th>" in page
    assert "Ja, slet data for de fjernede aktiviteter" in page
    assert "næste sletning sletter dem" in page
    assert "Tag denne version i brug og slet oplysningerne" in page
    assert "command line" not in page and "persondata policy apply" not in page
    form = response.context["removal_form"]
    assert form.initial["shown_removals"] == "support"
    assert form.initial["shown_sha256"] == text_digest(_without(_demo(), "support"))
    assert DeclarationVersion.objects.count() == 1


def test_the_confirmation_is_in_english_for_an_english_page(client_as, dpo):
    _world_with_support_data()
    client = client_as(dpo)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = _apply(client, _without(_demo(), "support")).content.decode()
    assert "Customer service and support" in page and "<td>2</td>" in page
    assert "Yes, erase the data of the removed activities" in page
    assert "the next retention sweep erases it" in page


def test_applying_again_without_the_box_changes_nothing(client_as, dpo):
    _world_with_support_data()
    client = client_as(dpo)
    text = _without(_demo(), "support")
    form = _apply(client, text).context["removal_form"].initial
    audit_before = AuditEntry.objects.count()
    response = _apply(
        client,
        text,
        shown_sha256=form["shown_sha256"],
        shown_removals=form["shown_removals"],
    )
    assert response.status_code == 400
    assert "removal_form" in response.context and not response.context["reconfirm"]
    assert DeclarationVersion.objects.count() == 1
    assert AuditEntry.objects.count() == audit_before
    assert not DBTaskResult.objects.exists()


def test_with_the_box_ticked_the_version_is_applied_and_audited(client_as, dpo):
    _world_with_support_data()
    client = client_as(dpo)
    text = _without(_demo(), "support")
    form = _apply(client, text).context["removal_form"].initial
    response = _apply(
        client,
        text.replace("\n", "\r\n"),
        shown_sha256=form["shown_sha256"],
        shown_removals=form["shown_removals"],
        allow_removal="on",
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/erklaering/version/2/"
    version = DeclarationVersion.objects.get(number=2)
    assert version.text == text and version.applied_by_label == dpo.username
    entry = AuditEntry.objects.filter(action="policy.apply").latest("id")
    assert entry.details["removed_activities_in_use"] == {"support": 2}
    # The due dates follow the new version: the worker recomputes them.
    assert DBTaskResult.objects.filter(task_path__endswith="recompute_all_task").count() == 1


def test_the_box_does_not_cover_a_changed_text_that_drops_another_activity(client_as, dpo):
    world_text = _demo()
    _world_with_support_data()
    client = client_as(dpo)
    shown = _without(world_text, "support")
    form = _apply(client, shown).context["removal_form"].initial
    changed = _without(world_text, "support", "subscriptions")
    response = _apply(
        client,
        changed,
        shown_sha256=form["shown_sha256"],
        shown_removals=form["shown_removals"],
        allow_removal="on",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "<code>subscriptions</code>" in page and "<code>support</code>" in page
    assert response.context["reconfirm"]
    assert response.context["removal_form"].initial["shown_removals"] == "subscriptions,support"
    assert DeclarationVersion.objects.count() == 1


def test_a_matching_digest_does_not_cover_an_activity_that_was_not_shown(client_as, dpo):
    _world_with_support_data()
    changed = _without(_demo(), "support", "subscriptions")
    response = _apply(
        client_as(dpo),
        changed,
        shown_sha256=text_digest(changed),
        shown_removals="support",
        allow_removal="on",
    )
    assert response.status_code == 400
    assert "<code>subscriptions</code>" in response.content.decode()
    assert DeclarationVersion.objects.count() == 1


@pytest.mark.parametrize("persona", ["auditor", "staff_member"])
def test_someone_who_may_not_apply_a_declaration_is_refused(client_as, request, persona):
    _world_with_support_data()
    text = _without(_demo(), "support")
    response = _apply(
        client_as(request.getfixturevalue(persona)),
        text,
        shown_sha256=text_digest(text),
        shown_removals="support",
        allow_removal="on",
    )
    assert response.status_code == 403
    assert DeclarationVersion.objects.count() == 1
