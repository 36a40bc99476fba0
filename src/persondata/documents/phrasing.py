"""Small rules of written Danish and English that every generated document follows.

Lists are joined the way each language joins them ("a, b og c" / "a, b and
c"), the company's own labels are quoted with the language's quotation
marks, and a label used inside a sentence loses its capital first letter
unless it is an abbreviation ("CPR-nummer" and "IP address" keep theirs).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _


def join_words(items: Iterable[str]) -> str:
    """Join ``items`` as a sentence lists them in the active language.

    An empty iterable gives the empty string; one item is returned as is.
    """
    words = [item for item in items if item]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    # Translators: joins the last two items of a list, "a, b and c".
    return _("%(first)s and %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


def lower_first(text: str) -> str:
    """``text`` with its first letter in lower case, unless the first word is an abbreviation.

    "Kunder" becomes "kunder"; "CPR-nummer", "IP-adresse" and "HubSpot" stay.
    """
    if not text or not text[0].isupper():
        return text
    first_word = text.split(" ", 1)[0]
    # An abbreviation or a name written with inner capitals keeps its case.
    if len(first_word) > 1 and any(char.isupper() for char in first_word[1:]):
        return text
    return text[0].lower() + text[1:]


def upper_first(text: str) -> str:
    """``text`` with its first letter in upper case (the rest unchanged)."""
    return text[:1].upper() + text[1:]


def quote(text: str) -> str:
    """``text`` in the active language's quotation marks: »…« in Danish, “…” in English."""
    # Translators: quotation marks around a name the company chose, e.g. »Nyhedsbrev«.
    return _("“%(text)s”") % {"text": text}


def sentence(text: str) -> str:
    """``text`` as a sentence: capital first letter and a closing full stop."""
    text = text.strip()
    if not text:
        return text
    text = upper_first(text)
    return text if text[-1] in ".!?" else f"{text}."
