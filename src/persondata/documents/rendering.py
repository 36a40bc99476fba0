"""Writing a built document as HTML or Markdown through its templates.

Every piece of text is escaped by the template engine (HTML) or by the
``md`` filter (Markdown); nothing from the declaration is ever marked safe.
A standalone HTML file carries its style sheet inline, because it is read
outside the web server; the web page links the static file instead, so that
its Content-Security-Policy can forbid inline styles.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.dates_in_words import date_in_words
from persondata.documents.privacy_policy import PrivacyPolicy
from persondata.documents.records import RecordTable

STYLE_SHEET = Path(__file__).resolve().parent / "static" / "documents" / "documents.css"


def style_sheet_text() -> str:
    """The documents' CSS, for standalone files and the PDF."""
    return STYLE_SHEET.read_text(encoding="utf-8")


def render_policy_html(
    policy: PrivacyPolicy,
    *,
    standalone: bool = False,
    for_pdf: bool = False,
    extra: dict[str, Any] | None = None,
) -> str:
    """The policy as an HTML page in its own language.

    ``standalone`` puts the CSS inline (a file to save or mail); ``for_pdf``
    leaves out navigation, the table of contents and the version list;
    ``extra`` adds template context (links and versions for the web page).
    """
    context: dict[str, Any] = {
        "policy": policy,
        "lang": policy.lang,
        "controller_name": policy.controller_name,
        "for_pdf": for_pdf,
        "inline_css": style_sheet_text() if standalone and not for_pdf else "",
    }
    context.update(extra or {})
    with translation.override(policy.lang):
        return render_to_string("documents/policy.html", context)


def render_policy_markdown(policy: PrivacyPolicy) -> str:
    """The policy as Markdown (CommonMark with tables), every text escaped."""
    with translation.override(policy.lang):
        text = render_to_string("documents/policy.md", {"policy": policy})
    # Templates leave runs of blank lines where optional blocks are absent.
    lines: list[str] = []
    for line in text.splitlines():
        if line.strip() or (lines and lines[-1].strip()):
            lines.append(line.rstrip())
    return "\n".join(lines).strip() + "\n"


def generated_line(when: datetime, version: int | None, lang: str) -> str:
    """ "Generated on 21 July 2026 from declaration version 3." (or "from a declaration file")."""
    with translation.override(lang):
        if version is None:
            return _("Generated on %(date)s from a declaration file that is not applied.") % {
                "date": date_in_words(when.date(), lang)
            }
        return _("Generated on %(date)s from declaration version %(number)d.") % {
            "date": date_in_words(when.date(), lang),
            "number": version,
        }


def render_table_html(
    table: RecordTable,
    *,
    lang: str,
    controller: str,
    generated_line: str,
    standalone: bool = False,
) -> str:
    """A record table as an HTML page; a grouped table gets one sub-table per group."""
    if table.group_column is None:
        groups = [{"title": "", "rows": table.rows}]
    else:
        column = table.group_column
        titles = list(dict.fromkeys(row[column] for row in table.rows))
        groups = [
            {"title": title, "rows": tuple(r for r in table.rows if r[column] == title)}
            for title in titles
        ] or [{"title": "", "rows": ()}]
    with translation.override(lang):
        context = {
            "table": table,
            "groups": groups,
            "lang": lang,
            "controller_name": controller,
            "generated_line": generated_line,
            "inline_css": style_sheet_text() if standalone else "",
            "empty_text": _("The declaration has no entries for this record."),
        }
        return render_to_string("documents/records.html", context)


def render_changes_html(context: dict[str, Any], *, lang: str) -> str:
    """The page that lists what changed between two policy versions."""
    with translation.override(lang):
        return render_to_string("documents/changes.html", {"lang": lang, **context})
