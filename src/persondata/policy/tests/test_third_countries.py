"""Which recipient countries are third countries (outside the EU/EEA, Art. 44)
and so need a transfer safeguard."""

from __future__ import annotations

import pytest

from persondata.policy.taxonomy import EU_EEA_COUNTRIES, is_third_country
from persondata.policy.tests.declaration_texts import check, edited


def test_the_eu_and_eea_are_thirty_countries() -> None:
    assert len(EU_EEA_COUNTRIES) == 30
    assert {"IS", "LI", "NO"} <= EU_EEA_COUNTRIES


@pytest.mark.parametrize("country", ["DK", "DE", "GR", "NO", "IS", "LI", "se"])
def test_eu_and_eea_countries_are_not_third_countries(country: str) -> None:
    assert not is_third_country(country)


@pytest.mark.parametrize("country", ["US", "GB", "CH", "FO", "GL", "IN"])
def test_other_countries_are_third_countries(country: str) -> None:
    assert is_third_country(country)


def test_a_recipient_in_the_eea_needs_no_safeguard() -> None:
    text = edited(
        "    country: US\n    dpa_signed: 2025-01-10\n    transfer_safeguard: scc\n",
        "    country: NO\n    dpa_signed: 2025-01-10\n",
    )
    assert check(text).problems == []


def test_the_faroe_islands_are_outside_the_eea_although_danish() -> None:
    text = edited(
        "    country: US\n    dpa_signed: 2025-01-10\n    transfer_safeguard: scc\n",
        "    country: FO\n    dpa_signed: 2025-01-10\n",
    )
    assert [e.message for e in check(text).errors] == [
        "recipient 'mailflow' is in FO, outside the EU/EEA, so it needs a transfer_safeguard "
        "(Art. 44-49): adequacy, scc, bcr or derogation"
    ]
