"""Rights requests: the queue, one request with its history, and every step
of the workflow (verify, extend, carry out, review rectifications, answer,
close, note), each a POST through ``persondata.rights``' actions, which
validate, record the step and audit it. A refused step changes nothing and
its reason is shown on the request's page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from persondata.documents.pdf import PdfUnavailable
from persondata.rights.actions import (
    CLOSE_OUTCOMES,
    NOTICE_WAYS,
    add_note,
    close_request,
    extend_deadline,
    receive_request,
    shown_step_text,
    verify_identity,
)
from persondata.rights.checks import RightsError
from persondata.rights.delivery import answer_request
from persondata.rights.execution import execute_request
from persondata.rights.models import RectificationProposal, RightsRequest
from persondata.rights.queries import requests_for_staff
from persondata.rights.rectification import decide_rectification, propose_rectification
from persondata.subjects.models import Record
from persondata.web.staff.request_queue import request_rows

STAFF_CHANNELS = [c for c in RightsRequest.Channel.choices if c[0] not in ("web", "api")]


# How a close outcome and an extension's notice read on the page (the form
# posts the keys the rights actions take).
CHOICE_LABELS = {
    "completed": gettext_lazy("completed"),
    "refused": gettext_lazy("refused"),
    "withdrawn": gettext_lazy("withdrawn by the person"),
    "unverified": gettext_lazy("identity never verified"),
    "email": gettext_lazy("by e-mail now"),
    "post": gettext_lazy("sent by letter"),
}


class ReceiveForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=RightsRequest.Kind.choices)
    channel = forms.ChoiceField(label=gettext_lazy("Received by"), choices=STAFF_CHANNELS)
    claimed_name = forms.CharField(label=gettext_lazy("Name given"), max_length=200, required=False)
    claimed_email = forms.EmailField(label=gettext_lazy("E-mail given"), required=False)
    message = forms.CharField(
        label=gettext_lazy("What the person asked"), widget=forms.Textarea, required=False
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the answer"), choices=RightsRequest.Language.choices
    )


@require_safe
def requests_queue(request: HttpRequest) -> HttpResponse:
    """Open requests by days left (``?all=1``: every request)."""
    show_all = request.GET.get("all") == "1"
    rows = request_rows(list(requests_for_staff(include_done=show_all)), today=timezone.localdate())
    return render(request, "web/staff/requests.html", {"rows": rows, "show_all": show_all})


@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Record a request received by phone, e-mail, letter or in person."""
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = receive_request(actor=request.user.get_username(), **form.cleaned_data)
        except RightsError as exc:
            form.add_error(None, exc.localized())
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("staff:request", pk=created.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/staff/request_new.html", {"form": form}, status=status)


@require_safe
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rights_request = get_object_or_404(
        RightsRequest.objects.select_related("subject", "assigned_to"), pk=pk
    )
    row = request_rows([rights_request], today=timezone.localdate())[0]
    records = (
        list(Record.objects.filter(subject=rights_request.subject).order_by("data_category"))
        if rights_request.subject_id and rights_request.kind == RightsRequest.Kind.RECTIFICATION
        else []
    )
    return render(
        request,
        "web/staff/request.html",
        {
            "rq": rights_request,
            "row": row,
            "steps": [
                (step, shown_step_text(step.text))
                for step in rights_request.steps.order_by("at", "id")
            ],
            "documents": rights_request.documents.order_by("id"),
            "proposals": rights_request.rectifications.order_by("id"),
            "records": records,
            "close_outcomes": [(o, CHOICE_LABELS.get(o, o)) for o in CLOSE_OUTCOMES],
            "notice_ways": [(w, CHOICE_LABELS.get(w, w)) for w in NOTICE_WAYS],
        },
    )


def _verify(actor: str, rq: RightsRequest, data: Any) -> str:
    verify_identity(
        actor=actor, rights_request=rq, how=data.get("how", ""), email=data.get("email") or None
    )
    return _("The identity is recorded as verified.")


def _extend(actor: str, rq: RightsRequest, data: Any) -> str:
    months = data.get("months", "")
    extend_deadline(
        actor=actor,
        rights_request=rq,
        months=int(months) if months.isdigit() else 0,
        reason=data.get("reason", ""),
        notice=data.get("notice", "email"),
    )
    return _("The deadline is extended and the notice recorded.")


def _execute(actor: str, rq: RightsRequest, data: Any) -> str:
    try:
        execute_request(
            actor=actor,
            rights_request=rq,
            objection=data.get("objection") or "direct_marketing",
            decision=data.get("decision", ""),
            reason=data.get("reason", ""),
        )
    except PdfUnavailable as exc:
        raise RightsError(str(exc)) from None
    return _("The request is carried out; its answer files are ready.")


def _propose(actor: str, rq: RightsRequest, data: Any) -> str:
    record_id = data.get("record", "")
    record = Record.objects.filter(
        pk=int(record_id) if record_id.isdigit() else 0, subject=rq.subject
    ).first()
    if record is None:
        raise RightsError(gettext_lazy("record: choose one of the person's records"))
    propose_rectification(
        actor=actor, rights_request=rq, record=record, value=data.get("value", "")
    )
    return _("The correction is proposed for review.")


def _decide(actor: str, rq: RightsRequest, data: Any) -> str:
    proposal_id = data.get("proposal", "")
    proposal = RectificationProposal.objects.filter(
        pk=int(proposal_id) if proposal_id.isdigit() else 0, request=rq
    ).first()
    if proposal is None:
        raise RightsError(gettext_lazy("proposal: no such proposal for this request"))
    decide_rectification(
        actor=actor,
        proposal=proposal,
        accept=data.get("accept") == "yes",
        reason=data.get("reason", ""),
    )
    return _("The decision is recorded.")


def _answer(actor: str, rq: RightsRequest, data: Any) -> str:
    answer_request(actor=actor, rights_request=rq, delivery=data.get("delivery", "link"))
    return _("The answer is delivered.")


def _close(actor: str, rq: RightsRequest, data: Any) -> str:
    close_request(
        actor=actor,
        rights_request=rq,
        outcome=data.get("outcome", ""),
        note=data.get("note", ""),
    )
    return _("The request is closed.")


def _note(actor: str, rq: RightsRequest, data: Any) -> str:
    add_note(actor=actor, rights_request=rq, text=data.get("text", ""))
    return _("The note is added.")


STEPS: dict[str, Callable[[str, RightsRequest, Any], str]] = {
    "verify": _verify,
    "extend": _extend,
    "execute": _execute,
    "propose": _propose,
    "decide": _decide,
    "answer": _answer,
    "close": _close,
    "note": _note,
}


@require_POST
def request_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Take one step (``step`` in the form) and go back to the request."""
    rights_request = get_object_or_404(RightsRequest, pk=pk)
    handler = STEPS.get(request.POST.get("step", ""))
    if handler is None:
        messages.error(request, _("Unknown step."))
        return redirect("staff:request", pk=pk)
    try:
        done = handler(request.user.get_username(), rights_request, request.POST)
    except RightsError as exc:
        messages.error(request, exc.localized())
    else:
        messages.success(request, done)
    return redirect("staff:request", pk=pk)
