"""Retention over HTTP: the sweep's plan (a dry run) and the review queue.

Nothing here erases: the sweep itself runs from the CLI or the worker,
under its lock, so that an HTTP timeout can never cut it short.
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest
from ninja import Query, Router

from persondata.api.auth import READ
from persondata.api.schemas import (
    Error,
    PlanGroupOut,
    PlanOut,
    PlanQuery,
    ReviewOut,
    ReviewQuery,
)
from persondata.policy.queries import current_declaration
from persondata.policy.schema import Declaration, KeepRule
from persondata.retention import sweep
from persondata.retention.reviews import overdue_reviews
from persondata.subjects.checks import require_declaration

router = Router(tags=["retention"])

ERRORS: dict[int, type[Error]] = {401: Error, 403: Error, 422: Error}


def rule_definition(
    declaration: Declaration | None, activity: str, rule_index: int | None
) -> dict[str, object] | None:
    """The retention rule as declared, in the declaration's own words, or
    None when the activity or the rule no longer exists (declaration changed)."""
    if declaration is None or rule_index is None or activity not in declaration.activities:
        return None
    rules = declaration.activities[activity].retention
    if not 0 <= rule_index < len(rules):
        return None
    rule = rules[rule_index]
    shown: dict[str, object]
    if isinstance(rule, KeepRule):
        shown = {"keep": str(rule.keep), "after": rule.after}
        if rule.until_end_of is not None:
            shown["until_end_of"] = rule.until_end_of
        if rule.extend is not None:
            shown["extend"] = {"by": str(rule.extend.by), "consent": rule.extend.consent}
    else:
        shown = {"on": rule.on, "within": str(rule.within)}
    if rule.subjects is not None:
        shown["subjects"] = list(rule.subjects)
    if rule.data is not None:
        shown["data"] = list(rule.data)
    return shown


@router.get("/plan", response={200: PlanOut, **ERRORS}, auth=READ)
def retention_plan(request: HttpRequest, query: Query[PlanQuery]) -> PlanOut:
    """What a sweep on ``as_of`` (default today) would erase, grouped by activity
    and retention rule, with a few examples each (record ids, never values)."""
    result = sweep.plan(as_of=query.as_of)
    declaration = current_declaration()
    return PlanOut(
        as_of=result.as_of,
        records=result.records,
        subjects=result.subjects,
        groups=[
            PlanGroupOut(
                activity=group.activity,
                rule=group.rule_index,
                rule_definition=rule_definition(declaration, group.activity, group.rule_index),
                records=group.records,
                examples=group.examples,
            )
            for group in result.groups
        ],
    )


@router.get("/reviews", response={200: list[ReviewOut], **ERRORS}, auth=READ)
def retention_reviews(request: HttpRequest, query: Query[ReviewQuery]) -> list[ReviewOut]:
    """Records past their activity's ``review_every``, the most overdue first.
    422 before a declaration has been applied."""
    rows = overdue_reviews(require_declaration(), limit=query.limit)
    return [
        ReviewOut(
            record_id=row.record_id,
            subject_key=uuid.UUID(row.subject_key),
            activity=row.activity,
            data_category=row.data_category,
            last_confirmed=row.last_confirmed,
            review_due=row.review_due,
            action=row.action,
        )
        for row in rows
    ]
