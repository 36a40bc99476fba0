"""The public policy pages: Danish and English, versions, downloads and a strict CSP."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from persondata.documents.tests.applied import apply_data, apply_file, at
from persondata.documents.tests.declarations import EKSEMPEL, minimal_dict
from persondata.documents.tests.html_reading import parse_strict, section_text, text_of
from persondata.documents.views import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_versions(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    changed = minimal_dict()
    changed["controller"]["address"] = "Havnen 2, 7100 Vejle"
    changed["activities"]["customers"]["retention"] = [
        {"keep": "3y", "after": "relationship_ended"}
    ]
    apply_data(tmp_path, changed, at(2026, 4, 1))


def test_before_any_declaration_the_page_says_so_in_danish(client):
    response = client.get("/privatlivspolitik/")
    assert response.status_code == 404
    root = parse_strict(response.content.decode())
    assert root.get("lang") == "da"
    assert "Der er endnu ikke offentliggjort en privatlivspolitik." in text_of(root)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_danish_page_is_the_current_policy_in_danish(client):
    apply_file(EKSEMPEL, at(2026, 1, 10))
    response = client.get("/privatlivspolitik/")
    assert response.status_code == 200
    root = parse_strict(response.content.decode())
    assert root.get("lang") == "da"
    assert response["Content-Language"] == "da"
    assert text_of(root.find(".//h1")) == "Privatlivspolitik for Eksempel Service ApS"
    assert "Opbevares i 5 år fra udgangen af det regnskabsår, oplysningerne vedrører." in (
        section_text(root, "retention")
    )
    links = {text_of(a): a.get("href") for a in root.iter("a")}
    assert links["Read in English"] == "/en/privacy-policy/"
    assert links["Hent som PDF"] == "/privatlivspolitik/privatlivspolitik.pdf"


def test_the_english_page_is_the_same_policy_in_english(client):
    apply_file(EKSEMPEL, at(2026, 1, 10))
    response = client.get("/en/privacy-policy/", HTTP_ACCEPT_LANGUAGE="da")
    root = parse_strict(response.content.decode())
    assert root.get("lang") == "en"
    assert text_of(root.find(".//h1")) == "Privacy policy for Eksempel Service ApS"
    links = {text_of(a): a.get("href") for a in root.iter("a")}
    assert links["Læs på dansk"] == "/privatlivspolitik/"
    assert links["Download as PDF"] == "/en/privacy-policy/privacy-policy.pdf"


def test_pages_forbid_scripts_and_inline_styles(client):
    apply_file(EKSEMPEL, at(2026, 1, 10))
    response = client.get("/privatlivspolitik/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    root = parse_strict(response.content.decode())
    assert root.find(".//script") is None
    assert root.find(".//style") is None
    assert all(element.get("style") is None for element in root.iter())


def test_the_page_lists_every_version_with_its_date_and_shows_an_old_one(client, two_versions):
    current = parse_strict(client.get("/privatlivspolitik/").content.decode())
    versions = text_of(current.find(".//aside[@class='versions']"))
    assert "Version 2, gældende fra 1. april 2026" in versions
    assert "Version 1, gældende fra 10. januar 2026" in versions
    assert "Havnen 2, 7100 Vejle" in section_text(current, "controller")
    old = parse_strict(client.get("/privatlivspolitik/?version=1").content.decode())
    assert "Smedevej 1, 7100 Vejle" in section_text(old, "controller")
    assert text_of(old.find(".//p[@class='version-line']")) == (
        "Version 1, gældende fra 10. januar 2026"
    )
    links = {text_of(a): a.get("href") for a in old.iter("a")}
    assert links["Read in English"] == "/en/privacy-policy/?version=1"
    assert links["hvad er ændret siden version 1"] == "/privatlivspolitik/aendringer/?from=1&to=2"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("?version=abc", 400, "»abc« er ikke et versionsnummer"),
        ("?version=-1", 400, "er ikke et versionsnummer"),
        ("?version=%C2%B2", 400, "»²« er ikke et versionsnummer"),
        ("?version=9", 404, "Der findes ingen version 9 af privatlivspolitikken."),
    ],
)
def test_a_bad_version_gets_a_clear_page(client, two_versions, query, status, message):
    response = client.get(f"/privatlivspolitik/{query}")
    assert response.status_code == status
    assert message in response.content.decode()


def test_the_changes_page_says_what_changed_in_words(client, two_versions):
    response = client.get("/en/privacy-policy/changes/")
    assert response.status_code == 200
    root = parse_strict(response.content.decode())
    items = [text_of(li) for li in root.findall(".//main//ul/li")]
    assert "Our address changed from “Smedevej 1, 7100 Vejle” to “Havnen 2, 7100 Vejle”." in items
    assert any(item.startswith("The retention of “Customer relations” changed") for item in items)
    same = client.get("/privatlivspolitik/aendringer/?from=2&to=2")
    assert "Privatlivspolitikken er ens i de to versioner." in same.content.decode()


def test_the_pdf_download_is_the_policy_of_the_requested_version(client, two_versions):
    response = client.get("/privatlivspolitik/privatlivspolitik.pdf?version=1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="privatlivspolitik-v1.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Smedie Jensen ApS" in text
    assert "Smedevej 1, 7100 Vejle" in text


def test_the_markdown_download_is_escaped_text(client, two_versions):
    response = client.get("/en/privacy-policy/privacy-policy.md")
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("# Privacy policy for Smedie Jensen ApS")


def test_pages_answer_get_and_head_and_refuse_changes(client, two_versions):
    assert client.head("/privatlivspolitik/").status_code == 200
    assert client.post("/privatlivspolitik/").status_code == 405
