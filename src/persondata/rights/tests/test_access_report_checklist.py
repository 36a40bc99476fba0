"""The access report holds every item Art. 15(1)-(3) requires, in Danish and in English,
as HTML, PDF and JSON (SPEC section 4)."""

from __future__ import annotations

import pytest

from persondata.documents.tests.html_reading import parse_strict, section, section_text
from persondata.rights.access_report import CHECKLIST
from persondata.rights.execution import execute_request
from persondata.rights.tests.factories import ACTOR, verified_request
from persondata.rights.tests.reports import file_ending, report_html, report_json

# Words each section must contain, per language: proof that the item is there
# in the person's language, not only a heading.
EXPECTED = {
    "da": {
        "data": ["Mette Holm", "Vestergade 1, 5000 Odense C", "Faktura 2025-114", "192.0.2.17"],
        "purposes": ["Bogføring", "Abonnementer og kundeforhold", "bogføringsloven"],
        "legal_bases": ["artikel 6, stk. 1, litra c", "artikel 6, stk. 1, litra a"],
        "categories": ["Betalingsoplysninger", "IP-adresse"],
        "recipients": ["Skattestyrelsen", "Mailflow Inc.", "databehandler"],
        "transfers": ["USA", "standardkontraktbestemmelser"],
        "retention": ["5 år", "30. september 2031", "31. december 2026"],
        "sources": ["Fra dig selv"],
        "automated_decisions": ["automatisk behandling"],
        "rights": ["Ret til berigtigelse", "Ret til sletning", "Ret til indsigelse"],
        "complaint": ["Datatilsynet", "Carl Jacobsens Vej 35"],
    },
    "en": {
        "data": ["Mette Holm", "Vestergade 1, 5000 Odense C", "Faktura 2025-114", "192.0.2.17"],
        "purposes": ["Bookkeeping", "Subscriptions and customer relations", "Bookkeeping Act"],
        "legal_bases": ["Art. 6(1)(c)", "Art. 6(1)(a)"],
        "categories": ["Payment data", "IP address"],
        "recipients": ["The Danish Tax Agency", "Mailflow Inc.", "processor"],
        "transfers": ["United States", "standard contractual clauses"],
        "retention": ["5 years", "30 September 2031", "31 December 2026"],
        "sources": ["From you"],
        "automated_decisions": ["automated processing"],
        "rights": ["Right to rectification", "Right to erasure", "Right to object"],
        "complaint": ["Datatilsynet", "Carl Jacobsens Vej 35"],
    },
}


@pytest.fixture(params=["da", "en"])
def answered(request, customer):
    rights_request = verified_request("access", language=request.param)
    return execute_request(actor=ACTOR, rights_request=rights_request)


def test_the_checklist_names_every_item_of_article_15():
    keys = [key for key, _article in CHECKLIST]
    assert keys == [
        "data",
        "purposes",
        "legal_bases",
        "categories",
        "recipients",
        "transfers",
        "retention",
        "sources",
        "automated_decisions",
        "rights",
        "complaint",
    ]
    articles = dict(CHECKLIST)
    assert articles["data"] == "15(3)"
    assert articles["transfers"] == "15(2)"
    assert articles["automated_decisions"] == "15(1)(h)"


def test_the_html_report_has_a_section_for_every_item_in_the_persons_language(answered):
    lang = answered.language
    root = parse_strict(report_html(answered))
    assert root.get("lang") == lang
    for key, article in CHECKLIST:
        found = section(root, key)
        assert found is not None, f"no section {key} ({article})"
        assert found.get("data-gdpr") == article
        text = section_text(root, key)
        for word in EXPECTED[lang][key]:
            assert word in text, f"{lang} section {key} lacks {word!r}: {text[:300]}"


def test_the_json_report_has_every_item_in_the_persons_language(answered):
    lang = answered.language
    report = report_json(answered)
    assert report["format"] == "persondata-access-report/1"
    assert report["language"] == lang
    assert report["found"] is True
    for key, _article in CHECKLIST:
        assert key in report, f"the JSON has no item {key}"
    assert report["automated_decisions"]["used"] is False
    assert report["automated_decisions"]["text"]
    values = {row["value"] for row in report["data"]}
    assert {"Mette Holm", "Faktura 2025-114: 4.995 kr.", "192.0.2.17"} <= values
    invoice = next(r for r in report["data"] if r["category"] == "user.payment")
    assert invoice["activities"] == [
        {
            "activity": "bookkeeping",
            "name": invoice["activities"][0]["name"],
            "due_on": "2031-09-30",
        }
    ]
    bases = {
        entry["activity"]: [b["basis"] for b in entry["bases"]] for entry in report["legal_bases"]
    }
    assert bases["bookkeeping"] == ["legal_obligation"]
    assert bases["newsletter"] == ["consent"]
    transfers = {t["recipient"]: t["safeguard"] for t in report["transfers"]}
    assert transfers == {"mailflow": "scc", "offsite_vault": "adequacy"}
    assert report["complaint"]["name"] == "Datatilsynet"
    assert report["controller"]["dpo"]["email"] == "dpo@nordlys-it.dk"


def test_only_the_activities_the_persons_data_is_held_for_are_described(answered):
    report = report_json(answered)
    described = {p["activity"] for p in report["purposes"]}
    assert described == {
        "subscriptions",
        "bookkeeping",
        "newsletter",
        "customer_offers",
        "security_logs",
    }
    assert "recruitment" not in described


def test_the_pdf_is_made_from_the_same_report(answered):
    pdf = file_ending(answered, ".pdf")
    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5000
