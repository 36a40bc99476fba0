"""The declarations the demo tests plan for: the one `make run` applies and the reference."""

from __future__ import annotations

from pathlib import Path

from persondata.policy.loader import load_file
from persondata.policy.schema import Declaration

ROOT = Path(__file__).resolve().parents[4]
DEMO = ROOT / "examples" / "demo.yaml"
REFERENCE = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
PATHS = {"demo": DEMO, "reference": REFERENCE}


def load(name: str) -> Declaration:
    path = PATHS[name]
    result = load_file(path)
    assert result.declaration is not None, f"{path} does not load: {result.errors[:3]}"
    return result.declaration
