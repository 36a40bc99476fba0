"""Open rights requests for the dashboard and the queue, with days left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from persondata.rights.models import RightsRequest
from persondata.rights.queries import open_requests, urgency

# Urgency levels of rights.queries, as the CSS classes that highlight them.
_HIGHLIGHT = {"overdue": "overdue", "due_today": "near-due", "near_due": "near-due"}


@dataclass(frozen=True)
class RequestRow:
    request: RightsRequest
    deadline: date
    days_left: int
    level: str  # rights.queries.urgency's word
    highlight: str  # "overdue", "near-due" or ""


def request_rows(requests: list[RightsRequest], *, today: date) -> list[RequestRow]:
    """``requests`` with their deadline and urgency, fewest days left first."""
    rows = []
    for rights_request in requests:
        found = urgency(rights_request, today=today)
        rows.append(
            RequestRow(
                request=rights_request,
                deadline=rights_request.deadline,
                days_left=found.days_left,
                level=found.level,
                highlight=_HIGHLIGHT.get(found.level, ""),
            )
        )
    rows.sort(key=lambda row: (row.level == "done", row.days_left, row.request.pk))
    return rows


def open_request_rows(*, today: date) -> list[RequestRow]:
    """Every open request, fewest days left first (overdue ones first of all)."""
    return request_rows(list(open_requests()), today=today)
