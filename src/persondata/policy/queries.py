"""Read-only questions about the applied declaration."""

from __future__ import annotations

from persondata.policy.loader import load_text
from persondata.policy.models import DeclarationVersion
from persondata.policy.schema import Declaration

_cache: dict[str, Declaration] = {}


def current_version() -> DeclarationVersion | None:
    """The newest applied version, or None before any has been applied."""
    return DeclarationVersion.objects.order_by("-number").first()


def declaration_of(version: DeclarationVersion) -> Declaration:
    """The parsed declaration of a stored version (cached by its hash).

    A stored version always passed the check when it was applied; if a later
    release of persondata no longer accepts it, RuntimeError says so.
    """
    cached = _cache.get(version.sha256)
    if cached is not None:
        return cached
    result = load_text(version.text, file=f"declaration v{version.number}")
    if result.declaration is None:
        first = result.errors[0] if result.errors else None
        raise RuntimeError(f"stored declaration v{version.number} no longer loads: {first}")
    _cache[version.sha256] = result.declaration
    return result.declaration


def current_declaration() -> Declaration | None:
    """The applied declaration, or None before any has been applied."""
    version = current_version()
    return declaration_of(version) if version else None
