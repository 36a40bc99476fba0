"""Re-encrypting every value under the field keys with the current key
(``persondata keys rotate``), and counting values per key (``keys status``).

Rules: values are walked in primary-key order in batches; each batch is one
transaction that locks its rows, re-encrypts every value not under the
current key and writes a ``keys.rotate_batch`` audit entry. A value already
under the current key is left alone, so the rotation is safe to interrupt
and run again: it resumes where values still need it. A value that cannot
be decrypted (its key was removed from the ring, or it was altered) stops
the rotation with an error naming the row; its batch is rolled back, the
batches before it stay done.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import StrIndex, Substr

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import FORMAT_VERSION, CryptoError, reencrypt
from persondata.subjects.models import DataSubject, Record
from persondata.subjects.sensitive import cpr_context, key_ring, record_context

DEFAULT_BATCH = 1000
# Answer files are whole documents (a PDF is hundreds of kB): fewer per batch.
ANSWER_BATCH = 50
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class EncryptedStore:
    """One column that holds values encrypted under the field keys.

    ``context`` gives a row's associated data, or None when the value can
    no longer be read by anyone (a proposed correction whose record was
    erased): such a value is cleared by the rotation, not kept under an old
    key forever."""

    kind: str
    model: type[models.Model]
    column: str
    context: Callable[[Any], str | None]
    related: tuple[str, ...] = ()
    batch_limit: int | None = None


def encrypted_stores() -> tuple[EncryptedStore, ...]:
    """Every place the field keys encrypt: CPR numbers, sensitive records,
    proposed corrections and answer files of rights requests."""
    # The rights app builds on the register: its models are imported here,
    # when asked, so that the register does not depend on it at import time.
    from persondata.rights.answer_files import answer_context
    from persondata.rights.models import AnswerDocument, RectificationProposal
    from persondata.rights.rectification import rectification_context

    return (
        EncryptedStore("cpr", DataSubject, "cpr_encrypted", lambda row: cpr_context(str(row.key))),
        EncryptedStore(
            "records",
            Record,
            "value_encrypted",
            lambda row: record_context(str(row.subject.key), row.data_category),
            related=("subject",),
        ),
        EncryptedStore(
            "rectifications",
            RectificationProposal,
            "value_encrypted",
            lambda row: (
                None
                if row.record_id is None
                else rectification_context(row.request_id, row.record_id)
            ),
        ),
        EncryptedStore(
            "answers",
            AnswerDocument,
            "content",
            lambda row: answer_context(row.request_id, row.name),
            batch_limit=ANSWER_BATCH,
        ),
    )


@dataclass
class RotationReport:
    current_key: str
    reencrypted: Counter[str] = field(default_factory=Counter)
    cleared: Counter[str] = field(default_factory=Counter)
    batches: int = 0


def rotate_keys(
    *, actor: str, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> RotationReport:
    """Re-encrypt every value of every encrypted store not under the current key.

    Returns how many values of each kind were re-encrypted (and how many
    unreadable proposed corrections were cleared). Raises CryptoError
    naming the row whose value cannot be decrypted, and ValueError for a
    batch size below 1.
    """
    if batch_size < 1:
        raise ValueError("--batch must be at least 1")
    ring = key_ring()
    report = RotationReport(current_key=ring.current_id)
    current_prefix = f"{FORMAT_VERSION}:{ring.current_id}:"
    for store in encrypted_stores():
        column = store.column
        stale = (
            store.model._default_manager.exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .exclude(**{f"{column}__startswith": current_prefix})
        )
        size = min(batch_size, store.batch_limit or batch_size)
        last_pk = 0
        while True:
            ids = list(
                stale.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:size]
            )
            if not ids:
                break
            done, cleared = _rotate_batch(store, ids, actor=actor)
            report.reencrypted[store.kind] += done
            report.cleared[store.kind] += cleared
            report.batches += 1
            last_pk = ids[-1]
            if progress:
                progress(store.kind, report.reencrypted[store.kind])
    return report


def _rotate_batch(store: EncryptedStore, ids: list[int], *, actor: str) -> tuple[int, int]:
    ring = key_ring()
    model, column = store.model, store.column
    query = model._default_manager.filter(pk__in=ids).order_by("pk")
    if store.related:
        # Related rows are part of the associated data; lock only the rows themselves.
        query = query.select_related(*store.related).select_for_update(of=("self",))
    else:
        query = query.select_for_update()
    with transaction.atomic():
        rows = list(query)
        changed = []
        cleared = 0
        for row in rows:
            token = getattr(row, column)
            if not token:
                continue
            context = store.context(row)
            if context is None:
                setattr(row, column, "")
                changed.append(row)
                cleared += 1
                continue
            try:
                new = reencrypt(token, associated=context, ring=ring)
            except CryptoError as exc:
                raise CryptoError(
                    f"{model._meta.model_name} {row.pk}: {exc}; the rotation stopped here"
                ) from None
            if new != token:
                setattr(row, column, new)
                changed.append(row)
        model._default_manager.bulk_update(changed, [column])
        details: dict[str, object] = {
            "kind": store.kind,
            "reencrypted": len(changed) - cleared,
            "key": ring.current_id,
        }
        if cleared:
            details["cleared_unreadable"] = cleared
        write_audit_entry(
            action="keys.rotate_batch",
            actor=actor,
            object_type=model._meta.model_name or "",
            object_id=f"{ids[0]}-{ids[-1]}",
            details=details,
        )
    return len(changed) - cleared, cleared


def values_per_key() -> dict[str, Counter[str]]:
    """How many encrypted values each key id holds, per kind of store:
    ``{"cpr": {...}, "records": {...}, "rectifications": {...}, "answers": {...}}``."""
    result: dict[str, Counter[str]] = {}
    for store in encrypted_stores():
        column = store.column
        # The key id sits between the first and the second colon: "v1:<id>:...".
        start = len(FORMAT_VERSION) + 2
        rest = Substr(F(column), start)
        rows = (
            store.model._default_manager.exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .annotate(key_id=Substr(rest, 1, StrIndex(rest, Value(":")) - 1))
            .values("key_id")
            .annotate(n=Count("pk"))
        )
        result[store.kind] = Counter({str(row["key_id"]): int(row["n"]) for row in rows})
    return result
