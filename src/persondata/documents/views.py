"""Web pages for the documents.

Public: the privacy policy in Danish (``/privatlivspolitik/``) and English
(``/en/privacy-policy/``), any earlier version (``?version=N``), as PDF and
Markdown, and what changed between two versions. Staff only (Django's
staff check; the login is the admin login): the Art. 30 records and the
recipient register as XLSX, CSV and HTML.

Every page is rendered in the language of its address, whatever the
browser asks for, and carries a strict Content-Security-Policy: no scripts
at all, styles only from the site's own static files.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from persondata.documents.dates_in_words import date_in_words
from persondata.documents.pdf import PdfUnavailable, render_policy_pdf
from persondata.documents.policy_diff import describe_changes
from persondata.documents.privacy_policy import PolicyVersion, build_policy
from persondata.documents.records import KINDS, RecordTable, recipient_register, record_for
from persondata.documents.rendering import (
    generated_line,
    render_changes_html,
    render_policy_html,
    render_policy_markdown,
    render_table_html,
)
from persondata.documents.spreadsheets import table_to_csv, table_to_xlsx
from persondata.documents.versions import VersionNotFound, policy_source, published_versions
from persondata.policy.schema import Declaration

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
TABLE_FORMATS = ("xlsx", "csv", "html")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _BadRequest(ValueError):
    """A query parameter that is not what the page accepts."""


def _secured(response: HttpResponse, lang: str | None = None) -> HttpResponse:
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    if lang:
        response["Content-Language"] = lang
    return response


def _message(lang: str, heading: str, message: str, *, status: int) -> HttpResponse:
    with translation.override(lang):
        html = render_to_string(
            "documents/message.html",
            {
                "lang": lang,
                "heading": heading,
                "message": message,
                "controller_name": "",
                "back_url": reverse("web:home"),
                "back_label": _("Back to the front page"),
            },
        )
    return _secured(HttpResponse(html, status=status), lang)


def _number(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise _BadRequest(
            _("“%(value)s” is not a version number; %(name)s must be a whole number such as 2.")
            % {"value": raw[:40], "name": name}
        )
    return int(raw)


def _with_query(url: str, **params: object) -> str:
    present = {key: value for key, value in params.items() if value is not None}
    return f"{url}?{urlencode(present)}" if present else url


def _source_or_error(
    request: HttpRequest, lang: str
) -> tuple[Declaration, PolicyVersion, int | None] | HttpResponse:
    """(declaration, version facts, requested number) or an error page to return."""
    with translation.override(lang):
        try:
            number = _number(request, "version")
            declaration, version = policy_source(number)
        except _BadRequest as exc:
            return _message(lang, _("Unknown version"), str(exc), status=400)
        except VersionNotFound:
            if not published_versions():
                return _message(
                    lang,
                    _("No privacy policy yet"),
                    _("No privacy policy has been published yet."),
                    status=404,
                )
            return _message(
                lang,
                _("Unknown version"),
                _("There is no version %(number)s of the privacy policy.") % {"number": number},
                status=404,
            )
    return declaration, version, number


@require_safe
def policy(request: HttpRequest, lang: str) -> HttpResponse:
    """The privacy policy page, with language switch, versions and downloads."""
    found = _source_or_error(request, lang)
    if isinstance(found, HttpResponse):
        return found
    declaration, version, requested = found
    document = build_policy(declaration, lang, version=version)
    other = "en" if lang == "da" else "da"
    with translation.override(lang):
        context = {
            "links": _page_links(request, lang, other, requested),
            "other_lang": other,
            "versions": _version_items(lang),
            "current_number": version.number,
        }
    return _secured(HttpResponse(render_policy_html(document, extra=context)), lang)


def _page_links(
    request: HttpRequest, lang: str, other: str, requested: int | None
) -> dict[str, object]:
    links: dict[str, object] = {
        "other_language": _with_query(reverse(f"documents:policy_{other}"), version=requested),
        "pdf": _with_query(reverse(f"documents:policy_pdf_{lang}"), version=requested),
        "markdown": _with_query(reverse(f"documents:policy_md_{lang}"), version=requested),
        "login": _with_query(reverse("admin:login"), next=request.get_full_path()),
        "records": [],
    }
    user = request.user
    if user.is_active and user.is_staff:
        records = []
        for label, name, kwargs in (
            (
                _("Record of processing activities, controller (Art. 30(1))"),
                "documents:record",
                {"kind": "controller"},
            ),
            (
                _("Record of processing activities, processor (Art. 30(2))"),
                "documents:record",
                {"kind": "processor"},
            ),
            (_("Register of recipients and processors"), "documents:recipients", {}),
        ):
            for fmt in TABLE_FORMATS:
                url = reverse(name, kwargs={**kwargs, "fmt": fmt})
                records.append(
                    {
                        "url": _with_query(url, lang=lang, version=requested),
                        "label": f"{label} ({fmt.upper()})",
                    }
                )
        links["records"] = records
    return links


def _version_items(lang: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    base = reverse(f"documents:policy_{lang}")
    changes = reverse(f"documents:policy_changes_{lang}")
    versions = published_versions()
    numbers = [v.number for v in versions]
    for v in versions:
        earlier = [n for n in numbers if n < v.number]
        previous = max(earlier) if earlier else None
        items.append(
            {
                "number": v.number,
                "effective_words": date_in_words(v.effective, lang),
                "url": _with_query(base, version=v.number),
                "previous": previous,
                "changes_url": _with_query(changes, **{"from": previous, "to": v.number})
                if previous is not None
                else "",
            }
        )
    return items


@require_safe
def policy_pdf(request: HttpRequest, lang: str) -> HttpResponse:
    """The privacy policy as a PDF download."""
    found = _source_or_error(request, lang)
    if isinstance(found, HttpResponse):
        return found
    declaration, version, _requested = found
    document = build_policy(declaration, lang, version=version)
    try:
        pdf = render_policy_pdf(document)
    except PdfUnavailable as exc:
        with translation.override(lang):
            return _message(lang, _("PDF is not available"), str(exc), status=503)
    response = HttpResponse(pdf, content_type="application/pdf")
    stem = "privatlivspolitik" if lang == "da" else "privacy-policy"
    response["Content-Disposition"] = f'attachment; filename="{stem}-v{version.number}.pdf"'
    return _secured(response, lang)


@require_safe
def policy_markdown(request: HttpRequest, lang: str) -> HttpResponse:
    """The privacy policy as Markdown text."""
    found = _source_or_error(request, lang)
    if isinstance(found, HttpResponse):
        return found
    declaration, version, _requested = found
    text = render_policy_markdown(build_policy(declaration, lang, version=version))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    stem = "privatlivspolitik" if lang == "da" else "privacy-policy"
    response["Content-Disposition"] = f'inline; filename="{stem}-v{version.number}.md"'
    return _secured(response, lang)


@require_safe
def policy_changes(request: HttpRequest, lang: str) -> HttpResponse:
    """What changed in the policy between ``?from=A`` and ``?to=B`` (default: the last change)."""
    with translation.override(lang):
        versions = published_versions()
        if not versions:
            return _message(
                lang,
                _("No privacy policy yet"),
                _("No privacy policy has been published yet."),
                status=404,
            )
        try:
            new_number = _number(request, "to") or versions[0].number
            default_old = max((v.number for v in versions if v.number < new_number), default=None)
            old_number = _number(request, "from") or default_old or new_number
            old, _old_version = policy_source(old_number)
            new, _new_version = policy_source(new_number)
        except _BadRequest as exc:
            return _message(lang, _("Unknown version"), str(exc), status=400)
        except VersionNotFound:
            return _message(
                lang,
                _("Unknown version"),
                _("One of the versions to compare does not exist."),
                status=404,
            )
        context = {
            "heading": _("Changes to the privacy policy"),
            "subheading": _("From version %(old)d to version %(new)d")
            % {"old": old_number, "new": new_number},
            "changes": describe_changes(old, new, lang),
            "versions": versions,
            "old_number": old_number,
            "new_number": new_number,
            "controller_name": new.controller.name,
            "back_url": _with_query(reverse(f"documents:policy_{lang}"), version=new_number),
        }
    return _secured(HttpResponse(render_changes_html(context, lang=lang)), lang)


def _table_response(request: HttpRequest, fmt: str, kind: str | None) -> HttpResponse:
    lang = request.GET.get("lang", "da")
    if lang not in ("da", "en") or fmt not in TABLE_FORMATS:
        raise Http404("no such document")
    found = _source_or_error(request, lang)
    if isinstance(found, HttpResponse):
        return found
    declaration, version, _requested = found
    table: RecordTable = (
        record_for(kind, declaration, lang) if kind else recipient_register(declaration, lang)
    )
    stem = f"art30-{kind}" if kind else "recipients"
    filename = f"{stem}-v{version.number}-{lang}.{fmt}"
    now = timezone.localtime()
    if fmt == "xlsx":
        body = table_to_xlsx(
            table,
            lang=lang,
            controller=declaration.controller.name,
            generated=now,
            version=version.number,
        )
        response = HttpResponse(body, content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    elif fmt == "csv":
        response = HttpResponse(table_to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        line = generated_line(now, version.number, lang)
        response = HttpResponse(
            render_table_html(
                table, lang=lang, controller=declaration.controller.name, generated_line=line
            )
        )
    return _secured(response, lang)


@require_safe
@staff_member_required
def record(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An Art. 30 record (``kind`` controller or processor) as XLSX, CSV or HTML; staff only."""
    if kind not in KINDS:
        raise Http404("no such record")
    return _table_response(request, fmt, kind)


@require_safe
@staff_member_required
def recipients(request: HttpRequest, fmt: str) -> HttpResponse:
    """The recipient and processor register as XLSX, CSV or HTML; staff only."""
    return _table_response(request, fmt, None)
