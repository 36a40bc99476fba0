"""API key tokens and scopes; no database.

A token is 32 bytes from ``secrets`` written as URL-safe base64 (43
characters). Only its SHA-256 is stored. A slow password hash (argon2) is
not needed here and would only cost time: it protects low-entropy
passwords against guessing, while guessing one of 2**256 tokens from its
SHA-256 is infeasible. A fast hash also lets every API request find its
key with one indexed lookup instead of an argon2 verification per request.

The first 8 characters of the token are its *prefix*: stored in clear,
shown in listings and used to revoke a key, never enough to use it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable

TOKEN_BYTES = 32
TOKEN_LENGTH = 43  # len(base64url(32 bytes)) without padding
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 100
# The scopes, in the order they are listed. They do not imply each other:
# a key that may erase may not read unless it also has `read`.
SCOPES = ("read", "write", "erase")
SCOPE_HELP = {
    "read": "read subjects, records, events, relationships, holds and the retention plan, "
    "including sensitive values on request (each reading audited)",
    "write": "create and change subjects, records, events, relationships and legal holds",
    "erase": "erase a data subject and everything held about them (Art. 17)",
}

_TOKEN_SHAPE = re.compile(rf"^[A-Za-z0-9_-]{{{TOKEN_LENGTH}}}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class ApiKeyError(ValueError):
    """Input for an API key that is refused; nothing was written."""


def new_token() -> str:
    """A fresh random token (shown to its owner once, never stored).

    Never starts with "-": its prefix is typed on command lines
    (``persondata apikeys revoke PREFIX``), where it would read as an
    option. Drawing again in that case costs under 0.03 bits of entropy.
    """
    while True:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        if not token.startswith("-"):
            return token


def token_prefix(token: str) -> str:
    """The part of a token that may be stored and shown (its first 8 characters)."""
    return token[:PREFIX_LENGTH]


def hash_token(token: str) -> str:
    """The SHA-256 of the token as 64 hexadecimal digits (what is stored)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def looks_like_token(text: str) -> bool:
    """True if ``text`` has the shape of a token (43 URL-safe base64 characters);
    anything else is refused without a database query."""
    return bool(_TOKEN_SHAPE.match(text))


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes without repeats, in the order of SCOPES.

    Raises ApiKeyError for an unknown scope or when none is given: a key
    that may do nothing is a mistake.
    """
    given = [str(scope).strip().lower() for scope in scopes]
    unknown = [scope for scope in given if scope not in SCOPES]
    if unknown:
        raise ApiKeyError(
            f"scopes: {', '.join(repr(s) for s in unknown)} is not a scope; "
            f"choose from {', '.join(SCOPES)}"
        )
    if not given:
        raise ApiKeyError(f"scopes: give at least one of {', '.join(SCOPES)}")
    return [scope for scope in SCOPES if scope in given]


def clean_name(name: str) -> str:
    """The key's name without surrounding spaces.

    Raises ApiKeyError when it is empty, longer than 100 characters, or
    holds control characters (names are printed in terminal tables).
    """
    text = name.strip()
    if not text:
        raise ApiKeyError("name: is required (say who or what uses the key, e.g. 'crm-sync')")
    if len(text) > NAME_MAX_LENGTH:
        raise ApiKeyError(f"name: is longer than {NAME_MAX_LENGTH} characters")
    if _CONTROL.search(text):
        raise ApiKeyError("name: must not contain control characters")
    return text
