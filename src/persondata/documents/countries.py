"""Country names for the documents, and which countries are inside the EU/EEA.

A transfer to a country outside the EU/EEA is a third-country transfer
(GDPR chapter V); the policy must name it with its safeguard (Art. 13(1)(f))
and the Art. 30 records must list it (Art. 30(1)(e), 30(2)(c)).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The 27 EU member states and Iceland, Liechtenstein and Norway.
EEA: frozenset[str] = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
        "IS",
        "LI",
        "NO",
    ]
)

_NAMES: dict[str, Promise] = {
    "AT": _("Austria"),
    "BE": _("Belgium"),
    "BG": _("Bulgaria"),
    "HR": _("Croatia"),
    "CY": _("Cyprus"),
    "CZ": _("Czechia"),
    "DK": _("Denmark"),
    "EE": _("Estonia"),
    "FI": _("Finland"),
    "FR": _("France"),
    "DE": _("Germany"),
    "GR": _("Greece"),
    "HU": _("Hungary"),
    "IE": _("Ireland"),
    "IT": _("Italy"),
    "LV": _("Latvia"),
    "LT": _("Lithuania"),
    "LU": _("Luxembourg"),
    "MT": _("Malta"),
    "NL": _("the Netherlands"),
    "PL": _("Poland"),
    "PT": _("Portugal"),
    "RO": _("Romania"),
    "SK": _("Slovakia"),
    "SI": _("Slovenia"),
    "ES": _("Spain"),
    "SE": _("Sweden"),
    "IS": _("Iceland"),
    "LI": _("Liechtenstein"),
    "NO": _("Norway"),
    "US": _("the United States"),
    "GB": _("the United Kingdom"),
    "CH": _("Switzerland"),
    "CA": _("Canada"),
    "JP": _("Japan"),
    "KR": _("South Korea"),
    "NZ": _("New Zealand"),
    "IL": _("Israel"),
    "AU": _("Australia"),
    "IN": _("India"),
    "CN": _("China"),
    "SG": _("Singapore"),
    "BR": _("Brazil"),
    "UA": _("Ukraine"),
    "PH": _("the Philippines"),
    "FO": _("the Faroe Islands"),
    "GL": _("Greenland"),
    "AR": _("Argentina"),
    "UY": _("Uruguay"),
}


def is_third_country(code: str) -> bool:
    """True when ``code`` (ISO 3166 alpha-2) is outside the EU/EEA."""
    return code.upper() not in EEA


def country_name(code: str) -> str:
    """The country's name in the active language; an unknown code is returned as it is."""
    name = _NAMES.get(code.upper())
    return str(name) if name is not None else code
