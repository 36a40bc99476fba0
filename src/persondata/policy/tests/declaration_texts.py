"""Declaration texts for the policy tests: the demo and reference files, and
small edits of the demo's text that the tests derive broken variants from."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from persondata.policy.loader import LoadResult, Problem, load_text
from persondata.policy.schema import Declaration

CHECKOUT = Path(__file__).resolve().parents[4]
DEMO = CHECKOUT / "examples" / "demo.yaml"
# The shared reference declaration; .ci/run requires the shared folder beside the checkout.
REFERENCE = CHECKOUT.parent / "shared" / "examples" / "eksempel.yaml"


def demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


def edited(old: str, new: str, text: str | None = None) -> str:
    """``text`` (the demo by default) with ``old``, which must occur exactly once, replaced."""
    source = demo_text() if text is None else text
    count = source.count(old)
    assert count == 1, f"{old!r} occurs {count} times in the text; make it unique"
    return source.replace(old, new)


def position_of(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of the ``^^`` mark in ``needle`` (or of its start),
    where ``needle`` without the mark occurs exactly once in ``text``."""
    plain = needle.replace("^^", "")
    assert text.count(plain) == 1, f"{plain!r} must occur exactly once"
    index = text.index(plain) + max(needle.find("^^"), 0)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def check(text: str) -> LoadResult:
    return load_text(text, file="demo.yaml")


def only_error(result: LoadResult) -> Problem:
    """The single error of ``result``; fails listing all problems otherwise."""
    assert len(result.errors) == 1, [str(p) for p in result.problems]
    assert result.declaration is None
    return result.errors[0]


@cache
def demo_declaration() -> Declaration:
    """The demo declaration, checked once (declarations are immutable)."""
    declaration = check(demo_text()).declaration
    assert declaration is not None
    return declaration
