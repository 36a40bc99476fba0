"""The public pages' rate limit, as pure arithmetic; no database, no cache.

A sliding window estimated from two fixed windows (the current one and the
one before): the earlier window's count is weighted by how much of it still
overlaps the sliding window. This needs two counters per client instead of a
list of times, and never lets more than twice the limit through in any
window-long stretch, against the limit itself in steady use.
"""

from __future__ import annotations

from dataclasses import dataclass

WINDOW_SECONDS = 600


@dataclass(frozen=True)
class WindowPosition:
    index: int  # which fixed window ``now`` falls in
    elapsed: float  # seconds since that window began, 0 <= elapsed < length


def window_position(now: float, *, length: int = WINDOW_SECONDS) -> WindowPosition:
    """Where ``now`` (seconds since the epoch) falls; raises ValueError for a
    length below one second or a negative time."""
    if length < 1:
        raise ValueError(f"window length must be at least 1 second, not {length}")
    if now < 0:
        raise ValueError(f"time must not be negative, not {now}")
    index = int(now // length)
    return WindowPosition(index=index, elapsed=now - index * length)


def estimated_count(
    *, previous: int, current: int, elapsed: float, length: int = WINDOW_SECONDS
) -> float:
    """Requests in the sliding window ending now, estimated from the fixed
    windows' counts. Raises ValueError for negative counts or an elapsed time
    outside [0, length)."""
    if previous < 0 or current < 0:
        raise ValueError("request counts cannot be negative")
    if not 0 <= elapsed < length:
        raise ValueError(f"elapsed must be within [0, {length}), not {elapsed}")
    overlap = (length - elapsed) / length
    return previous * overlap + current


def allows(*, previous: int, current: int, elapsed: float, limit: int) -> bool:
    """True if one more request stays within ``limit`` for the sliding window
    (``current`` does not yet count it). A limit of 0 refuses everything."""
    return estimated_count(previous=previous, current=current, elapsed=elapsed) + 1 <= limit
