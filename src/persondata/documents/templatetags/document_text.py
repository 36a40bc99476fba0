"""Template filters for documents written as Markdown.

Markdown treats some characters as markup and passes HTML through; text
from the declaration must stay text, so ``md`` escapes both.
"""

from __future__ import annotations

import re

from django import template

register = template.Library()

# Characters that are markup anywhere in a line (emphasis, code, links, tables, strike).
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# What is markup only at the start of a line: headings, quotes, lists, rules.
_LEADING = re.compile(r"^(\d*)([#>+=.)-])")


@register.filter
def md(value: object) -> str:
    """``value`` as literal Markdown text: markup characters escaped, ``<`` and ``&`` as entities.

    Line breaks become spaces, so that a label cannot start a heading or a list.
    """
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _INLINE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
