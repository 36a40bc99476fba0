"""`persondata policy apply FILE`: a broken file changes nothing; the same text
twice makes no new version; a changed valid text becomes the next version,
with its audit entry."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from persondata.audit.models import AuditEntry
from persondata.policy.actions import DeclarationRejected, apply_declaration
from persondata.policy.models import DeclarationVersion
from persondata.policy.tests.declaration_texts import DEMO, demo_text, edited

pytestmark = pytest.mark.django_db

BROKEN_TEXTS = {
    "yaml_syntax": edited("  name: Nordlys IT ApS\n", "  name: [Nordlys IT ApS\n"),
    "schema": edited("response_days: 25", "response_days: 45"),
    "lint": edited("    special_basis: employment\n", ""),
    "empty": "",
}


def write(tmp_path: Path, text: str, name: str = "persondata.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def apply(path: Path) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("policy", "apply", str(path), "--actor", "tester", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def counts() -> tuple[int, int]:
    return DeclarationVersion.objects.count(), AuditEntry.objects.count()


@pytest.mark.parametrize("kind", sorted(BROKEN_TEXTS))
def test_applying_a_broken_file_changes_nothing(tmp_path: Path, kind: str) -> None:
    apply(DEMO)
    before = counts()
    status, output, errors = apply(write(tmp_path, BROKEN_TEXTS[kind]))
    assert status == 1
    assert ": error: " in output
    assert errors.strip() == "nothing was applied"
    assert counts() == before
    assert DeclarationVersion.objects.get().text == demo_text()


def test_applying_a_broken_file_to_an_empty_database_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(DeclarationRejected) as rejected:
        apply_declaration(path=write(tmp_path, BROKEN_TEXTS["lint"]), actor_label="tester")
    assert len(rejected.value.result.errors) == 1
    assert counts() == (0, 0)


def test_applying_the_same_text_twice_makes_no_new_version(tmp_path: Path) -> None:
    status, output, _ = apply(DEMO)
    assert status == 0
    assert output.splitlines()[0] == f"applied {DEMO} as declaration version 1"
    assert output.splitlines()[1] == "due dates recomputed: 0 changed"
    after_first = counts()
    copy = write(tmp_path, demo_text(), "copy.yaml")
    status, output, _ = apply(copy)
    assert status == 0
    assert output.strip() == f"{copy} is identical to the current version 1; nothing changed"
    assert counts() == after_first == (1, 1)


def test_a_changed_valid_text_becomes_version_2_with_an_audit_entry(tmp_path: Path) -> None:
    apply(DEMO)
    changed = write(tmp_path, edited("response_days: 25", "response_days: 20"))
    status, output, _ = apply(changed)
    assert status == 0
    assert output.splitlines()[0] == f"applied {changed} as declaration version 2"
    assert counts() == (2, 2)
    version = DeclarationVersion.objects.get(number=2)
    assert "response_days: 20" in version.text
    assert version.applied_by_label == "tester"
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.action, entry.actor, entry.object_type, entry.object_id) == (
        "policy.apply",
        "tester",
        "declaration",
        "2",
    )
    assert entry.details["previous"] == 1
    assert entry.details["sha256"] == version.sha256
