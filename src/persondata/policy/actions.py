"""State changes of the declaration; each writes its audit entry in the same transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.policy.loader import LoadResult, Problem, load_file
from persondata.policy.models import DeclarationVersion


class DeclarationRejected(Exception):
    """The file has errors, or drops activities that hold data; nothing was applied.

    ``removed_in_use`` names each activity the file drops while the register
    still holds purpose links to it, with how many links. It is empty when
    the file itself has errors (the register is then not looked at); when it
    is not empty, the file has no other error.
    """

    def __init__(self, result: LoadResult, removed_in_use: dict[str, int] | None = None) -> None:
        super().__init__(f"{result.file}: {len(result.errors)} error(s); nothing was applied")
        self.result = result
        self.removed_in_use = dict(removed_in_use or {})


def _removed_activities_in_use(result: LoadResult, current: DeclarationVersion) -> dict[str, int]:
    """Activities of the current version that ``result`` drops while the
    register still holds purpose links to them, with how many."""
    from persondata.policy.queries import declaration_of
    from persondata.subjects.models import PurposeLink

    if result.declaration is None:
        return {}
    removed = set(declaration_of(current).activities) - set(result.declaration.activities)
    if not removed:
        return {}
    rows = (
        PurposeLink.objects.filter(activity__in=sorted(removed))
        .values_list("activity")
        .annotate(n=Count("id"))
        .order_by("activity")
    )
    return {activity: n for activity, n in rows if n}


def _refuse_removal(result: LoadResult, in_use: dict[str, int]) -> None:
    line = next(
        (n for n, text in enumerate(result.text.splitlines(), 1) if text.startswith("activities:")),
        1,
    )
    for key, count in in_use.items():
        result.problems.append(
            Problem(
                "error",
                f"the activity '{key}' is no longer declared, but {count} purpose link(s) in "
                "the register hold data for it: applying would make that data due for "
                "erasure at once. Keep the activity (or its key), or allow its removal to let "
                "that data be erased",
                result.file,
                line,
                1,
                path=f"activities.{key}",
            )
        )
    raise DeclarationRejected(result, in_use)


def apply_declaration(
    *,
    path: str | Path,
    actor: User | None = None,
    actor_label: str = "",
    allow_removal: bool = False,
    allow_removal_of: Collection[str] = (),
) -> tuple[DeclarationVersion, bool]:
    """Store the declaration at ``path`` as a new numbered version.

    Returns the version and whether it is new: applying a text identical to
    the current version changes nothing and returns that version. Raises
    DeclarationRejected when the file has any error, before anything is
    written, and when it drops an activity the register still holds data
    for (that data would be due for erasure at once) unless ``allow_removal``,
    or unless every such activity is in ``allow_removal_of``: a confirmation
    given for the activities a person was shown does not cover another one.
    """
    result = load_file(path)
    if not result.ok:
        raise DeclarationRejected(result)
    digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        current = DeclarationVersion.objects.select_for_update().order_by("-number").first()
        if current is not None and current.sha256 == digest:
            return current, False
        in_use = _removed_activities_in_use(result, current) if current is not None else {}
        if not allow_removal and not set(in_use) <= set(allow_removal_of):
            _refuse_removal(result, in_use)
        label = actor_label or (actor.get_username() if actor is not None else "system")
        version = DeclarationVersion.objects.create(
            number=(current.number + 1) if current else 1,
            text=result.text,
            sha256=digest,
            source_name=Path(path).name,
            applied_at=timezone.now(),
            applied_by=actor if actor is not None and actor.pk else None,
            applied_by_label=label,
        )
        write_audit_entry(
            action="policy.apply",
            actor=label,
            object_type="declaration",
            object_id=str(version.number),
            details={
                "sha256": digest,
                "previous": current.number if current else None,
                "warnings": len(result.warnings),
                "removed_activities_in_use": in_use,
            },
        )
    return version, True
