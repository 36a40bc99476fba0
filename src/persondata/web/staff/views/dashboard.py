"""The staff dashboard: what needs attention today."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from persondata.audit.queries import last_verification
from persondata.policy.queries import current_declaration
from persondata.retention.reviews import overdue_reviews
from persondata.subjects.models import LegalHold
from persondata.web.staff.erasure_chart import render_chart
from persondata.web.staff.erasure_schedule import erasure_schedule
from persondata.web.staff.request_queue import open_request_rows

HOLDS_SHOWN = 20


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open requests by days left, scheduled erasures, the review queue, legal
    holds and the audit trail's last verification."""
    today = timezone.localdate()
    declaration = current_declaration()
    lang = request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "da"
    schedule = erasure_schedule(today=today)
    labels = (
        {key: a.name.get(lang) for key, a in declaration.activities.items()} if declaration else {}
    )
    chart = render_chart(
        weeks=schedule.weeks,
        activities=schedule.activities,
        counts=schedule.counts,
        labels=labels,
        title=_("Scheduled erasures per week, next 12 months"),
        description=_("%(total)d records are scheduled for erasure, stacked by activity.")
        % {"total": schedule.total},
    )
    holds = LegalHold.objects.active_on(today).select_related("subject").order_by("starts_on")
    user = request.user
    context = {
        "today": today,
        "requests": open_request_rows(today=today)
        if user.has_perm("accounts.view_requests")
        else [],
        "chart": chart,
        "schedule": schedule,
        "schedule_rows": [
            (
                week,
                [
                    (labels.get(a, a), schedule.counts.get((week, a), 0))
                    for a in schedule.activities
                ],
            )
            for week in schedule.weeks
            if any(schedule.counts.get((week, a)) for a in schedule.activities)
        ],
        "schedule_headers": [labels.get(a, a) for a in schedule.activities],
        "review_count": len(overdue_reviews(declaration, today=today)) if declaration else 0,
        "hold_count": holds.count(),
        "holds": list(holds[:HOLDS_SHOWN]),
        "verification": last_verification(),
    }
    return render(request, "web/staff/dashboard.html", context)
