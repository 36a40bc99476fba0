"""A declaration that drops activities holding data: the refusal names them
with their link counts, and ``allow_removal_of`` covers only those named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from persondata.policy.actions import DeclarationRejected, apply_declaration
from persondata.policy.models import DeclarationVersion
from persondata.subjects.actions import add_record, create_subject

pytestmark = pytest.mark.django_db

DEMO = Path(__file__).resolve().parents[4] / "examples" / "demo.yaml"


def _without(tmp_path: Path, *keys: str) -> Path:
    head, activities = DEMO.read_text(encoding="utf-8").split("\nactivities:\n", 1)
    for key in keys:
        activities = re.sub(rf"(?ms)^  {key}:\n.*?(?=^  \S|^\S|\Z)", "", activities, count=1)
    path = tmp_path / "v2.yaml"
    path.write_text(f"{head}\nactivities:\n{activities}", encoding="utf-8")
    return path


@pytest.fixture
def register() -> None:
    apply_declaration(path=DEMO, actor_label="test")
    subject = create_subject(actor="test", display_name="Karen Jensen", categories=["customer"])
    for activity in ("support", "support", "subscriptions"):
        add_record(
            actor="test",
            subject=subject,
            data_category="user.contact.email",
            value="karen@example.dk",
            source="data_subject",
            activities=[activity],
        )


def test_the_refusal_names_each_dropped_activity_with_its_links(register, tmp_path: Path):
    with pytest.raises(DeclarationRejected) as rejected:
        apply_declaration(path=_without(tmp_path, "support", "subscriptions"), actor_label="t")
    assert rejected.value.removed_in_use == {"subscriptions": 1, "support": 2}
    messages = [p.message for p in rejected.value.result.errors]
    assert len(messages) == 2 and not any("command line" in m for m in messages)


def test_a_file_with_errors_names_no_removal(register, tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(DeclarationRejected) as rejected:
        apply_declaration(path=broken, actor_label="t")
    assert rejected.value.removed_in_use == {}


def test_allowing_one_activity_does_not_allow_another(register, tmp_path: Path):
    path = _without(tmp_path, "support", "subscriptions")
    with pytest.raises(DeclarationRejected):
        apply_declaration(path=path, actor_label="t", allow_removal_of={"support"})
    assert DeclarationVersion.objects.count() == 1
    version, created = apply_declaration(
        path=path, actor_label="t", allow_removal_of={"support", "subscriptions"}
    )
    assert created and version.number == 2
