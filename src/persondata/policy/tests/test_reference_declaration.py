from pathlib import Path

import pytest

from persondata.policy.loader import load_file

ROOT = Path(__file__).resolve().parents[4]
REFERENCE = ROOT.parent / "shared" / "examples" / "eksempel.yaml"
DEMO = ROOT / "examples" / "demo.yaml"


def test_demo_declaration_has_no_errors():
    result = load_file(DEMO)
    assert result.errors == []
    assert result.declaration is not None


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/ is not beside this checkout")
def test_reference_declaration_has_no_errors():
    result = load_file(REFERENCE)
    assert result.errors == []
    assert result.declaration is not None
