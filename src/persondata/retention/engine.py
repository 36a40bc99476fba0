"""The retention engine: stored due dates, the plan and the sweep.

Placeholder for the register's actions to call while the engine is being
written in this session; replaced by the real engine before it lands.
"""

from __future__ import annotations


def recompute_subject(subject_id: int) -> None:
    """Recompute the stored due dates of every purpose link of one subject."""
