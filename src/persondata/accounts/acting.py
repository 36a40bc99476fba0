"""Who is acting, for audit entries written by signal receivers.

Django sends signals (group and permission changes, logins) without saying
who caused them. Actions and the staff web set the actor here for the
duration of a change, so that ``accounts/audit_signals.py`` can name them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

SYSTEM = "system"

_actor: ContextVar[str] = ContextVar("persondata_actor", default=SYSTEM)


def current_actor() -> str:
    """The actor set by the innermost ``acting_as``, or "system" outside any."""
    return _actor.get()


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Name ``actor`` as the one acting until the block ends (nests; restores on exit).

    Raises ValueError for an empty actor: an audit entry must say who acted.
    """
    if not actor.strip():
        raise ValueError("acting_as needs a non-empty actor")
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
