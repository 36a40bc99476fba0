"""The declaration for staff: in words, warnings, history with changes, and an
upload that is checked first (errors with line numbers, nothing applied)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from persondata.policy.models import DeclarationVersion
from persondata.web.tests.world import DEMO, make_world

pytestmark = pytest.mark.django_db


def _upload(client, text: str, name: str = "persondata.yaml"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-yaml")
    return client.post("/staff/erklaering/upload/", {"file": file})


def test_the_declaration_page_shows_the_version_in_words_and_the_documents(client_as, auditor):
    make_world()
    page = client_as(auditor).get("/staff/erklaering/").content.decode()
    assert "Nordlys IT ApS" in page
    assert "/dokumenter/art30/controller.xlsx" in page
    assert "/staff/erklaering/version/1/" in page
    assert "/staff/erklaering/upload/" not in page  # the auditor applies nothing


def test_a_broken_upload_shows_its_line_and_applies_nothing(client_as, dpo):
    make_world()
    broken = DEMO.read_text(encoding="utf-8").replace(
        "legal_bases: [contract", "legal_bases: [contrakt", 1
    )
    line = next(
        number for number, text in enumerate(broken.splitlines(), start=1) if "contrakt" in text
    )
    response = _upload(client_as(dpo), broken)
    assert response.status_code == 400
    page = response.content.decode()
    assert f"line {line}," in page or f"linje {line}," in page
    assert "nothing was applied" in page or "intet" in page
    assert DeclarationVersion.objects.count() == 1


def test_a_good_upload_shows_the_changes_and_is_applied_only_when_confirmed(client_as, dpo):
    make_world()
    client = client_as(dpo)
    changed = DEMO.read_text(encoding="utf-8").replace("Havnegade 7", "Havnegade 9", 1)
    checked = _upload(client, changed, "ny.yaml")
    assert checked.status_code == 200
    page = checked.content.decode()
    assert "Havnegade 9" in page
    assert DeclarationVersion.objects.count() == 1
    text = checked.context["apply_form"].initial["text"]
    applied = client.post(
        "/staff/erklaering/upload/",
        {"apply": "1", "text": text.replace("\n", "\r\n"), "name": "ny.yaml"},
    )
    assert applied.status_code == 302 and applied["Location"] == "/staff/erklaering/version/2/"
    version = DeclarationVersion.objects.get(number=2)
    assert version.text == changed and version.applied_by_label == dpo.username
    history = client.get("/staff/erklaering/version/2/").content.decode()
    assert "Havnegade 9" in history


def test_a_file_that_is_not_utf8_is_refused_with_its_position(client_as, dpo):
    make_world()
    file = SimpleUploadedFile("bad.yaml", b"version: 1\ncontroller: \xff\n")
    response = client_as(dpo).post("/staff/erklaering/upload/", {"file": file})
    assert response.status_code == 400
    assert "UTF-8" in response.content.decode()


def test_the_upload_name_cannot_reach_outside_the_temporary_folder():
    from persondata.web.staff.declaration_upload import safe_file_name

    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("") == "persondata.yaml"
    assert safe_file_name("..") == "persondata.yaml"
