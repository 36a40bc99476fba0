"""Applying a changed declaration recomputes the stored due dates."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from persondata.audit.models import AuditEntry
from persondata.policy.models import DeclarationVersion
from persondata.retention import engine
from persondata.retention.tests.engine_fixtures import ACTOR, REFERENCE, link, record, subject
from persondata.subjects import actions
from persondata.subjects.models import Record

pytestmark = pytest.mark.usefixtures("reference")


def _former_customer_address():
    who = subject(["customer"])
    rel = actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=who
    )
    actions.end_relationship(actor=ACTOR, relationship=rel, ended=date(2023, 6, 30))
    return record(who, "user.contact.address", "Vestergade 1", ["customer_administration"])


def test_policy_apply_recomputes_due_dates(tmp_path: Path):
    rec = _former_customer_address()
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)
    changed = tmp_path / "v2.yaml"
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("policy", "apply", str(changed), stdout=out)
    assert "due dates recomputed: 1 changed" in out.getvalue()
    assert link(rec, "customer_administration").due_on == date(2027, 6, 30)


def _without_website_statistics(tmp_path: Path) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    start = text.index("  website_statistics:")
    end = text.index("  client_marketing_lists:")
    changed = tmp_path / "v2.yaml"
    changed.write_text(text[:start] + text[end:], encoding="utf-8")
    return changed


def test_dropping_an_activity_that_holds_data_is_refused(tmp_path: Path):
    who = subject(["visitor"])
    rec = record(who, "user.device.ip_address", "192.0.2.1", ["website_statistics"])
    before = DeclarationVersion.objects.count()
    due_before = link(rec, "website_statistics").due_on
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("policy", "apply", str(_without_website_statistics(tmp_path)), stdout=out)
    assert exit_.value.code == 1
    text = out.getvalue()
    assert "v2.yaml:" in text
    assert "the activity 'website_statistics' is no longer declared, but 1 purpose link" in text
    assert "--allow-removal" in text
    assert DeclarationVersion.objects.count() == before
    assert link(rec, "website_statistics").due_on == due_before


def test_removed_activity_makes_its_links_due_today_when_allowed(tmp_path: Path):
    who = subject(["visitor"])
    rec = record(who, "user.device.ip_address", "192.0.2.1", ["website_statistics"])
    changed = _without_website_statistics(tmp_path)
    call_command("policy", "apply", str(changed), "--allow-removal", stdout=StringIO())
    stored = link(rec, "website_statistics")
    assert stored.due_on == date(2026, 3, 2)
    assert engine.due_reasons([who.pk])[stored.pk] == (
        "the activity 'website_statistics' is no longer declared"
    )
    entry = AuditEntry.objects.filter(action="policy.apply").latest("id")
    assert entry.details["removed_activities_in_use"] == {"website_statistics": 1}


def test_dropping_an_activity_nobody_is_linked_to_needs_no_permission(tmp_path: Path):
    call_command("policy", "apply", str(_without_website_statistics(tmp_path)), stdout=StringIO())
    entry = AuditEntry.objects.filter(action="policy.apply").latest("id")
    assert entry.details["removed_activities_in_use"] == {}


def test_deferred_recompute_leaves_dates_for_the_worker(tmp_path: Path):
    rec = _former_customer_address()
    changed = tmp_path / "v2.yaml"
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    out = StringIO()
    call_command("policy", "apply", str(changed), "--defer-recompute", stdout=out)
    assert "recomputed by the worker" in out.getvalue()
    assert link(rec, "customer_administration").due_on == date(2026, 6, 30)


def test_records_follow_their_links_and_unchanged_ones_are_left_alone(tmp_path: Path):
    moved = _former_customer_address()
    active = subject(["customer"])
    actions.start_relationship(
        actor=ACTOR, kind="customer", started=date(2019, 1, 1), subject=active
    )
    kept = record(active, "user.name", "Anna", ["customer_administration"])
    assert Record.objects.get(pk=moved.pk).due_on == date(2026, 6, 30)
    changed = tmp_path / "v2.yaml"
    changed.write_text(
        REFERENCE.read_text(encoding="utf-8").replace("- keep: 3y\n", "- keep: 4y\n", 1),
        encoding="utf-8",
    )
    call_command("policy", "apply", str(changed), stdout=StringIO())
    assert Record.objects.get(pk=moved.pk).due_on == date(2027, 6, 30)
    # The active customer's link changed only in words; its record stays undated.
    assert "4y" in engine.due_reasons([active.pk])[link(kept, "customer_administration").pk]
    assert Record.objects.get(pk=kept.pk).due_on is None


def test_retention_recompute_repairs_a_record_date_that_disagrees_with_its_links():
    rec = _former_customer_address()
    Record.objects.filter(pk=rec.pk).update(due_on=date(2020, 1, 1))
    assert engine.recompute_all() == 0
    # A declaration-driven pass writes only what changed: the stale date stays ...
    assert Record.objects.get(pk=rec.pk).due_on == date(2020, 1, 1)
    out = StringIO()
    call_command("retention", "recompute", stdout=out, stderr=StringIO())
    # ... and the command, which repairs, sets it from the links again.
    assert "0 due date(s) changed" in out.getvalue()
    assert Record.objects.get(pk=rec.pk).due_on == date(2026, 6, 30)
