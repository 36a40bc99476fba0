"""Each applied declaration version is a policy version with its effective date."""

from __future__ import annotations

from datetime import date

import pytest

from persondata.documents.tests.applied import apply_data, at
from persondata.documents.tests.declarations import minimal_dict
from persondata.documents.versions import VersionNotFound, policy_source, published_versions

pytestmark = pytest.mark.django_db


def test_no_versions_before_a_declaration_is_applied():
    assert published_versions() == []
    with pytest.raises(VersionNotFound, match="no declaration has been applied yet"):
        policy_source()


def test_a_version_without_effective_from_takes_effect_when_applied(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 2, 3))
    [version] = published_versions()
    assert (version.number, version.applied_on, version.effective) == (
        1,
        date(2026, 2, 3),
        date(2026, 2, 3),
    )


def test_a_declared_effective_date_counts_only_when_it_is_new(tmp_path):
    first = minimal_dict()
    first["controller"]["effective_from"] = "2025-07-01"
    apply_data(tmp_path, first, at(2026, 1, 10))
    second = minimal_dict()
    second["controller"]["effective_from"] = "2025-07-01"
    second["controller"]["phone"] = "+45 70 10 20 30"
    apply_data(tmp_path, second, at(2026, 3, 5))
    third = minimal_dict()
    third["controller"]["effective_from"] = "2026-06-01"
    apply_data(tmp_path, third, at(2026, 5, 20))
    effective = {v.number: v.effective for v in published_versions()}
    assert effective == {1: date(2025, 7, 1), 2: date(2026, 3, 5), 3: date(2026, 6, 1)}
    assert [v.number for v in published_versions()] == [3, 2, 1]


def test_an_old_version_gives_its_own_declaration(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    changed = minimal_dict()
    changed["controller"]["name"] = "Smedie Jensen & Søn ApS"
    apply_data(tmp_path, changed, at(2026, 2, 10))
    old, old_version = policy_source(1)
    new, new_version = policy_source()
    assert old.controller.name == "Smedie Jensen ApS"
    assert new.controller.name == "Smedie Jensen & Søn ApS"
    assert (old_version.number, new_version.number) == (1, 2)
    with pytest.raises(VersionNotFound, match="there is no version 7; the versions are 1, 2"):
        policy_source(7)
