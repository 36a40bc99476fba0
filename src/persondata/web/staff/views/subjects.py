"""Subjects: search, the subject page, and revealing an encrypted value (audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from persondata.lib.crypto import CryptoError
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject, Record
from persondata.subjects.sensitive import read_record_value, read_subject_cpr
from persondata.web.staff.register_names import subject_category_name
from persondata.web.staff.subject_page import subject_page
from persondata.web.staff.subject_search import FIELDS, SearchError, search_subjects

FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "customer_number": gettext_lazy("Customer number"),
    "cpr": gettext_lazy("CPR number (exact, audited)"),
}


class SearchForm(forms.Form):
    field = forms.ChoiceField(
        label=gettext_lazy("Search by"), choices=[(f, FIELD_LABELS[f]) for f in FIELDS]
    )
    q = forms.CharField(label=gettext_lazy("Search for"), max_length=200)


class RevealForm(forms.Form):
    record = forms.CharField(max_length=20)
    purpose = forms.CharField(label=gettext_lazy("Why do you need to see it?"), max_length=200)


@dataclass(frozen=True)
class SearchRow:
    subject: DataSubject
    categories: list[str]  # by name, in the page's language


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "da")


@require_safe
def subjects(request: HttpRequest) -> HttpResponse:
    """The search page; with htmx, only the results are swapped in as one types."""
    form = SearchForm(request.GET if "q" in request.GET else None)
    results: list[DataSubject] = []
    searched = False
    if form.is_bound and form.is_valid():
        searched = True
        try:
            results = search_subjects(
                field=form.cleaned_data["field"],
                text=form.cleaned_data["q"],
                actor=request.user.get_username(),
            )
        except SearchError as exc:
            form.add_error("q", exc.localized())
            searched = False
    declaration = current_declaration() if results else None
    lang = _language(request)
    rows = [
        SearchRow(s, [subject_category_name(key, lang, declaration) for key in s.categories])
        for s in results
    ]
    context = {"form": form, "results": rows, "searched": searched}
    if request.headers.get("HX-Request") == "true":
        return render(request, "web/staff/subject_results.html", context)
    return render(request, "web/staff/subjects.html", context)


def _subject_response(
    request: HttpRequest, subject: DataSubject, *, revealed: dict[int, str], cpr: str | None = None
) -> HttpResponse:
    page = subject_page(
        subject, declaration=current_declaration(), lang=_language(request), revealed=revealed
    )
    return render(
        request,
        "web/staff/subject.html",
        {"page": page, "subject": subject, "reveal_form": RevealForm(), "cpr": cpr},
    )


@require_safe
def subject(request: HttpRequest, key: str) -> HttpResponse:
    """One subject: records by activity, consents, requests, holds, events, timeline."""
    found = get_object_or_404(DataSubject, key=key)
    return _subject_response(request, found, revealed={})


@require_POST
def reveal(request: HttpRequest, key: str) -> HttpResponse:
    """Decrypt one record (or the CPR number) for this response only; the
    reading and its purpose are written to the audit trail first."""
    found = get_object_or_404(DataSubject, key=key)
    form = RevealForm(request.POST)
    if not form.is_valid():
        response = _subject_response(request, found, revealed={})
        response.status_code = 400
        return response
    actor = request.user.get_username()
    purpose = form.cleaned_data["purpose"]
    target = form.cleaned_data["record"]
    try:
        if target == "cpr":
            return _subject_response(
                request,
                found,
                revealed={},
                cpr=read_subject_cpr(found, actor=actor, purpose=purpose) or "",
            )
        record = get_object_or_404(Record, pk=int(target) if target.isdigit() else 0, subject=found)
        value = read_record_value(record, actor=actor, purpose=purpose)
    except CryptoError:
        response = render(
            request,
            "web/staff/forbidden.html",
            {"reason": _("The value cannot be decrypted with the configured keys.")},
            status=500,
        )
        return response
    return _subject_response(request, found, revealed={record.pk: value})
