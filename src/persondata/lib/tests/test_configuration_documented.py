"""docs/configuration.md lists every environment variable the code reads, and no other."""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]
DOCS = PACKAGE.parents[1] / "docs" / "configuration.md"

_HELPER_CALL = re.compile(r"\benv_(str|bool|int|list|secret)\(\s*\"([A-Z][A-Z0-9_]*)\"")
_ENVIRON_USE = re.compile(
    r"\bos\.(?:environ\.get|environ\.setdefault|environ\.pop|getenv)\(\s*\"([A-Z][A-Z0-9_]*)\""
    r"|\bos\.environ\[\s*\"([A-Z][A-Z0-9_]*)\"\s*\]"
)
_TABLE_ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|(.*)\|\s*$", re.MULTILINE)


def _source_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE).parts and "migrations" not in path.parts
    ]


def variables_read_by_the_code() -> dict[str, str]:
    """Each variable name the product code reads, with the first file that reads it."""
    found: dict[str, str] = {}
    for path in _source_files():
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(PACKAGE))
        for helper, name in _HELPER_CALL.findall(text):
            found.setdefault(name, where)
            if helper == "secret":
                found.setdefault(f"{name}_FILE", where)
        for match in _ENVIRON_USE.finditer(text):
            found.setdefault(match.group(1) or match.group(2), where)
    return found


def documented_variables() -> dict[str, list[str]]:
    """Each variable in the table of docs/configuration.md, with its other cells."""
    text = DOCS.read_text(encoding="utf-8")
    return {
        name: [cell.strip() for cell in rest.split("|")] for name, rest in _TABLE_ROW.findall(text)
    }


def test_the_scan_finds_the_variables_it_must():
    found = variables_read_by_the_code()
    for name in (
        "DATABASE_URL",
        "PERSONDATA_DEBUG",
        "PERSONDATA_SECRET_KEY",
        "PERSONDATA_SECRET_KEY_FILE",
        "PERSONDATA_ALLOWED_HOSTS",
        "DJANGO_SETTINGS_MODULE",
    ):
        assert name in found, f"the scan missed {name}; fix the patterns in this test"


def test_every_variable_the_code_reads_is_documented():
    documented = documented_variables()
    read = variables_read_by_the_code()
    missing = {name: where for name, where in read.items() if name not in documented}
    assert not missing, (
        "add these to the table in docs/configuration.md (name, type, default, meaning, "
        "example): " + ", ".join(f"{name} (read in {where})" for name, where in missing.items())
    )


def test_every_documented_variable_is_read_by_the_code():
    read = variables_read_by_the_code()
    stale = sorted(set(documented_variables()) - set(read))
    assert not stale, f"docs/configuration.md documents variables nothing reads: {stale}"


def test_every_documented_variable_has_type_default_meaning_and_example():
    for name, cells in documented_variables().items():
        assert len(cells) == 4, f"{name}: expected 4 cells after the name, found {cells}"
        assert all(cells), f"{name}: every cell (type, default, meaning, example) needs text"


def test_the_scan_reads_helpers_and_environ_uses_in_any_layout():
    sample = (
        'X = env_secret(\n    "PD_A", var_dir=v, filename="a"\n)\n'
        'os.environ.setdefault("PD_B", "x")\n'
        'os.environ["PD_C"]\n'
        'env_int("PD_D", 3)\n'
    )
    helpers = _HELPER_CALL.findall(sample)
    environ = [a or b for a, b in _ENVIRON_USE.findall(sample)]
    assert helpers == [("secret", "PD_A"), ("int", "PD_D")]
    assert environ == ["PD_B", "PD_C"]
