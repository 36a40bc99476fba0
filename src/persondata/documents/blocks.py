"""The building blocks of a generated document, independent of its output format.

The privacy policy is built once as these blocks (plain text, never markup)
and then written as HTML, Markdown or PDF by templates that escape every
piece of text. Each block names its ``kind`` so a template can choose how
to draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

# Terms longer than this (activity names) are set above their values, not beside them.
LONG_TERM = 20


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``notice`` marks text the law wants shown apart (Art. 21(4))."""

    text: str
    notice: bool = False
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class Items:
    """A bulleted list."""

    items: tuple[str, ...]
    kind: ClassVar[str] = "items"


@dataclass(frozen=True)
class Fact:
    """One term and its value; ``href`` makes the value a link (mailto:, https:)."""

    term: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class Facts:
    """A list of terms and values (contact details, per-activity statements)."""

    facts: tuple[Fact, ...]
    kind: ClassVar[str] = "facts"

    @property
    def long_terms(self) -> bool:
        """True when a term is too long to stand in a column beside its value."""
        return any(len(fact.term) > LONG_TERM for fact in self.facts)


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    kind: ClassVar[str] = "table"


@dataclass(frozen=True)
class Part:
    """A sub-section with its own heading (one level below its section)."""

    title: str
    blocks: tuple[Block, ...]
    kind: ClassVar[str] = "part"


Block = Paragraph | Items | Facts | Table | Part


@dataclass(frozen=True)
class Section:
    """A headed section; ``key`` is its anchor, ``gdpr`` the provision it answers."""

    key: str
    title: str
    gdpr: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def href_for_email(address: str) -> str:
    """A ``mailto:`` link for ``address``."""
    return f"mailto:{address}"


def href_for_website(address: str) -> str:
    """A link for a website given with or without its scheme."""
    if address.startswith(("https://", "http://")):
        return address
    return f"https://{address}"
