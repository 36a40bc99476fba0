"""The vocabulary a declaration speaks: fideslang's default taxonomy, Danish
sensitivity levels, labels in Danish and English, and the built-in events.

Other apps import these names; they are stable:

- ``default_taxonomy()``: fideslang's data categories, data uses and data
  subjects, read once and cached.
- ``is_known_data_category``, ``is_known_data_use``, ``is_known_subject``,
  ``is_known_event`` (and ``event_error`` for the reason).
- ``category_parent``, ``category_ancestors``, ``is_within_category``.
- ``sensitivity_of``: one of ``SENSITIVITY_LEVELS``.
- ``is_third_country`` (outside ``EU_EEA_COUNTRIES``) and ``CHANNEL_CATEGORIES``
  (the data category a marketing channel reaches people by).
- ``category_label``, ``data_use_label``, ``subject_label``, ``event_label``,
  ``sensitivity_label``: text in ``"da"`` or ``"en"``.

Every function that takes ``declaration`` also knows the declaration's own
additions (``data_categories``, ``subject_categories``, ``events``,
``consent_purposes``); with ``declaration=None`` only fideslang's keys and
the built-ins count. A key that is not known raises ``UnknownKeyError``.

Sensitivity levels (SPEC section 2, Danish data protection practice):
``national_id`` is the CPR number (databeskyttelsesloven section 11);
``special`` is Art. 9 GDPR; ``criminal`` is Art. 10 (and section 8 of the
Danish act); ``confidential`` is data about purely private matters that
Danish practice protects more than ordinary data (family relations, serious
social problems); fideslang has no such category, so only declared
categories are ``confidential``. A fideslang category inherits the level of
its nearest ancestor that has one. Judgements made here:

- ``user.government_id`` as a whole is ``national_id`` (a generic
  "government id" in Denmark usually means the CPR number), and so is
  ``user.government_id.birth_certificate`` (a Danish birth certificate
  carries the CPR number). Passport, driving licence, immigration and
  vehicle registration *numbers* are not CPR numbers and are ``ordinary``;
  a company that keeps a copy of the document itself should declare the CPR
  number too.
- ``user.authorization.biometric`` (biometric login) is ``special``:
  biometric data used to identify a person is Art. 9(1) data.
- ``user.health_and_medical`` and everything under it (genetic data, record
  and insurance numbers) and ``user.biometric`` and everything under it are
  ``special``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, get_args

from django.utils.translation import gettext_lazy

from persondata.lib.refusals import TranslatableRefusal
from persondata.policy.schema import Sensitivity
from persondata.policy.taxonomy_labels import (
    DATA_CATEGORY_LABELS,
    DATA_SUBJECT_LABELS,
    DATA_USE_LABELS,
    EVENT_LABELS,
    SENSITIVITY_LABELS,
)

if TYPE_CHECKING:
    from persondata.policy.schema import Declaration

SensitivityLevel = Sensitivity
SENSITIVITY_LEVELS: tuple[SensitivityLevel, ...] = get_args(SensitivityLevel)

# Explicit levels for fideslang keys; everything else inherits from its
# nearest listed ancestor, or is ordinary.
FIDESLANG_SENSITIVITY: dict[str, SensitivityLevel] = {
    "user.government_id": "national_id",
    "user.government_id.national_identification_number": "national_id",
    "user.government_id.birth_certificate": "national_id",
    "user.government_id.drivers_license_number": "ordinary",
    "user.government_id.immigration": "ordinary",
    "user.government_id.passport_number": "ordinary",
    "user.government_id.vehicle_registration": "ordinary",
    "user.health_and_medical": "special",
    "user.biometric": "special",
    "user.authorization.biometric": "special",
    "user.demographic.race_ethnicity": "special",
    "user.demographic.religious_belief": "special",
    "user.demographic.sexual_orientation": "special",
    "user.demographic.political_opinion": "special",
    "user.criminal_history": "criminal",
}

# Events that need no declaration (SPEC section 3).
PLAIN_EVENTS: tuple[str, ...] = (
    "collected",
    "relationship_started",
    "relationship_ended",
    "last_contact",
    "last_purchase",
    "employment_ended",
    "registered",
)
# Events that take a parameter after a colon, and what the parameter names.
PARAMETRISED_EVENTS: dict[str, str] = {
    "relationship_ended": "subject category",
    "consent_given": "consent purpose",
    "consent_withdrawn": "consent purpose",
}


# EU member states and the other EEA countries (Iceland, Liechtenstein,
# Norway), ISO 3166-1 alpha-2. Greece is GR in ISO (the EU writes EL).
EU_EEA_COUNTRIES: frozenset[str] = frozenset(
    {
        *("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU"),
        *("IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"),
        *("IS", "LI", "NO"),
    }
)

# Which data categories make a marketing channel usable.
CHANNEL_CATEGORIES: dict[str, str] = {
    "email": "user.contact.email",
    "sms": "user.contact.phone_number",
    "phone": "user.contact.phone_number",
    "post": "user.contact.address",
}


def is_third_country(country: str) -> bool:
    """True when ``country`` (ISO 3166-1 alpha-2) is outside the EU/EEA (Art. 44)."""
    return country.upper() not in EU_EEA_COUNTRIES


class UnknownKeyError(KeyError):
    """A taxonomy key that neither fideslang nor the declaration defines."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(key)
        self.kind = kind
        self.key = key

    def __str__(self) -> str:
        return f"'{self.key}' is not a known {self.kind}"


@dataclass(frozen=True)
class TaxonomyEntry:
    """One fideslang key with fideslang's own (English) name."""

    key: str
    name: str
    parent: str | None


@dataclass(frozen=True)
class Taxonomy:
    data_categories: Mapping[str, TaxonomyEntry]
    data_uses: Mapping[str, TaxonomyEntry]
    data_subjects: Mapping[str, TaxonomyEntry]


@cache
def default_taxonomy() -> Taxonomy:
    """fideslang's default taxonomy, read once per process."""
    from fideslang import DEFAULT_TAXONOMY

    def entries(items: Iterable[Any]) -> dict[str, TaxonomyEntry]:
        return {
            str(item.fides_key): TaxonomyEntry(
                key=str(item.fides_key),
                name=str(item.name),
                # Data subjects have no parent_key at all.
                parent=getattr(item, "parent_key", None),
            )
            for item in items
        }

    return Taxonomy(
        data_categories=entries(DEFAULT_TAXONOMY.data_category),
        data_uses=entries(DEFAULT_TAXONOMY.data_use),
        data_subjects=entries(DEFAULT_TAXONOMY.data_subject),
    )


def _label(table: Mapping[str, tuple[str, str]], key: str, lang: str) -> str:
    da, en = table[key]
    return en if _language(lang) == "en" else da


def _language(lang: str) -> str:
    if lang not in ("da", "en"):
        raise ValueError(f"'{lang}' is not a supported language; expected da or en")
    return lang


# Data categories -------------------------------------------------------------


def category_parent(key: str, declaration: Declaration | None = None) -> str | None:
    """The parent of a data category; None for a root (``user``, ``system``).

    Raises UnknownKeyError when ``key`` is neither fideslang's nor declared.
    """
    if declaration is not None and key in declaration.data_categories:
        return declaration.data_categories[key].parent
    entry = default_taxonomy().data_categories.get(key)
    if entry is None:
        raise UnknownKeyError("data category", key)
    return entry.parent


def category_ancestors(key: str, declaration: Declaration | None = None) -> list[str]:
    """The parents of a data category, nearest first, up to its root.

    Raises UnknownKeyError when ``key`` or any ancestor is unknown, or when
    declared categories name each other as parents in a circle.
    """
    chain: list[str] = []
    seen = {key}
    parent = category_parent(key, declaration)
    while parent is not None:
        if parent in seen:
            raise UnknownKeyError("data category (its parents form a circle)", key)
        chain.append(parent)
        seen.add(parent)
        parent = category_parent(parent, declaration)
    return chain


def is_known_data_category(key: str, declaration: Declaration | None = None) -> bool:
    """True for a fideslang data category, or a declared one whose parents
    lead, without a circle, to a fideslang category."""
    try:
        category_ancestors(key, declaration)
    except UnknownKeyError:
        return False
    return True


def is_within_category(key: str, ancestor: str, declaration: Declaration | None = None) -> bool:
    """True when ``key`` is ``ancestor`` or lies below it; False for unknown keys."""
    if key == ancestor:
        return True
    try:
        return ancestor in category_ancestors(key, declaration)
    except UnknownKeyError:
        return False


def sensitivity_of(key: str, declaration: Declaration | None = None) -> SensitivityLevel:
    """The Danish sensitivity level of a data category.

    A declared category's own ``sensitivity`` wins; without one it inherits
    from its parent. A fideslang category takes the level of itself or its
    nearest ancestor in ``FIDESLANG_SENSITIVITY``, else ``ordinary``.
    Raises UnknownKeyError for an unknown key.
    """
    for candidate in [key, *category_ancestors(key, declaration)]:
        if declaration is not None and candidate in declaration.data_categories:
            declared = declaration.data_categories[candidate].sensitivity
            if declared is not None:
                return declared
            continue
        if candidate in FIDESLANG_SENSITIVITY:
            return FIDESLANG_SENSITIVITY[candidate]
    return "ordinary"


def category_label(key: str, lang: str = "da", declaration: Declaration | None = None) -> str:
    """The data category's label; a declared category's own ``name`` wins.

    Raises UnknownKeyError for an unknown key, ValueError for a language
    other than da or en.
    """
    _language(lang)
    if declaration is not None and key in declaration.data_categories:
        return declaration.data_categories[key].name.get(lang)
    if key not in DATA_CATEGORY_LABELS:
        raise UnknownKeyError("data category", key)
    return _label(DATA_CATEGORY_LABELS, key, lang)


def sensitivity_label(level: str, lang: str = "da") -> str:
    """What a sensitivity level is called in a document. Raises UnknownKeyError."""
    if level not in SENSITIVITY_LABELS:
        raise UnknownKeyError("sensitivity level", level)
    return _label(SENSITIVITY_LABELS, level, lang)


# Data uses -------------------------------------------------------------------


def is_known_data_use(key: str) -> bool:
    """True for a fideslang data use; a declaration cannot add data uses."""
    return key in default_taxonomy().data_uses


def data_use_label(key: str, lang: str = "da") -> str:
    """The data use's label. Raises UnknownKeyError for an unknown key."""
    if key not in DATA_USE_LABELS:
        raise UnknownKeyError("data use", key)
    return _label(DATA_USE_LABELS, key, lang)


# Data subjects ---------------------------------------------------------------


def is_known_subject(key: str, declaration: Declaration | None = None) -> bool:
    """True for a fideslang data subject or a declared subject category."""
    if declaration is not None and key in declaration.subject_categories:
        return True
    return key in default_taxonomy().data_subjects


def subject_label(key: str, lang: str = "da", declaration: Declaration | None = None) -> str:
    """The subject category's label; the declaration's own label wins.

    Raises UnknownKeyError for an unknown key.
    """
    _language(lang)
    if declaration is not None and key in declaration.subject_categories:
        return declaration.subject_categories[key].get(lang)
    if key not in DATA_SUBJECT_LABELS:
        raise UnknownKeyError("subject category", key)
    return _label(DATA_SUBJECT_LABELS, key, lang)


# Events ----------------------------------------------------------------------


def split_event(name: str) -> tuple[str, str | None]:
    """``"consent_withdrawn:newsletter"`` -> ``("consent_withdrawn", "newsletter")``."""
    base, colon, parameter = name.partition(":")
    return base, (parameter if colon else None)


def event_error(name: str, declaration: Declaration | None = None) -> str | None:
    """Why ``name`` is not an event a retention rule can name, or None if it is.

    Known events are the built-ins of SPEC section 3 (``relationship_ended``
    optionally narrowed to a subject category, ``consent_given:<purpose>``
    and ``consent_withdrawn:<purpose>`` for a declared consent purpose) and
    the declaration's own ``events``. In English; ``event_problem`` gives the
    same reason for a page in another language.
    """
    problem = event_problem(name, declaration)
    return None if problem is None else str(problem)


def event_problem(name: str, declaration: Declaration | None = None) -> TranslatableRefusal | None:
    """``event_error``'s reason as a refusal: English as ``str()``, the page's
    language as ``localized()``; None for a known event."""
    base, parameter = split_event(name)
    if parameter is None:
        if base in PLAIN_EVENTS or (declaration is not None and base in declaration.events):
            return None
        if PARAMETRISED_EVENTS.get(base) == "subject category":
            return TranslatableRefusal(
                gettext_lazy(
                    "the event '%(base)s' needs a subject category: write '%(base)s:<key>'"
                ),
                base=base,
            )
        if base in PARAMETRISED_EVENTS:
            return TranslatableRefusal(
                gettext_lazy(
                    "the event '%(base)s' needs a consent purpose: write '%(base)s:<key>'"
                ),
                base=base,
            )
        return TranslatableRefusal(
            gettext_lazy(
                "'%(name)s' is not a known event; the built-in events are %(events)s, "
                "consent_given:<purpose> and consent_withdrawn:<purpose>; declare other "
                "events under 'events'"
            ),
            name=name,
            events=", ".join(PLAIN_EVENTS),
        )
    if base not in PARAMETRISED_EVENTS:
        return TranslatableRefusal(
            gettext_lazy(
                "the event '%(base)s' takes no ':' part; only relationship_ended:<subject "
                "category>, consent_given:<purpose> and consent_withdrawn:<purpose> do"
            ),
            base=base,
        )
    if base == "relationship_ended":
        if not is_known_subject(parameter, declaration):
            return TranslatableRefusal(
                gettext_lazy(
                    "'%(parameter)s' in '%(name)s' is not a subject category; declare it under "
                    "subject_categories or use a fideslang data subject"
                ),
                parameter=parameter,
                name=name,
            )
        return None
    if declaration is None or parameter not in declaration.consent_purposes:
        return TranslatableRefusal(
            gettext_lazy(
                "'%(parameter)s' in '%(name)s' is not a consent purpose declared under "
                "consent_purposes"
            ),
            parameter=parameter,
            name=name,
        )
    return None


def is_known_event(name: str, declaration: Declaration | None = None) -> bool:
    """True when a retention rule may name ``name`` (see ``event_error``)."""
    return event_error(name, declaration) is None


def event_label(name: str, lang: str = "da", declaration: Declaration | None = None) -> str:
    """A readable label for an event, e.g. "Samtykke trukket tilbage: Nyhedsbrev".

    Declared events use their own label; parametrised events add the
    subject category's label or the consent purpose's key. Raises
    UnknownKeyError for an unknown event.
    """
    _language(lang)
    if event_error(name, declaration) is not None:
        raise UnknownKeyError("event", name)
    if declaration is not None and name in declaration.events:
        return declaration.events[name].get(lang)
    base, parameter = split_event(name)
    label = _label(EVENT_LABELS, base, lang)
    if parameter is None:
        return label
    if base == "relationship_ended":
        return f"{label} ({subject_label(parameter, lang, declaration)})"
    return f"{label}: {parameter}"
