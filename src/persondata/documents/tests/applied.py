"""Applying declarations in tests at a fixed time, through the policy app's action."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
import yaml

from persondata.policy.actions import apply_declaration
from persondata.policy.models import DeclarationVersion

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def apply_file(path: Path, when: datetime) -> DeclarationVersion:
    """Apply the declaration in ``path`` as if at ``when``."""
    with time_machine.travel(when, tick=False):
        version, _created = apply_declaration(path=path, actor_label="test")
    return version


def apply_data(folder: Path, data: dict[str, Any], when: datetime) -> DeclarationVersion:
    """Write ``data`` as a YAML file in ``folder`` and apply it as if at ``when``."""
    path = folder / f"declaration-{when:%Y%m%d%H%M%S}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return apply_file(path, when)


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=COPENHAGEN)
