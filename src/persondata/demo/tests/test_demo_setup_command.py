"""`persondata demo setup`: the admin once, and demo subjects only into an empty register."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from persondata.subjects.models import DataSubject


def _setup(*args: str) -> str:
    out = StringIO()
    call_command("demo", "setup", "--quiet", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.mark.usefixtures("demo_declaration")
def test_setup_creates_the_admin_and_fills_an_empty_register():
    output = _setup("--subjects", "15")
    assert "demo admin created: username 'admin'" in output
    assert "demo register: 15 subjects" in output
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    assert DataSubject.objects.count() == 15


@pytest.mark.usefixtures("demo_declaration")
def test_setup_again_adds_nothing():
    _setup("--subjects", "12")
    output = _setup("--subjects", "12")
    assert "exists already" in output
    assert "holds 12 subject(s) already; no demo subjects added" in output
    assert DataSubject.objects.count() == 12


@pytest.mark.usefixtures("demo_declaration")
def test_zero_subjects_only_creates_the_admin():
    _setup("--subjects", "0")
    assert not DataSubject.objects.exists()
    assert get_user_model().objects.filter(username="admin").exists()


@pytest.mark.usefixtures("demo_declaration")
def test_a_negative_count_is_refused():
    with pytest.raises(CommandError, match="--subjects: -3 is below 0"):
        _setup("--subjects", "-3")


def test_without_a_declaration_the_register_is_not_filled(db, frozen_now):
    with pytest.raises(CommandError, match=r"policy apply examples/demo\.yaml"):
        _setup("--subjects", "5")
    assert not DataSubject.objects.exists()
