"""Sensitive values in the register: which are encrypted, sealing them, and audited reading.

CPR numbers and records of sensitivity national_id, confidential, special
or criminal (SPEC section 6) are stored only as AES-GCM ciphertext under the
key ring ``settings.FIELD_ENCRYPTION_KEYS``. The associated data binds a
ciphertext to its subject's key and its data category, so a value copied to
another subject or category fails to decrypt instead of being read as
someone else's. Every reading of such a value writes a
``record.read_sensitive`` audit entry naming who read it and why.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import KeyRing, decrypt, encrypt, keyed_digest
from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import sensitivity_of
from persondata.subjects.models import DataSubject, Record

ENCRYPTED_SENSITIVITIES = frozenset({"national_id", "confidential", "special", "criminal"})
CPR_FIELD = "cpr"


def key_ring() -> KeyRing:
    """The configured key ring (cached while the setting is unchanged)."""
    return _ring(tuple(settings.FIELD_ENCRYPTION_KEYS))


@lru_cache(maxsize=4)
def _ring(keys: tuple[tuple[str, bytes], ...]) -> KeyRing:
    return KeyRing(keys)


def is_encrypted_category(data_category: str, declaration: Declaration) -> bool:
    """True if values of ``data_category`` are encrypted at rest (SPEC section 6)."""
    return sensitivity_of(data_category, declaration) in ENCRYPTED_SENSITIVITIES


def record_context(subject_key: str, data_category: str) -> str:
    """The associated data that binds a record's ciphertext to its subject and category."""
    return f"record|{subject_key}|{data_category}"


def cpr_context(subject_key: str) -> str:
    """The associated data that binds a subject's encrypted CPR number to the subject."""
    return f"{CPR_FIELD}|{subject_key}"


def seal_record_value(*, subject_key: str, data_category: str, value: str) -> str:
    return encrypt(value, associated=record_context(subject_key, data_category), ring=key_ring())


def seal_cpr(*, subject_key: str, cpr: str) -> str:
    return encrypt(cpr, associated=cpr_context(subject_key), ring=key_ring())


def cpr_digest(cpr: str) -> str:
    """The keyed digest stored beside an encrypted CPR number, for exact-match search.

    ``cpr`` must be in normal form (10 digits), so that one number has one digest.
    """
    return keyed_digest(f"{CPR_FIELD}:{cpr}", key=settings.FIELD_DIGEST_KEY)


def fingerprint(value: str) -> str:
    """A short keyed fingerprint of a value for the audit trail (e.g. the old value
    of a rectified record): it shows whether two values are equal, never the value."""
    return keyed_digest(f"fingerprint:{value}", key=settings.FIELD_DIGEST_KEY)[:16]


def read_record_value(record: Record, *, actor: str, purpose: str) -> str:
    """The record's value in clear text.

    A clear value is returned as is. An encrypted one is decrypted and a
    ``record.read_sensitive`` entry (actor, purpose, record, category) is
    written to the audit trail before it is returned. Raises
    persondata.lib.crypto.CryptoError when the ciphertext cannot be
    decrypted (unknown key, altered, or moved from another row), and
    ValueError when ``purpose`` is empty: every reading needs a reason.
    """
    if record.value_encrypted is None:
        return record.value or ""
    _require_purpose(purpose)
    subject_key = str(record.subject.key)
    plain = decrypt(
        record.value_encrypted,
        associated=record_context(subject_key, record.data_category),
        ring=key_ring(),
    )
    write_audit_entry(
        action="record.read_sensitive",
        actor=actor,
        object_type="record",
        object_id=str(record.pk),
        subject_key=subject_key,
        details={"data_category": record.data_category, "purpose": purpose},
    )
    return plain


def read_subject_cpr(subject: DataSubject, *, actor: str, purpose: str) -> str | None:
    """The subject's CPR number (10 digits), or None if none is registered.

    Audited like read_record_value (``object_type`` "subject", field "cpr");
    raises the same errors.
    """
    if not subject.cpr_encrypted:
        return None
    _require_purpose(purpose)
    subject_key = str(subject.key)
    plain = decrypt(subject.cpr_encrypted, associated=cpr_context(subject_key), ring=key_ring())
    write_audit_entry(
        action="record.read_sensitive",
        actor=actor,
        object_type="subject",
        object_id=str(subject.pk),
        subject_key=subject_key,
        details={"field": CPR_FIELD, "purpose": purpose},
    )
    return plain


def _require_purpose(purpose: str) -> None:
    if not purpose.strip():
        raise ValueError("reading a sensitive value needs a purpose (why it is read)")
