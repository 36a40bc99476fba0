"""Names of subject categories and data categories as the documents print them.

The names come from the declaration's own labels and the built-in taxonomy
(``persondata.policy.taxonomy``); this module adapts them to running text
(lower-case first letter inside a sentence) and never fails on a key the
taxonomy does not know: such a key is printed as it is, because a document
must still be produced for a stored declaration even if a later taxonomy
dropped one of its keys.
"""

from __future__ import annotations

from persondata.documents.phrasing import lower_first
from persondata.policy import taxonomy
from persondata.policy.schema import Declaration, Sensitivity


def subject_label(key: str, lang: str, declaration: Declaration) -> str:
    """The name of subject category ``key`` in ``lang`` (the key itself if nothing names it)."""
    try:
        return taxonomy.subject_label(key, lang, declaration)
    except taxonomy.UnknownKeyError:
        return key


def category_label(key: str, lang: str, declaration: Declaration) -> str:
    """The name of data category ``key`` in ``lang`` (the key itself if nothing names it)."""
    try:
        return taxonomy.category_label(key, lang, declaration)
    except taxonomy.UnknownKeyError:
        return key


def sensitivity_of(key: str, declaration: Declaration) -> Sensitivity:
    """How sensitive data category ``key`` is; ``ordinary`` for a key nothing defines."""
    try:
        return taxonomy.sensitivity_of(key, declaration)
    except taxonomy.UnknownKeyError:
        return "ordinary"


def subjects_in_text(keys: list[str], lang: str, declaration: Declaration) -> list[str]:
    """Subject category names for use inside a sentence."""
    return [lower_first(subject_label(key, lang, declaration)) for key in keys]


def categories_in_text(keys: list[str], lang: str, declaration: Declaration) -> list[str]:
    """Data category names for use inside a sentence."""
    return [lower_first(category_label(key, lang, declaration)) for key in keys]
