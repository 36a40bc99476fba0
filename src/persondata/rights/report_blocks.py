"""The access report as document blocks, for its HTML page and PDF.

``access_report_sections`` turns the dict of ``access_report_data`` into
one section per Art. 15 item (``access_report.CHECKLIST``), so the HTML and
the PDF always say the same as the JSON. Texts come from the gettext
catalogue of the report's language.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.blocks import Block, Fact, Facts, Items, Paragraph, Part, Section, Table
from persondata.documents.dates_in_words import date_in_words
from persondata.documents.phrasing import join_words, upper_first
from persondata.documents.policy_rights import complaint_section, rights_section
from persondata.policy.schema import Declaration


def _when(text: str | None, lang: str) -> str:
    return date_in_words(date.fromisoformat(text), lang) if text else ""


def access_report_sections(report: dict[str, Any], declaration: Declaration) -> list[Section]:
    """The report's sections, one per Art. 15 item (CHECKLIST), in its language."""
    lang = report["language"]
    with translation.override(lang):
        return [
            _data_section(report, lang),
            _purposes_section(report),
            _bases_section(report),
            _categories_section(report),
            _recipients_section(report),
            _transfers_section(report),
            _retention_section(report, lang),
            _sources_section(report),
            _automated_section(report),
            _rights(declaration, lang),
            _renumbered(complaint_section(declaration, lang), "complaint", "15(1)(f)"),
        ]


FACT_KINDS = ("event", "relationship", "contact")


def _data_section(report: dict[str, Any], lang: str) -> Section:
    if not report["found"]:
        blocks: tuple[Block, ...] = (
            Paragraph(
                _("We have searched our systems and we do not process any personal data about you.")
            ),
        )
        return Section("data", _("The data we hold about you"), "15(3)", blocks)
    rows = report["data"]
    parts: list[Block] = [Paragraph(_("This is a copy of the personal data we hold about you."))]
    identifiers = [r for r in rows if r["kind"] == "identifier"]
    if identifiers:
        parts.append(
            Part(
                _("How we identify you"),
                (Facts(tuple(Fact(r["label"], r["value"]) for r in identifiers)),),
            )
        )
    records = [r for r in rows if r["kind"] not in ("identifier", *FACT_KINDS)]
    if records:
        header = (_("Data"), _("Value"), _("Collected"), _("Used for"), _("Source"))
        table = tuple(
            (
                r["label"],
                r["value"],
                _when(r["collected_on"], lang),
                join_words(a["name"] for a in r["activities"]),
                r["source_text"],
            )
            for r in records
        )
        parts.append(Part(_("Personal data"), (Table(header, table),)))
    facts = [r for r in rows if r["kind"] in FACT_KINDS]
    if facts:
        fact_header = (_("What"), _("Date"), _("Details"))
        fact_rows = tuple(
            (r["label"], _when(r["collected_on"], lang), _fact_details(r, lang)) for r in facts
        )
        parts.append(Part(_("Events and relationships"), (Table(fact_header, fact_rows),)))
    return Section("data", _("The data we hold about you"), "15(3)", tuple(parts))


def _fact_details(row: dict[str, Any], lang: str) -> str:
    if row["kind"] == "relationship":
        if row["value"]:
            return _("ended on %(date)s") % {"date": _when(row["value"], lang)}
        return _("still active")
    if row["kind"] == "contact":
        return row["value"]
    return str(row["value"])


def _nothing(text: str) -> tuple[Block, ...]:
    return (Paragraph(text),)


def _purposes_section(report: dict[str, Any]) -> Section:
    if not report["purposes"]:
        blocks = _nothing(_("We do not process data about you for any purpose."))
    else:
        parts: list[Block] = [Paragraph(_("We process your data for these purposes:"))]
        for purpose in report["purposes"]:
            inner: list[Block] = []
            if purpose["description"]:
                inner.append(Paragraph(purpose["description"]))
            if purpose["role"] == "processor":
                inner.append(
                    Paragraph(
                        _(
                            "We process this data on behalf of %(controllers)s, who decide "
                            "how it is used and answer requests about it."
                        )
                        % {"controllers": join_words(purpose.get("on_behalf_of", []))}
                    )
                )
            parts.append(Part(purpose["name"], tuple(inner) or (Paragraph(purpose["name"]),)))
        blocks = tuple(parts)
    return Section("purposes", _("Purposes"), "15(1)(a)", blocks)


def _bases_section(report: dict[str, Any]) -> Section:
    if not report["legal_bases"]:
        return Section("legal_bases", _("Legal bases"), "6(1)", _nothing(_("None.")))
    parts: list[Block] = []
    for entry in report["legal_bases"]:
        inner: list[Block] = [Items(tuple(b["text"] for b in entry["bases"]))]
        if entry["legitimate_interests"]:
            inner.append(
                Paragraph(
                    _("Our legitimate interests: %(text)s")
                    % {"text": entry["legitimate_interests"]}
                )
            )
        if entry["special_basis"]:
            inner.append(
                Paragraph(
                    _("Special categories of data are processed on the basis of %(basis)s.")
                    % {"basis": entry["special_basis"]}
                )
            )
        if entry["consent_text"]:
            inner.append(
                Paragraph(_("The consent reads: %(text)s") % {"text": entry["consent_text"]})
            )
        parts.append(Part(entry["name"], tuple(inner)))
    return Section("legal_bases", _("Legal bases"), "6(1)", tuple(parts))


def _categories_section(report: dict[str, Any]) -> Section:
    if not report["categories"]:
        return Section(
            "categories", _("Categories of personal data"), "15(1)(b)", _nothing(_("None."))
        )
    items = tuple(c["label"] for c in report["categories"])
    return Section(
        "categories",
        _("Categories of personal data"),
        "15(1)(b)",
        (Paragraph(_("We hold these categories of data about you:")), Items(items)),
    )


def _recipients_section(report: dict[str, Any]) -> Section:
    if not report["recipients"]:
        return Section(
            "recipients",
            _("Recipients"),
            "15(1)(c)",
            _nothing(_("We do not disclose your data to anyone else.")),
        )
    header = (_("Recipient"), _("Role"), _("Task"), _("Country"))
    rows = tuple(
        (r["name"], r["role_text"], r["service"], r["country_name"]) for r in report["recipients"]
    )
    lead = _("Your data is disclosed or entrusted to these recipients:")
    return Section(
        "recipients", _("Recipients"), "15(1)(c)", (Paragraph(lead), Table(header, rows))
    )


def _transfers_section(report: dict[str, Any]) -> Section:
    if not report["transfers"]:
        blocks = _nothing(_("We do not transfer your data to countries outside the EU/EEA."))
    else:
        lines = tuple(
            _("%(recipient)s in %(country)s: the transfer rests on %(safeguard)s.")
            % {
                "recipient": t["name"],
                "country": t["country_name"],
                "safeguard": t["safeguard_text"],
            }
            for t in report["transfers"]
        )
        blocks = (
            Paragraph(_("Your data is transferred to countries outside the EU/EEA:")),
            Items(lines),
        )
    return Section("transfers", _("Transfers to countries outside the EU/EEA"), "15(2)", blocks)


def _retention_section(report: dict[str, Any], lang: str) -> Section:
    if not report["retention"]:
        return Section(
            "retention", _("How long we keep your data"), "15(1)(d)", _nothing(_("None."))
        )
    parts: list[Block] = []
    for entry in report["retention"]:
        facts = tuple(
            Fact(
                line["category"],
                _("erased no later than %(date)s") % {"date": _when(line["due_on"], lang)}
                if line["due_on"]
                else _("no end date yet: it depends on events that have not happened"),
            )
            for line in entry["your_data"]
        )
        inner: list[Block] = [Items(tuple(entry["rules"]))]
        if facts:
            inner.append(Paragraph(_("For your data this means:")))
            inner.append(Facts(facts))
        parts.append(Part(entry["name"], tuple(inner)))
    return Section("retention", _("How long we keep your data"), "15(1)(d)", tuple(parts))


def _sources_section(report: dict[str, Any]) -> Section:
    if not report["sources"]:
        return Section("sources", _("Where the data comes from"), "15(1)(g)", _nothing(_("None.")))
    facts = tuple(
        Fact(entry["name"], upper_first(join_words(entry["sources"])) + ".")
        for entry in report["sources"]
    )
    return Section("sources", _("Where the data comes from"), "15(1)(g)", (Facts(facts),))


def _automated_section(report: dict[str, Any]) -> Section:
    automated = report["automated_decisions"]
    blocks: list[Block] = []
    if automated["used"]:
        blocks.append(Facts(tuple(Fact(a["name"], a["text"]) for a in automated["activities"])))
    blocks.append(Paragraph(automated["text"]))
    return Section("automated_decisions", _("Automated decisions"), "15(1)(h)", tuple(blocks))


def _rights(declaration: Declaration, lang: str) -> Section:
    """The rights of Art. 15(1)(e) as the privacy policy explains them, without
    the policy's pointer to its own section on how to use them."""
    section = rights_section(declaration, lang)
    parts = tuple(block for block in section.blocks if isinstance(block, Part))
    return Section("rights", section.title, "15(1)(e)", parts)


def _renumbered(section: Section, key: str, gdpr: str) -> Section:
    """A privacy-policy section reused in the report, under the report's key and article."""
    return Section(key, section.title, gdpr, section.blocks)
