"""Changing a subject from the staff pages, each behind a confirmation page:
add a record, record an event, end a relationship, set or lift a legal hold,
erase. GET shows what will happen; POST does it through the register's
actions (which validate and audit); a refused input changes nothing and is
shown on the same page.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from persondata.policy.queries import current_declaration
from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import PLAIN_EVENTS
from persondata.subjects.actions import (
    RegisterError,
    add_record,
    end_relationship,
    erase_subject,
    lift_legal_hold,
    record_event,
    set_legal_hold,
)
from persondata.subjects.checks import DERIVED_EVENTS
from persondata.subjects.models import DataSubject, LegalHold, Relationship


def _activity_choices(declaration: Declaration | None, lang: str) -> list[tuple[str, str]]:
    if declaration is None:
        return []
    return [(key, a.name.get(lang)) for key, a in declaration.activities.items()]


def _category_choices(declaration: Declaration | None) -> list[tuple[str, str]]:
    if declaration is None:
        return []
    keys = sorted({c for a in declaration.activities.values() for c in a.data})
    return [(key, key) for key in keys]


def _event_choices(declaration: Declaration | None) -> list[tuple[str, str]]:
    names = [e for e in PLAIN_EVENTS if e not in DERIVED_EVENTS]
    if declaration is not None:
        names += [e for e in declaration.events if e not in names]
    return [(name, name) for name in names]


class RecordForm(forms.Form):
    data_category = forms.ChoiceField(label=gettext_lazy("Data category"))
    value = forms.CharField(label=gettext_lazy("Value"), max_length=2000)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        initial="data_subject",
        help_text=gettext_lazy(
            "data_subject, a recipient or subject category key, or 'public: <where>'"
        ),
    )
    activities = forms.MultipleChoiceField(
        label=gettext_lazy("Held for"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, declaration: Declaration | None, lang: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "data_category", _category_choices(declaration))
        _set_choices(self, "activities", _activity_choices(declaration, lang))


class EventForm(forms.Form):
    name = forms.ChoiceField(label=gettext_lazy("Event"))
    occurred_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=1000, required=False)

    def __init__(self, *args: Any, declaration: Declaration | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _set_choices(self, "name", _event_choices(declaration))


class EndForm(forms.Form):
    ended = forms.DateField(
        label=gettext_lazy("Ended on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class HoldForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=1000, widget=forms.Textarea)
    activity = forms.ChoiceField(label=gettext_lazy("Activity"), required=False)
    starts_on = forms.DateField(
        label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=gettext_lazy("Until (empty: until lifted)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args: Any, declaration: Declaration | None, lang: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("every activity"))]
        _set_choices(self, "activity", choices + _activity_choices(declaration, lang))


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that everything held about this person is erased")
    )
    reason = forms.CharField(
        label=gettext_lazy("Reference (no personal data, e.g. a request number)"),
        max_length=200,
        required=False,
    )


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


def _actor(request: HttpRequest) -> str:
    return request.user.get_username()


def _lang(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "da")


def _page(
    request: HttpRequest, subject: DataSubject, template: str, **context: Any
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(request, f"web/staff/{template}", {"subject": subject, **context}, status=status)


def _done(request: HttpRequest, subject: DataSubject, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("staff:subject", key=subject.key)


@require_http_methods(["GET", "HEAD", "POST"])
def add_record_page(request: HttpRequest, key: str) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    declaration = current_declaration()
    form = RecordForm(request.POST or None, declaration=declaration, lang=_lang(request))
    if request.method == "POST" and form.is_valid():
        try:
            add_record(
                actor=_actor(request),
                subject=subject,
                data_category=form.cleaned_data["data_category"],
                value=form.cleaned_data["value"],
                source=form.cleaned_data["source"],
                activities=form.cleaned_data["activities"],
            )
        except RegisterError as exc:
            form.add_error(None, exc.localized())
        else:
            return _done(request, subject, _("The record was added."))
    return _page(request, subject, "subject_add_record.html", form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def record_event_page(request: HttpRequest, key: str) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    form = EventForm(
        request.POST or None,
        declaration=current_declaration(),
        initial={"occurred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record_event(
                actor=_actor(request),
                subject=subject,
                name=form.cleaned_data["name"],
                occurred_on=form.cleaned_data["occurred_on"],
                note=form.cleaned_data["note"],
            )
        except RegisterError as exc:
            form.add_error(None, exc.localized())
        else:
            return _done(request, subject, _("The event was recorded."))
    return _page(request, subject, "subject_record_event.html", form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def end_relationship_page(request: HttpRequest, key: str, relationship_id: int) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    relationship = get_object_or_404(Relationship, pk=relationship_id, subject=subject)
    form = EndForm(request.POST or None, initial={"ended": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            end_relationship(
                actor=_actor(request), relationship=relationship, ended=form.cleaned_data["ended"]
            )
        except RegisterError as exc:
            form.add_error(None, exc.localized())
        else:
            return _done(request, subject, _("The relationship was ended."))
    return _page(
        request, subject, "subject_end_relationship.html", form=form, relationship=relationship
    )


@require_http_methods(["GET", "HEAD", "POST"])
def set_hold_page(request: HttpRequest, key: str) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    form = HoldForm(request.POST or None, declaration=current_declaration(), lang=_lang(request))
    if request.method == "POST" and form.is_valid():
        try:
            set_legal_hold(
                actor=_actor(request),
                subject=subject,
                reason=form.cleaned_data["reason"],
                activity=form.cleaned_data["activity"] or None,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except RegisterError as exc:
            form.add_error(None, exc.localized())
        else:
            return _done(request, subject, _("The legal hold was set."))
    return _page(request, subject, "subject_set_hold.html", form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def lift_hold_page(request: HttpRequest, key: str, hold_id: int) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    hold = get_object_or_404(LegalHold, pk=hold_id, subject=subject)
    error = ""
    if request.method == "POST":
        try:
            lift_legal_hold(actor=_actor(request), hold=hold)
        except RegisterError as exc:
            error = exc.localized()
        else:
            return _done(request, subject, _("The legal hold was lifted."))
    return _page(request, subject, "subject_lift_hold.html", hold=hold, error=error)


@require_http_methods(["GET", "HEAD", "POST"])
def erase_page(request: HttpRequest, key: str) -> HttpResponse:
    subject = get_object_or_404(DataSubject, key=key)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = erase_subject(
                actor=_actor(request), subject=subject, reason=form.cleaned_data["reason"]
            )
        except RegisterError as exc:
            form.add_error(None, exc.localized())
        else:
            messages.success(
                request,
                _("The subject was erased (%(records)d records).") % {"records": counts["records"]},
            )
            return redirect(reverse("staff:subjects"))
    return _page(
        request,
        subject,
        "subject_erase.html",
        form=form,
        record_count=subject.records.count(),
        event_count=subject.events.count(),
    )
