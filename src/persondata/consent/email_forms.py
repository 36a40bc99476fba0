"""Whether text can be an e-mail address, one at a time or a list at once.

``looks_like_email`` is the rule: at most 254 characters, one "@" with
something before it, a "." somewhere after it, no space or control
character, encodable as UTF-8 (``EMAIL`` in full, decided mostly with
string methods). The list forms give the same result for a whole chunk of
a mailing list with a handful of C loops instead of a Python call per
address, and say "cannot tell" (None, False) when a chunk holds anything
unusual, so the caller checks that chunk one address at a time.
"""

from __future__ import annotations

import re
from itertools import repeat

# One "@", something before it, a "." somewhere after it; no second "@",
# space or control character anywhere.
EMAIL = re.compile(r"[^@ \x00-\x1f\x7f]+@[^@ \x00-\x1f\x7f]*\.[^@ \x00-\x1f\x7f]*")
MAX_LENGTH = 254
# What str.strip() removes from ASCII text, but the line break that joins a chunk.
_ASCII_SPACE = " \t\x0b\x0c\r\x1c\x1d\x1e\x1f"
_PRINTABLE = bytes(range(0x20, 0x7F))


def looks_like_email(text: str) -> bool:
    """True if ``text`` (already trimmed and in lower case) can be an e-mail address."""
    if len(text) > MAX_LENGTH or text.count("@") != 1 or " " in text:
        return False
    at = text.index("@")
    if at == 0 or "." not in text[at:]:
        return False
    if not text.isprintable() and not EMAIL.fullmatch(text):
        return False
    return encodable(text)


def encodable(text: str) -> bool:
    """False for text with a lone surrogate (possible in JSON input), which
    cannot be stored or sent to the database; no registered address has one."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def trimmed_lower(chunk: list[str]) -> list[str]:
    """``address.strip().lower()`` of each address. A chunk of plain ASCII
    with no space or line break inside an address (a normal mailing list)
    is done in one pass over the joined text."""
    joined = "\n".join(chunk)
    if (
        joined.isascii()
        and joined.count("\n") == len(chunk) - 1
        and not any(space in joined for space in _ASCII_SPACE)
    ):
        return joined.lower().split("\n")
    return [address.strip().lower() for address in chunk]


def all_look_like_emails(texts: list[str]) -> bool:
    """True if ``looks_like_email`` holds for every one of ``texts``; False
    if it may not for some (check those one at a time)."""
    if not texts:
        return True
    if max(map(len, texts)) > MAX_LENGTH:
        return False
    if list(map(str.count, texts, repeat("@"))).count(1) != len(texts):
        return False
    ats = list(map(str.find, texts, repeat("@")))
    if 0 in ats or -1 in map(str.find, texts, repeat("."), ats):
        return False
    joined = "\n".join(texts)
    if " " in joined or not joined.isascii():
        return False
    # Only the line breaks that join them may be left of ASCII that is not printable.
    return len(joined.encode("ascii").translate(None, _PRINTABLE)) == len(texts) - 1
