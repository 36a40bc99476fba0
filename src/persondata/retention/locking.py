"""A lock so that two sweeps (or recomputations) never run at once.

On PostgreSQL a session-level advisory lock; elsewhere an exclusive
``flock`` on a file under the var directory. Both are released by the
operating system or the server when the holder dies, so a killed sweep
never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection


class LockBusy(RuntimeError):
    """Another process holds the lock."""


def _advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold the lock ``name`` for the duration of the block.

    Raises LockBusy at once (no waiting) when another process holds it.
    """
    if connection.vendor == "postgresql":
        key = _advisory_key(name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            (acquired,) = cursor.fetchone()
        if not acquired:
            raise LockBusy(f"another '{name}' is running (PostgreSQL advisory lock held)")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = settings.VAR_DIR / f"{name}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(f"another '{name}' is running (lock file {path} held)") from None
        yield
    finally:
        os.close(fd)
