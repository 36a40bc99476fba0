"""The declaration: the current version in words, its warnings, the version
history with the changes of each, uploading a new version, the documents."""

from __future__ import annotations

import difflib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from persondata.documents.policy_diff import describe_changes
from persondata.policy.actions import DeclarationRejected
from persondata.policy.loader import load_text
from persondata.policy.models import DeclarationVersion
from persondata.policy.queries import current_declaration, current_version, declaration_of
from persondata.policy.summary import summarize
from persondata.web.staff.declaration_upload import (
    apply_text,
    check_upload,
    safe_file_name,
    text_digest,
)
from persondata.web.staff.request_user import staff_user


def _lang(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "da")


@require_safe
def declaration(request: HttpRequest) -> HttpResponse:
    """The applied version in words with its lint warnings, and every version."""
    version = current_version()
    context: dict[str, object] = {"version": version}
    if version is not None:
        lang = _lang(request)
        context["summary"] = summarize(declaration_of(version), version=version, lang=lang)
        context["warnings"] = load_text(version.text, file=version.source_name).warnings
    context["versions"] = DeclarationVersion.objects.order_by("-number").only(
        "number", "applied_at", "applied_by_label", "source_name", "sha256"
    )
    return render(request, "web/staff/declaration.html", context)


def _yaml_diff(old: str, new: str) -> list[tuple[str, str]]:
    lines = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=2)
    rows = []
    for line in list(lines)[2:]:
        kind = "add" if line.startswith("+") else "del" if line.startswith("-") else ""
        rows.append((kind, line))
    return rows


@require_safe
def declaration_version(request: HttpRequest, number: int) -> HttpResponse:
    """One version: what changed from the one before, in words and as text."""
    version = DeclarationVersion.objects.filter(number=number).first()
    if version is None:
        raise Http404(_("There is no declaration version %(number)d.") % {"number": number})
    previous = DeclarationVersion.objects.filter(number__lt=number).order_by("-number").first()
    lang = _lang(request)
    changes: list[str] = []
    diff: list[tuple[str, str]] = []
    if previous is not None:
        changes = describe_changes(declaration_of(previous), declaration_of(version), lang)
        diff = _yaml_diff(previous.text, version.text)
    return render(
        request,
        "web/staff/declaration_version.html",
        {
            "version": version,
            "previous": previous,
            "changes": changes,
            "diff": diff,
            "summary": summarize(declaration_of(version), version=version, lang=lang),
        },
    )


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Declaration file (YAML)"))


class ApplyForm(forms.Form):
    text = forms.CharField(widget=forms.HiddenInput, strip=False)
    name = forms.CharField(widget=forms.HiddenInput, max_length=120)
    # Set only on the confirmation shown when the text drops activities that
    # hold data: the text's sha256 and the activities shown, so that the box
    # covers exactly what the person saw.
    shown_sha256 = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    shown_removals = forms.CharField(widget=forms.HiddenInput, required=False)
    allow_removal = forms.BooleanField(
        label=gettext_lazy("Yes, erase the data of the removed activities"), required=False
    )

    def confirmed_removals(self) -> frozenset[str]:
        """The activities whose data the person agreed to erase: none unless
        the box is ticked and the text is the one they were shown."""
        data = self.cleaned_data
        if not data["allow_removal"] or data["shown_sha256"] != text_digest(data["text"]):
            return frozenset()
        return frozenset(key for key in data["shown_removals"].split(",") if key)


def _removal_context(
    rejected: DeclarationRejected, form: ApplyForm, lang: str
) -> dict[str, object]:
    """The confirmation of a text refused only because it drops activities
    that hold data: which, with how many purpose links, and the form again."""
    current = current_declaration()
    removed = []
    for key, links in rejected.removed_in_use.items():
        activity = current.activities.get(key) if current else None
        removed.append(
            {"key": key, "name": activity.name.get(lang) if activity else key, "links": links}
        )
    text = form.cleaned_data["text"]
    return {
        "removed": removed,
        "reconfirm": bool(form.cleaned_data["allow_removal"]),
        "removal_form": ApplyForm(
            initial={
                "text": text,
                "name": form.cleaned_data["name"],
                "shown_sha256": text_digest(text),
                "shown_removals": ",".join(sorted(rejected.removed_in_use)),
            }
        ),
    }


@require_http_methods(["GET", "HEAD", "POST"])
def declaration_upload(request: HttpRequest) -> HttpResponse:
    """Upload -> check (errors with line numbers; nothing applied) -> the
    changes and warnings -> apply. Applying re-checks the exact text shown.
    A text that drops activities the register holds data for is refused
    with the list of them and a box to tick; applied again with the box
    ticked, it erases the data of those activities only, and only for the
    same text."""
    lang = _lang(request)
    context: dict[str, object] = {"limit": settings.POLICY_MAX_BYTES}
    if request.method == "POST" and "apply" in request.POST:
        apply_form = ApplyForm(request.POST)
        if apply_form.is_valid():
            user = staff_user(request)
            try:
                version, created = apply_text(
                    text=apply_form.cleaned_data["text"],
                    name=apply_form.cleaned_data["name"],
                    user=user,
                    allow_removal_of=apply_form.confirmed_removals(),
                )
            except DeclarationRejected as exc:
                if exc.removed_in_use:
                    context.update(_removal_context(exc, apply_form, lang))
                    context["checked"] = exc.result.file
                else:
                    context.update(form=UploadForm(), problems=exc.result.errors)
                return render(request, "web/staff/declaration_upload.html", context, status=400)
            if created:
                messages.success(
                    request, _("Version %(number)d is applied.") % {"number": version.number}
                )
            else:
                messages.info(request, _("The text is the same as the current version."))
            return redirect("staff:declaration_version", number=version.number)
    form = UploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result, text = check_upload(upload)
        context["checked"] = result.file
        if not result.ok:
            context["problems"] = result.errors
            return render(request, "web/staff/declaration_upload.html", context, status=400)
        current = current_declaration()
        context.update(
            warnings=result.warnings,
            changes=(
                describe_changes(current, result.declaration, lang)
                if current and result.declaration
                else None
            ),
            apply_form=ApplyForm(initial={"text": text, "name": safe_file_name(upload.name)}),
        )
    elif request.method == "POST":
        return render(request, "web/staff/declaration_upload.html", context, status=400)
    return render(request, "web/staff/declaration_upload.html", context)
