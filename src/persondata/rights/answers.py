"""The files of a request's answer, in the person's language.

- access: the report as HTML, PDF and JSON (``build_access_report``);
- portability: the data the person gave us under consent or contract, as
  JSON and CSV in one zip (``build_portability_export``, Art. 20);
- every other kind: a letter (HTML) that says what was done, and for an
  erasure what was kept, why and until when (``build_letter``).

HTML is written by templates that escape every text; the PDF is the same
HTML through WeasyPrint (``documents/pdf.py``), which raises PdfUnavailable
naming what to install when the system libraries are missing.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from persondata.documents.blocks import Section
from persondata.documents.dates_in_words import date_in_words
from persondata.documents.pdf import html_to_pdf
from persondata.documents.rendering import style_sheet_text
from persondata.policy.schema import Declaration
from persondata.rights.access_report import access_report_data
from persondata.rights.answer_files import zip_files
from persondata.rights.datastores import FoundItem, access_everywhere
from persondata.rights.models import RightsRequest
from persondata.rights.report_blocks import access_report_sections

PORTABILITY_FORMAT = "persondata-portability-export/1"
# Legal bases that make data portable (Art. 20(1)(a)): consent (Art. 6(1)(a),
# 9(2)(a)) or a contract (Art. 6(1)(b)).
PORTABLE_BASES = frozenset({"consent", "contract"})


@dataclass(frozen=True)
class AnswerFile:
    name: str
    format: str
    content: bytes


def _received_on(rights_request: RightsRequest) -> date:
    return timezone.localdate(rights_request.received_at)


def _purpose(rights_request: RightsRequest) -> str:
    """The purpose written to the audit trail: English, whichever page or command asks."""
    with translation.override("en"):
        return f"{rights_request.get_kind_display()} request {rights_request.pk}"


def render_answer_html(
    *,
    lang: str,
    title: str,
    controller_name: str,
    intro: list[str],
    sections: list[Section],
    for_pdf: bool = False,
) -> str:
    """An answer document as a standalone HTML page (the style sheet inline)."""
    with translation.override(lang):
        return render_to_string(
            "rights/answer.html",
            {
                "lang": lang,
                "title": title,
                "controller_name": controller_name,
                "intro": intro,
                "sections": sections,
                "for_pdf": for_pdf,
                "inline_css": "" if for_pdf else style_sheet_text(),
            },
        )


def _intro(rights_request: RightsRequest, lang: str) -> list[str]:
    with translation.override(lang):
        return [
            _("We received your request number %(number)s on %(date)s.")
            % {
                "number": rights_request.pk,
                "date": date_in_words(_received_on(rights_request), lang),
            }
        ]


def build_access_report(
    rights_request: RightsRequest, declaration: Declaration, *, actor: str
) -> list[AnswerFile]:
    """The access report (Art. 15) for the request's subject: HTML, PDF and JSON.

    Every datastore is searched (``datastores.access_everywhere``); reading
    sensitive values is audited with the request as purpose. A request
    without a subject gets a report that confirms no data is processed.
    Raises PdfUnavailable when WeasyPrint cannot run, CryptoError when a
    stored value cannot be decrypted.
    """
    lang = rights_request.language
    subject = rights_request.subject
    items: list[FoundItem] = []
    categories: list[str] = []
    if subject is not None:
        items = access_everywhere(subject, actor=actor, purpose=_purpose(rights_request))
        categories = list(subject.categories)
    report = access_report_data(
        items=items,
        subject_categories=categories,
        declaration=declaration,
        lang=lang,
        generated_at=timezone.now(),
        request_number=rights_request.pk,
        received_on=_received_on(rights_request),
    )
    sections = access_report_sections(report, declaration)
    with translation.override(lang):
        title = _("Your personal data at %(controller)s") % {
            "controller": declaration.controller.name
        }
    page: dict[str, Any] = {
        "lang": lang,
        "title": title,
        "controller_name": declaration.controller.name,
        "intro": _intro(rights_request, lang),
        "sections": sections,
    }
    html = render_answer_html(**page)
    pdf = html_to_pdf(render_answer_html(**page, for_pdf=True))
    stem = _stem(rights_request, lang)
    return [
        AnswerFile(f"{stem}.html", "html", html.encode("utf-8")),
        AnswerFile(f"{stem}.pdf", "pdf", pdf),
        AnswerFile(f"{stem}.json", "json", _json_bytes(report)),
    ]


def _stem(rights_request: RightsRequest, lang: str) -> str:
    word = "indsigt" if lang == "da" else "access-report"
    return f"{word}-{rights_request.pk}"


def _json_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def portable_items(items: list[FoundItem], declaration: Declaration) -> list[FoundItem]:
    """The items the right to data portability covers (Art. 20(1)).

    A record counts when the person provided it (source ``data_subject``)
    and it is held for at least one activity that rests on consent or a
    contract (an Art. 9(2)(a) explicit consent counts as consent). Only
    those activities are kept in ``held_for``; data held solely on
    legitimate interests, legal obligations or other bases is left out.
    """
    portable: list[FoundItem] = []
    for item in items:
        if item.kind != "record" or item.source != "data_subject":
            continue
        held = tuple(
            (key, due)
            for key, due in item.held_for
            if key in declaration.activities and _is_portable(declaration, key)
        )
        if held:
            portable.append(
                FoundItem(
                    datastore=item.datastore,
                    kind=item.kind,
                    category=item.category,
                    value=item.value,
                    source=item.source,
                    collected_on=item.collected_on,
                    held_for=held,
                    reference=item.reference,
                )
            )
    return portable


def _is_portable(declaration: Declaration, key: str) -> bool:
    activity = declaration.activities[key]
    return bool(PORTABLE_BASES & set(activity.legal_bases)) or (
        activity.special_basis == "explicit_consent"
    )


def build_portability_export(
    rights_request: RightsRequest, declaration: Declaration, *, actor: str
) -> list[AnswerFile]:
    """The portable data (``portable_items``) as ``data.json`` and ``data.csv``
    in one zip, plus a short letter. A request without a subject gets an
    empty export."""
    subject = rights_request.subject
    items: list[FoundItem] = []
    if subject is not None:
        items = access_everywhere(subject, actor=actor, purpose=_purpose(rights_request))
    portable = portable_items(items, declaration)
    rows: list[dict[str, Any]] = [
        {
            "category": item.category,
            "value": item.value,
            "collected_on": item.collected_on.isoformat() if item.collected_on else None,
            "activities": [key for key, _due in item.held_for],
            "datastore": item.datastore,
        }
        for item in portable
    ]
    payload = {
        "format": PORTABILITY_FORMAT,
        "controller": declaration.controller.name,
        "generated_at": timezone.now().isoformat(),
        "request": rights_request.pk,
        "records": rows,
    }
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["category", "value", "collected_on", "activities", "datastore"])
    for row in rows:
        writer.writerow(
            [
                row["category"],
                row["value"],
                row["collected_on"] or "",
                " ".join(row["activities"]),
                row["datastore"],
            ]
        )
    archive = zip_files(
        [("data.json", _json_bytes(payload)), ("data.csv", text.getvalue().encode())]
    )
    lang = rights_request.language
    with translation.override(lang):
        lines = [
            _(
                "The attached zip file holds the personal data you have given us and that we "
                "process on the basis of your consent or a contract with you, as JSON and CSV "
                "(GDPR Art. 20): %(count)d item(s)."
            )
            % {"count": len(rows)}
        ]
    letter = build_letter(
        rights_request, declaration, title=_title(rights_request, lang), lines=lines
    )
    word = "dataportabilitet" if lang == "da" else "portability"
    return [letter, AnswerFile(f"{word}-{rights_request.pk}.zip", "zip", archive)]


def _title(rights_request: RightsRequest, lang: str) -> str:
    with translation.override(lang):
        return _("Our answer to your request")


def build_letter(
    rights_request: RightsRequest,
    declaration: Declaration,
    *,
    title: str,
    lines: list[str],
    sections: list[Section] | None = None,
) -> AnswerFile:
    """A letter to the person (HTML) with ``lines`` as paragraphs and optional sections."""
    lang = rights_request.language
    html = render_answer_html(
        lang=lang,
        title=title,
        controller_name=declaration.controller.name,
        intro=[*_intro(rights_request, lang), *lines],
        sections=sections or [],
    )
    word = "svar" if lang == "da" else "answer"
    return AnswerFile(f"{word}-{rights_request.pk}.html", "html", html.encode("utf-8"))


def letter(
    rights_request: RightsRequest,
    declaration: Declaration,
    lines: list[str],
    sections: list[Section] | None = None,
) -> AnswerFile:
    """The answer letter of ``rights_request`` with its usual title."""
    return build_letter(
        rights_request,
        declaration,
        title=letter_title(rights_request),
        lines=lines,
        sections=sections,
    )


def no_data_letter(
    rights_request: RightsRequest, declaration: Declaration
) -> tuple[dict[str, object], list[AnswerFile]]:
    """The outcome of a request by a person the register does not hold (Art. 15(1))."""
    with translation.override(rights_request.language):
        line = _("We have searched our systems and we do not process any personal data about you.")
    return {"found": False}, [letter(rights_request, declaration, [line])]


def letter_title(rights_request: RightsRequest) -> str:
    """The title of the letter that answers the request, in its language."""
    return _title(rights_request, rights_request.language)
