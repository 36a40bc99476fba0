"""Rules that look across the whole declaration (SPEC section 2, lint rules).

Each finding carries the location (a path of keys and indexes) it is about,
so the loader can name the line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from persondata.policy.schema import Declaration

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    severity: Literal["error", "warning"]
    loc: Loc
    message: str
    at_key: bool = False


def lint_declaration(declaration: Declaration) -> Iterator[Finding]:
    """Yield every error and warning about ``declaration``."""
    yield from ()
