"""Verifying the audit trail from the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from persondata.audit.actions import record_verification
from persondata.audit.queries import verify_chain


@require_POST
def audit_verify(request: HttpRequest) -> HttpResponse:
    """Walk the whole chain now and record the result (as ``persondata audit verify``)."""
    verification = verify_chain()
    record_verification(verification=verification, actor=request.user.get_username())
    if verification.ok:
        messages.success(
            request,
            _("The audit trail is intact (%(n)d entries).") % {"n": verification.verified},
        )
    else:
        messages.error(request, _("The audit trail is BROKEN; see the dashboard."))
    return redirect("staff:dashboard")
