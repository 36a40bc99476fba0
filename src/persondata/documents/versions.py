"""Which privacy policy versions exist: one per applied declaration version.

A version's effective date is the declaration's ``effective_from`` when it
says something new, that is when it is later than the day the previous
version was applied; otherwise (no date, or a date carried over unchanged
from an earlier version) it is the day the version was applied, because
that is when the processing it describes became the company's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from persondata.documents.privacy_policy import PolicyVersion
from persondata.policy.models import DeclarationVersion
from persondata.policy.queries import declaration_of
from persondata.policy.schema import Declaration


class VersionNotFound(LookupError):
    """No applied declaration has the requested number (or none is applied at all)."""


@dataclass(frozen=True)
class PublishedVersion:
    number: int
    applied_on: date
    effective: date


def published_versions() -> list[PublishedVersion]:
    """Every policy version, newest first; empty before any declaration is applied."""
    stored = list(DeclarationVersion.objects.order_by("number"))
    result: list[PublishedVersion] = []
    previous_applied: date | None = None
    for version in stored:
        applied_on = timezone.localdate(version.applied_at)
        declared = declaration_of(version).controller.effective_from
        if declared is not None and (previous_applied is None or declared > previous_applied):
            effective = declared
        else:
            effective = applied_on
        result.append(PublishedVersion(version.number, applied_on, effective))
        previous_applied = applied_on
    result.reverse()
    return result


def policy_source(number: int | None = None) -> tuple[Declaration, PolicyVersion]:
    """The declaration of version ``number`` (the newest when None) and its version facts.

    Raises VersionNotFound when that version does not exist, or when no
    declaration has been applied yet.
    """
    versions = published_versions()
    if not versions:
        raise VersionNotFound(
            "no declaration has been applied yet; run 'persondata policy apply FILE'"
        )
    wanted = (
        versions[0] if number is None else next((v for v in versions if v.number == number), None)
    )
    if wanted is None:
        known = ", ".join(str(v.number) for v in reversed(versions))
        raise VersionNotFound(f"there is no version {number}; the versions are {known}")
    stored = DeclarationVersion.objects.get(number=wanted.number)
    return declaration_of(stored), PolicyVersion(number=wanted.number, effective=wanted.effective)
