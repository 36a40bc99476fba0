"""Storing answer documents encrypted, reading them back, and bundling them.

An answer holds a copy of the person's data, sensitive values included, so
its files are stored as AES-GCM ciphertext under the field keys
(``settings.FIELD_ENCRYPTION_KEYS``), bound to the request and the file
name. Only the bundle that is delivered carries a download token, and only
the token's SHA-256 is stored.
"""

from __future__ import annotations

import base64
import hashlib
import io
import secrets
import zipfile

from django.utils import timezone

from persondata.lib.crypto import decrypt, encrypt
from persondata.rights.models import AnswerDocument, RightsRequest
from persondata.subjects.sensitive import key_ring

# A fixed time for the files inside a zip, so that equal content gives equal bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def answer_context(request_id: int, name: str) -> str:
    """The associated data an answer file is encrypted with (also for key rotation)."""
    return f"answer|{request_id}|{name}"


def store_document(
    rights_request: RightsRequest, *, name: str, fmt: str, content: bytes, bundle: bool = False
) -> AnswerDocument:
    """Save one file of the request's answer, encrypted. The caller holds the transaction."""
    sealed = encrypt(
        base64.b64encode(content).decode("ascii"),
        associated=answer_context(rights_request.pk, name),
        ring=key_ring(),
    )
    return AnswerDocument.objects.create(
        request=rights_request,
        name=name,
        format=fmt,
        content=sealed,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        created_at=timezone.now(),
        is_bundle=bundle,
    )


def read_document(document: AnswerDocument) -> bytes:
    """The file's bytes. Raises ValueError when its content was already removed,
    and persondata.lib.crypto.CryptoError when it cannot be decrypted."""
    if not document.content:
        raise ValueError(
            f"the content of answer document {document.pk} ({document.name}) was removed "
            "after delivery"
        )
    text = decrypt(
        document.content,
        associated=answer_context(document.request_id, document.name),
        ring=key_ring(),
    )
    return base64.b64decode(text)


def zip_files(files: list[tuple[str, bytes]]) -> bytes:
    """``files`` (name, bytes) as one zip archive, in the order given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def new_token() -> tuple[str, str]:
    """A fresh download token and the SHA-256 that is stored in its place."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    """The stored form of a download token (tokens are random, so a plain hash suffices)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
