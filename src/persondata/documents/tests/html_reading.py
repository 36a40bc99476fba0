"""Reading generated HTML in tests: a strict parse, sections and their text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import html5lib


def parse_strict(html: str) -> ET.Element:
    """The document tree; html5lib's strict parser raises on any parse error."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(html)


def text_of(element: ET.Element | None) -> str:
    """All text inside ``element``, with whitespace collapsed; fails the test for None."""
    assert element is not None, "the element is missing"
    return " ".join("".join(element.itertext()).split())


def section(root: ET.Element, key: str) -> ET.Element | None:
    """The top-level policy section with id ``key``, or None."""
    return root.find(f".//section[@id='{key}']")


def section_text(root: ET.Element, key: str) -> str:
    found = section(root, key)
    assert found is not None, f"the policy has no section '{key}'"
    return text_of(found)


def parts(element: ET.Element | None) -> dict[str, str]:
    """The sub-sections (h3) inside ``element``: heading text -> text of the sub-section."""
    assert element is not None, "the section is missing"
    found = {}
    for part in element.iter("section"):
        if part.get("class") != "part":
            continue
        heading = part.find("h3")
        assert heading is not None
        found[text_of(heading)] = text_of(part)
    return found


def headings(root: ET.Element) -> list[tuple[int, str]]:
    """Every h1-h6 in document order, as (level, text)."""
    return [
        (int(element.tag[1]), text_of(element))
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    ]
