"""The applied declaration in words, for ``persondata policy show``."""

from __future__ import annotations

from persondata.policy.models import DeclarationVersion
from persondata.policy.schema import Declaration


def summarize(declaration: Declaration, *, version: DeclarationVersion, lang: str) -> str:
    lines = [
        f"{declaration.controller.name} — declaration version {version.number} "
        f"(applied {version.applied_at:%Y-%m-%d %H:%M} by {version.applied_by_label})",
        "",
    ]
    for key, activity in declaration.activities.items():
        lines.append(f"{activity.name.get(lang)} [{key}]")
        lines.append(f"  legal bases: {', '.join(activity.legal_bases)}")
        lines.append(f"  retention rules: {len(activity.retention)}")
    return "\n".join(lines)
