"""Retention: what the next sweep will erase, and the last sweeps' results."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from persondata.documents.retention_wording import describe_rule
from persondata.policy.queries import current_declaration
from persondata.retention.models import SweepRun
from persondata.retention.sweep import plan

SWEEPS_SHOWN = 20


@require_safe
def retention(request: HttpRequest) -> HttpResponse:
    """The sweep plan grouped by activity and rule (rule in words), then past sweeps."""
    lang = getattr(request, "LANGUAGE_CODE", "da")
    declaration = current_declaration()
    found = plan()
    groups = []
    for group in found.groups:
        activity = declaration.activities.get(group.activity) if declaration else None
        rule = ""
        index = group.rule_index
        if (
            declaration is not None
            and activity is not None
            and index is not None
            and index < len(activity.retention)
        ):
            rule = describe_rule(activity.retention[index], lang, declaration, activity=activity)
        groups.append(
            {
                "activity": activity.name.get(lang) if activity else group.activity,
                "key": group.activity,
                "rule": rule,
                "records": group.records,
            }
        )
    sweeps = SweepRun.objects.order_by("-started_at", "-id")[:SWEEPS_SHOWN]
    return render(
        request,
        "web/staff/retention.html",
        {"plan": found, "groups": groups, "sweeps": sweeps},
    )
