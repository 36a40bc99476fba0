"""The PDF: A4 pages, page numbers, the controller's name on every page, and a
clear message instead of a traceback when WeasyPrint cannot run."""

from __future__ import annotations

import io
import re
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from persondata.documents.pdf import INSTALL_HINT, PdfUnavailable, render_policy_pdf
from persondata.documents.privacy_policy import PrivacyPolicy, build_policy
from persondata.documents.tests.declarations import DEMO, EKSEMPEL, load

A4_POINTS = (595, 842)


@pytest.fixture(
    scope="module", params=[(EKSEMPEL, "da"), (DEMO, "en")], ids=["eksempel-da", "demo-en"]
)
def rendered(request) -> tuple[PrivacyPolicy, PdfReader]:
    path, lang = request.param
    policy = build_policy(load(path), lang)
    return policy, PdfReader(io.BytesIO(render_policy_pdf(policy)))


def test_the_pdf_has_several_pages_and_says_how_many(rendered):
    _policy, reader = rendered
    total = len(reader.pages)
    assert total > 1
    last = reader.pages[-1].extract_text()
    assert f"{total} / {total}" in last


def test_every_page_is_a4_and_carries_the_controller_name_and_its_number(rendered):
    policy, reader = rendered
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == A4_POINTS
        text = page.extract_text()
        assert policy.controller_name in text
        assert re.search(rf"\b{number} / {total}\b", text)


def test_the_pdf_contains_the_policy_in_its_language(rendered):
    policy, reader = rendered
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert policy.title in text
    for section in policy.sections:
        assert section.title in text


def test_missing_weasyprint_gives_the_install_command(monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable) as caught:
        render_policy_pdf(build_policy(load(DEMO), "da"))
    assert "apt-get install libpango-1.0-0 libpangoft2-1.0-0" in str(caught.value)
    assert INSTALL_HINT in str(caught.value)


def test_the_command_reports_missing_libraries_without_a_traceback(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    target = tmp_path / "policy.pdf"
    with pytest.raises(CommandError, match=re.escape("apt-get install libpango-1.0-0")):
        call_command(
            "documents", "policy", "--format", "pdf", "--file", str(EKSEMPEL), "-o", str(target)
        )
    assert not target.exists()
