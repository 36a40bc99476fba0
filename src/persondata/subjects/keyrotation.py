"""Re-encrypting the register's sensitive values under the current key
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

from django.db import models, transaction
from django.db.models import Count, F, Value
from django.db.models.functions import StrIndex, Substr

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import FORMAT_VERSION, CryptoError, reencrypt
from persondata.subjects.models import DataSubject, Record
from persondata.subjects.sensitive import cpr_context, key_ring, record_context

DEFAULT_BATCH = 1000
Progress = Callable[[str, int], None]


@dataclass
class RotationReport:
    current_key: str
    reencrypted: Counter[str] = field(default_factory=Counter)
    batches: int = 0


def rotate_keys(
    *, actor: str, batch_size: int = DEFAULT_BATCH, progress: Progress | None = None
) -> RotationReport:
    """Re-encrypt every CPR number and sensitive record not under the current key.

    Returns how many values of each kind were re-encrypted. Raises
    CryptoError naming the row whose value cannot be decrypted, and
    ValueError for a batch size below 1.
    """
    if batch_size < 1:
        raise ValueError("--batch must be at least 1")
    ring = key_ring()
    report = RotationReport(current_key=ring.current_id)
    current_prefix = f"{FORMAT_VERSION}:{ring.current_id}:"
    for kind, model, column in (
        ("cpr", DataSubject, "cpr_encrypted"),
        ("records", Record, "value_encrypted"),
    ):
        stale = (
            model.objects.exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .exclude(**{f"{column}__startswith": current_prefix})
        )
        last_pk = 0
        while True:
            ids = list(
                stale.filter(pk__gt=last_pk)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            done = _rotate_batch(kind, model, column, ids, actor=actor)
            report.reencrypted[kind] += done
            report.batches += 1
            last_pk = ids[-1]
            if progress:
                progress(kind, report.reencrypted[kind])
    return report


def _rotate_batch(
    kind: str, model: type[models.Model], column: str, ids: list[int], *, actor: str
) -> int:
    ring = key_ring()
    query = model._default_manager.filter(pk__in=ids).order_by("pk")
    if model is Record:
        # The subject's key is part of each record's associated data; lock
        # only the records themselves.
        query = query.select_related("subject").select_for_update(of=("self",))
    else:
        query = query.select_for_update()
    with transaction.atomic():
        rows = list(query)
        changed = []
        for row in rows:
            token = getattr(row, column)
            if not token:
                continue
            try:
                new = reencrypt(token, associated=_context(row), ring=ring)
            except CryptoError as exc:
                raise CryptoError(
                    f"{model._meta.model_name} {row.pk}: {exc}; the rotation stopped here"
                ) from None
            if new != token:
                setattr(row, column, new)
                changed.append(row)
        model._default_manager.bulk_update(changed, [column])
        write_audit_entry(
            action="keys.rotate_batch",
            actor=actor,
            object_type=model._meta.model_name or "",
            object_id=f"{ids[0]}-{ids[-1]}",
            details={"kind": kind, "reencrypted": len(changed), "key": ring.current_id},
        )
    return len(changed)


def _context(row: models.Model) -> str:
    if isinstance(row, DataSubject):
        return cpr_context(str(row.key))
    if isinstance(row, Record):
        return record_context(str(row.subject.key), row.data_category)
    raise TypeError(f"{type(row).__name__} holds no encrypted values")


def values_per_key() -> dict[str, Counter[str]]:
    """How many encrypted values each key id holds: ``{"cpr": {...}, "records": {...}}``."""
    result: dict[str, Counter[str]] = {}
    for kind, model, column in (
        ("cpr", DataSubject, "cpr_encrypted"),
        ("records", Record, "value_encrypted"),
    ):
        # The key id sits between the first and the second colon: "v1:<id>:...".
        start = len(FORMAT_VERSION) + 2
        rest = Substr(F(column), start)
        rows = (
            model.objects.exclude(**{f"{column}__isnull": True})
            .exclude(**{column: ""})
            .annotate(key_id=Substr(rest, 1, StrIndex(rest, Value(":")) - 1))
            .values("key_id")
            .annotate(n=Count("pk"))
        )
        result[kind] = Counter({str(row["key_id"]): int(row["n"]) for row in rows})
    return result
