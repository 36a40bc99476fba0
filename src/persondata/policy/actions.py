"""State changes of the declaration; each writes its audit entry in the same transaction."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.policy.loader import LoadResult, load_file
from persondata.policy.models import DeclarationVersion


class DeclarationRejected(Exception):
    """The file has errors; nothing was applied."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__(f"{result.file}: {len(result.errors)} error(s); nothing was applied")
        self.result = result


def apply_declaration(
    *, path: str | Path, actor: User | None = None, actor_label: str = ""
) -> tuple[DeclarationVersion, bool]:
    """Store the declaration at ``path`` as a new numbered version.

    Returns the version and whether it is new: applying a text identical to
    the current version changes nothing and returns that version. Raises
    DeclarationRejected when the file has any error, before anything is
    written.
    """
    result = load_file(path)
    if not result.ok:
        raise DeclarationRejected(result)
    digest = hashlib.sha256(result.text.encode("utf-8")).hexdigest()
    with transaction.atomic():
        current = DeclarationVersion.objects.select_for_update().order_by("-number").first()
        if current is not None and current.sha256 == digest:
            return current, False
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
            },
        )
    return version, True
