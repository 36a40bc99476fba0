"""What an access report says that depends only on the declaration and the language.

Purposes, legal bases, sources, retention rules in words, recipients,
transfers, the rights and the authority are the same for every person whose
data is held for the same activities. ``wording_for`` builds them once per
applied declaration and language and keeps them (the declaration objects of
``policy.queries`` are themselves cached per version), so a report only adds
the person's own rows: that keeps an access report within a few times the
cost of the raw queries that fetch the person's data.

Every value here is JSON-ready; the report copies what it uses, so the
cache is never changed by a caller.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.blocks import Paragraph, Part
from persondata.documents.countries import country_name, is_third_country
from persondata.documents.gdpr_wording import (
    legal_basis_sentence,
    role_words,
    safeguard_words,
    special_basis_words,
)
from persondata.documents.labels import category_label, sensitivity_of, subject_label
from persondata.documents.phrasing import join_words, upper_first
from persondata.documents.policy_data import describe_sources
from persondata.documents.policy_rights import complaint_section, rights_section
from persondata.documents.retention_wording import describe_retention
from persondata.policy.schema import Activity, Declaration
from persondata.policy.taxonomy import UnknownKeyError, event_label

# Declarations and languages kept; a handful of applied versions at most are in use.
_CACHE_SIZE = 8
_cache: dict[tuple[int, str], tuple[Declaration, ReportWording]] = {}


def wording_for(declaration: Declaration, lang: str) -> ReportWording:
    """The report wording of ``declaration`` in ``lang`` ("da" or "en"), built once."""
    key = (id(declaration), lang)
    cached = _cache.get(key)
    if cached is not None and cached[0] is declaration:
        return cached[1]
    wording = ReportWording(declaration, lang)
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[key] = (declaration, wording)
    return wording


class ReportWording:
    """The declaration's side of an access report, in one language."""

    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.declaration = declaration
        self.lang = lang
        self._labels: dict[tuple[str, str], str] = {}
        self._sources: dict[str, str] = {}
        with translation.override(lang):
            self.activities = {
                key: self._activity(key, activity)
                for key, activity in declaration.activities.items()
            }
            self.recipients = {key: self._recipient(key) for key in declaration.recipients}
            self.rights = self._rights()
            self.complaint = self._complaint()
            self.controller = self._controller()
            self.automated_used_text = _(
                "You have the right to have a person at our company look at such a decision, "
                "to express your point of view and to contest it (GDPR Art. 22(3))."
            )
            self.automated_none_text = _(
                "We do not make decisions about you based solely on automated processing, "
                "including profiling."
            )

    # -- per activity -----------------------------------------------------------

    def _activity(self, key: str, activity: Activity) -> dict[str, Any]:
        lang = self.lang
        name = activity.name.get(lang)
        purpose: dict[str, Any] = {
            "activity": key,
            "name": name,
            "description": activity.description.get(lang) if activity.description else "",
            "role": activity.role,
        }
        if activity.role == "processor":
            purpose["on_behalf_of"] = list(activity.on_behalf_of or [])
        consent = self.declaration.consent_purposes.get(activity.consent or "")
        automated = None
        if activity.automated_decisions.used:
            text = activity.automated_decisions.text
            automated = {
                "activity": key,
                "name": name,
                "text": text.get(lang)
                if text
                else _("We make automated decisions as part of this processing."),
            }
        return {
            "name": name,
            "purpose": purpose,
            "bases": {
                "activity": key,
                "name": name,
                "bases": [
                    {"basis": b, "text": legal_basis_sentence(b)} for b in activity.legal_bases
                ],
                "legitimate_interests": activity.legitimate_interests.get(lang)
                if activity.legitimate_interests
                else "",
                "special_basis": special_basis_words(activity.special_basis)
                if activity.special_basis
                else "",
                "consent_text": consent.text.get(lang) if consent else "",
            },
            "sources": {
                "activity": key,
                "name": name,
                "sources": describe_sources(activity.sources, lang, self.declaration),
            },
            "automated": automated,
            "rules": describe_retention(activity, lang, self.declaration),
            "recipients": list(activity.recipients),
        }

    # -- recipients, rights, authority, controller ---------------------------------

    def _recipient(self, key: str) -> dict[str, Any]:
        recipient = self.declaration.recipients[key]
        lang = self.lang
        row: dict[str, Any] = {
            "recipient": key,
            "name": recipient.name.get(lang),
            "role": recipient.role,
            "role_text": role_words(recipient.role),
            "service": recipient.service.get(lang) if recipient.service else "",
            "country": recipient.country,
            "country_name": upper_first(country_name(recipient.country)),
            "third_country": is_third_country(recipient.country),
        }
        safeguard = recipient.transfer_safeguard
        row["transfer"] = (
            {
                "recipient": key,
                "name": row["name"],
                "country": recipient.country,
                "country_name": row["country_name"],
                "safeguard": safeguard,
                "safeguard_text": safeguard_words(safeguard)
                if safeguard
                else _("no safeguard declared"),
            }
            if row["third_country"]
            else None
        )
        return row

    def _rights(self) -> list[dict[str, Any]]:
        """Each right of Art. 15(1)(e) with its explanation, as the privacy policy gives it."""
        rights: list[dict[str, Any]] = []
        for block in rights_section(self.declaration, self.lang).blocks:
            if isinstance(block, Part):
                texts = [b.text for b in block.blocks if isinstance(b, Paragraph)]
                rights.append({"right": block.title, "text": " ".join(texts)})
        return rights

    def _complaint(self) -> dict[str, Any]:
        """The right to complain (Art. 15(1)(f)) and the authority's contact details."""
        authority = self.declaration.controller.authority
        lead = complaint_section(self.declaration, self.lang).blocks[0]
        return {
            "text": lead.text if isinstance(lead, Paragraph) else "",
            "name": authority.name,
            "address": authority.address,
            "phone": authority.phone,
            "email": authority.email,
            "website": authority.website,
        }

    def _controller(self) -> dict[str, Any]:
        c = self.declaration.controller
        dpo = c.dpo
        return {
            "name": c.name,
            "cvr": c.cvr,
            "address": c.address,
            "email": c.email,
            "phone": c.phone,
            "website": c.website,
            "dpo": {"name": dpo.name, "email": dpo.email, "phone": dpo.phone} if dpo else None,
        }

    # -- labels of the person's rows (called with the language active) -------------

    def item_label(self, kind: str, category: str) -> str:
        """The label of a found item of ``kind`` and ``category``, remembered."""
        key = (kind, category)
        label = self._labels.get(key)
        if label is None:
            label = self._item_label(kind, category)
            self._labels[key] = label
        return label

    def _item_label(self, kind: str, category: str) -> str:
        declaration, lang = self.declaration, self.lang
        if kind == "identifier":
            return {
                "display_name": _("Name"),
                "email": _("E-mail address"),
                "phone": _("Phone number"),
                "customer_number": _("Customer number"),
                "cpr": _("CPR number"),
            }.get(category, category)
        if kind == "event":
            try:
                return event_label(category, lang, declaration)
            except UnknownKeyError:
                return category
        if kind == "relationship":
            return _("Relationship with us: %(kind)s") % {
                "kind": subject_label(category, lang, declaration)
            }
        if kind == "contact":
            return _("Contact person at an organisation")
        return category_label(category, lang, declaration)

    def source_text(self, source: str) -> str:
        """Where a record came from, as a sentence start ("From you"), remembered."""
        text = self._sources.get(source)
        if text is None:
            text = upper_first(join_words(describe_sources([source], self.lang, self.declaration)))
            self._sources[source] = text
        return text

    def category(self, key: str) -> dict[str, str]:
        """A data category as the report lists it."""
        return {
            "key": key,
            "label": self.item_label("record", key),
            "sensitivity": sensitivity_of(key, self.declaration),
        }

    def subject_category(self, key: str) -> dict[str, str]:
        return {"key": key, "label": subject_label(key, self.lang, self.declaration)}
