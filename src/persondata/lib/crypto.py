"""Field encryption with AES-GCM under a key ring, and keyed digests.

A key ring is an ordered list of (key id, 32-byte key); the first key is the
current one and encrypts every new value, the others only decrypt values
written before a rotation. The text form of a ring, as configured, is
``id1:BASE64KEY,id0:BASE64KEY`` (commas or new lines between entries).

A ciphertext is stored as text: ``v1:<key id>:<nonce>:<ciphertext>``, the
last two in base64, the ciphertext carrying GCM's 16-byte tag. The caller
gives associated data (for example the subject's key and the data category)
that is authenticated but not stored, so a value copied to another row or
category no longer decrypts.

This module knows nothing of Django; settings turn its errors into
configuration errors.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
_KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class CryptoError(ValueError):
    """A key ring, ciphertext or key that cannot be used; the message never holds key material."""


@dataclass(frozen=True)
class KeyRing:
    """Keys by id, newest first. Raises CryptoError if empty, if an id is
    malformed or repeated, or if a key is not 32 bytes long."""

    keys: tuple[tuple[str, bytes], ...]

    def __post_init__(self) -> None:
        if not self.keys:
            raise CryptoError("the key ring is empty; give at least one key")
        seen: set[str] = set()
        for key_id, key in self.keys:
            if not _KEY_ID.match(key_id):
                raise CryptoError(
                    f"key id {key_id!r} is not valid: use 1-32 letters, digits, '_' or '-'"
                )
            if key_id in seen:
                raise CryptoError(f"key id {key_id!r} appears twice in the key ring")
            if len(key) != KEY_BYTES:
                raise CryptoError(
                    f"key {key_id!r} is {len(key)} bytes long; AES-256-GCM needs {KEY_BYTES}"
                )
            seen.add(key_id)

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def key(self, key_id: str) -> bytes:
        """The key with ``key_id``; CryptoError if the ring does not hold it."""
        for candidate_id, key in self.keys:
            if candidate_id == key_id:
                return key
        known = ", ".join(k for k, _ in self.keys)
        raise CryptoError(
            f"the value was encrypted under key {key_id!r}, which is not in the key ring "
            f"(known: {known}); was a retired key removed before 'persondata keys rotate' ran?"
        )

    def as_list(self) -> list[tuple[str, bytes]]:
        return list(self.keys)


def parse_key_ring(text: str) -> KeyRing:
    """Read ``id1:BASE64KEY,id0:BASE64KEY`` (commas or new lines between entries).

    Raises CryptoError naming the entry (by position and id, never its key)
    that is malformed.
    """
    entries = [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]
    keys: list[tuple[str, bytes]] = []
    for position, entry in enumerate(entries, start=1):
        key_id, sep, encoded = entry.partition(":")
        if not sep or not key_id.strip() or not encoded.strip():
            raise CryptoError(f"key entry {position} is not of the form id:base64key")
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise CryptoError(
                f"key entry {position} ({key_id.strip()!r}) is not valid base64"
            ) from None
        keys.append((key_id.strip(), key))
    return KeyRing(tuple(keys))


def new_key_entry(key_id: str | None = None) -> str:
    """A fresh random key as one ``id:base64key`` entry; the id defaults to the UTC time."""
    key_id = key_id or datetime.now(tz=UTC).strftime("k%Y%m%d%H%M%S")
    if not _KEY_ID.match(key_id):
        raise CryptoError(f"key id {key_id!r} is not valid: use 1-32 letters, digits, '_' or '-'")
    return f"{key_id}:{base64.b64encode(AESGCM.generate_key(bit_length=256)).decode('ascii')}"


def encrypt(plaintext: str, *, associated: str, ring: KeyRing) -> str:
    """Encrypt under the ring's current key, binding ``associated`` to the result."""
    key_id = ring.current_id
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(ring.key(key_id)).encrypt(
        nonce, plaintext.encode("utf-8"), associated.encode("utf-8")
    )
    return ":".join(
        (
            FORMAT_VERSION,
            key_id,
            base64.b64encode(nonce).decode("ascii"),
            base64.b64encode(sealed).decode("ascii"),
        )
    )


def key_id_of(token: str) -> str:
    """The id of the key a ciphertext was written under; CryptoError if malformed."""
    return _split(token)[0]


def decrypt(token: str, *, associated: str, ring: KeyRing) -> str:
    """The plaintext of ``token``.

    Raises CryptoError when the text is not a ciphertext of this format, when
    its key is not in the ring, or when it fails authentication: it was
    altered, or it belongs to another row or category than ``associated``
    says, or the key with its id is not the one that wrote it.
    """
    key_id, nonce, sealed = _split(token)
    try:
        plain = AESGCM(ring.key(key_id)).decrypt(nonce, sealed, associated.encode("utf-8"))
    except InvalidTag:
        raise CryptoError(
            f"a value under key {key_id!r} failed authentication: it was altered, moved "
            "from another record, or the key with that id is not the one that encrypted it"
        ) from None
    return plain.decode("utf-8")


def reencrypt(token: str, *, associated: str, ring: KeyRing) -> str:
    """``token`` under the current key (unchanged if it already is); errors as decrypt."""
    if key_id_of(token) == ring.current_id:
        return token
    return encrypt(
        decrypt(token, associated=associated, ring=ring), associated=associated, ring=ring
    )


def keyed_digest(value: str, *, key: str) -> str:
    """HMAC-SHA256 of ``value`` as 64 hex digits: equal values give equal digests,
    but without the key a digest cannot be tested against guesses."""
    return hmac.new(key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()


def _split(token: str) -> tuple[str, bytes, bytes]:
    parts = token.split(":")
    if len(parts) != 4:
        raise CryptoError("the stored value is not a ciphertext (expected v1:key:nonce:data)")
    version, key_id, nonce_text, sealed_text = parts
    if version != FORMAT_VERSION:
        raise CryptoError(
            f"ciphertext format {version!r} is not known to this version (expected "
            f"{FORMAT_VERSION!r})"
        )
    try:
        nonce = base64.b64decode(nonce_text, validate=True)
        sealed = base64.b64decode(sealed_text, validate=True)
    except (binascii.Error, ValueError):
        raise CryptoError(f"a ciphertext under key {key_id!r} is not valid base64") from None
    if len(nonce) != NONCE_BYTES or len(sealed) < 16:
        raise CryptoError(f"a ciphertext under key {key_id!r} is truncated")
    return key_id, nonce, sealed
