"""The content of an access report (GDPR Art. 15), as JSON and as document blocks.

``access_report_data`` gathers everything Art. 15(1)-(3) requires into one
JSON-ready dict, in the person's language:

- 15(3) the data itself (``data``: every item every datastore holds);
- 15(1)(a) purposes and, per SPEC section 4, the legal bases (``purposes``,
  ``legal_bases``);
- 15(1)(b) the categories of data (``categories``);
- 15(1)(c) recipients (``recipients``) and 15(2) transfers to third
  countries with their safeguards (``transfers``);
- 15(1)(d) how long, per activity in words and the person's own dates
  (``retention``);
- 15(1)(e) the rights to rectification, erasure, restriction and objection
  (``rights``) and 15(1)(f) the right to complain (``complaint``);
- 15(1)(g) where the data comes from (``sources``);
- 15(1)(h) automated decisions (``automated_decisions``).

``access_report_sections`` turns that dict into the blocks the HTML and PDF
are written from, so both always say the same as the JSON. Only the
activities the person's data is actually held for are described.
"""

from __future__ import annotations

from datetime import date, datetime
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
from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import UnknownKeyError, event_label
from persondata.rights.datastores import FoundItem

FORMAT = "persondata-access-report/1"
# Art. 15 items in the order of the article, each a key of the JSON and a section.
CHECKLIST = (
    ("data", "15(3)"),
    ("purposes", "15(1)(a)"),
    ("legal_bases", "6(1)"),
    ("categories", "15(1)(b)"),
    ("recipients", "15(1)(c)"),
    ("transfers", "15(2)"),
    ("retention", "15(1)(d)"),
    ("sources", "15(1)(g)"),
    ("automated_decisions", "15(1)(h)"),
    ("rights", "15(1)(e)"),
    ("complaint", "15(1)(f)"),
)


def _identifier_label(name: str) -> str:
    return {
        "display_name": _("Name"),
        "email": _("E-mail address"),
        "phone": _("Phone number"),
        "customer_number": _("Customer number"),
        "cpr": _("CPR number"),
    }.get(name, name)


def _item_label(item: FoundItem, lang: str, declaration: Declaration) -> str:
    if item.kind == "identifier":
        return _identifier_label(item.category)
    if item.kind == "event":
        try:
            return event_label(item.category, lang, declaration)
        except UnknownKeyError:
            return item.category
    if item.kind == "relationship":
        return _("Relationship with us: %(kind)s") % {
            "kind": subject_label(item.category, lang, declaration)
        }
    if item.kind == "contact":
        return _("Contact person at an organisation")
    return category_label(item.category, lang, declaration)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _controller(declaration: Declaration) -> dict[str, Any]:
    c = declaration.controller
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


def _data(items: list[FoundItem], lang: str, declaration: Declaration) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        activities = [
            {
                "activity": key,
                "name": declaration.activities[key].name.get(lang)
                if key in declaration.activities
                else key,
                "due_on": _day(due),
            }
            for key, due in item.held_for
        ]
        rows.append(
            {
                "datastore": item.datastore,
                "kind": item.kind,
                "category": item.category,
                "label": _item_label(item, lang, declaration),
                "value": item.value,
                "source": item.source,
                "source_text": upper_first(
                    join_words(describe_sources([item.source], lang, declaration))
                )
                if item.kind == "record" and item.source
                else "",
                "collected_on": _day(item.collected_on),
                "reference": item.reference,
                "activities": activities,
            }
        )
    return rows


def _retention_lines(
    key: str, items: list[FoundItem], lang: str, declaration: Declaration
) -> list[dict[str, Any]]:
    """The person's own dates under activity ``key``: per data category, the
    latest due date of its items (``date.max`` standing for "no date yet")."""
    latest: dict[str, date] = {}
    for item in items:
        for activity, due in item.held_for:
            if activity != key:
                continue
            label = category_label(item.category, lang, declaration)
            latest[label] = max(latest.get(label, date.min), due or date.max)
    return [
        {"category": label, "due_on": None if due == date.max else due.isoformat()}
        for label, due in sorted(latest.items())
    ]


def access_report_data(
    *,
    items: list[FoundItem],
    subject_categories: list[str],
    declaration: Declaration,
    lang: str,
    generated_at: datetime,
    request_number: int | None = None,
    received_on: date | None = None,
) -> dict[str, Any]:
    """The access report as a JSON-ready dict in ``lang`` ("da" or "en").

    ``items`` are what the datastores found (empty when the person is not
    in the register: the report then confirms that no data is processed,
    Art. 15(1), and still states the rights). Raises ValueError for another
    language.
    """
    if lang not in ("da", "en"):
        raise ValueError(f"no access report in language {lang!r}; choose 'da' or 'en'")
    with translation.override(lang):
        held = list(dict.fromkeys(key for item in items for key, _due in item.held_for))
        activities = {k: declaration.activities[k] for k in held if k in declaration.activities}
        purposes, bases, sources, automated, retention = [], [], [], [], []
        recipient_keys: list[str] = []
        for key, activity in activities.items():
            name = activity.name.get(lang)
            purpose: dict[str, Any] = {
                "activity": key,
                "name": name,
                "description": activity.description.get(lang) if activity.description else "",
                "role": activity.role,
            }
            if activity.role == "processor":
                purpose["on_behalf_of"] = list(activity.on_behalf_of or [])
            purposes.append(purpose)
            consent = declaration.consent_purposes.get(activity.consent or "")
            bases.append(
                {
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
                }
            )
            sources.append(
                {
                    "activity": key,
                    "name": name,
                    "sources": describe_sources(activity.sources, lang, declaration),
                }
            )
            if activity.automated_decisions.used:
                text = activity.automated_decisions.text
                automated.append(
                    {
                        "activity": key,
                        "name": name,
                        "text": text.get(lang)
                        if text
                        else _("We make automated decisions as part of this processing."),
                    }
                )
            retention.append(
                {
                    "activity": key,
                    "name": name,
                    "rules": describe_retention(activity, lang, declaration),
                    "your_data": _retention_lines(key, items, lang, declaration),
                }
            )
            recipient_keys.extend(r for r in activity.recipients if r not in recipient_keys)
        recipients, transfers = _recipients(recipient_keys, activities, lang, declaration)
        categories = sorted({item.category for item in items if item.kind == "record"})
        return {
            "format": FORMAT,
            "language": lang,
            "generated_at": generated_at.isoformat(),
            "request": {"number": request_number, "received_on": _day(received_on)},
            "controller": _controller(declaration),
            "found": bool(items),
            "subject_categories": [
                {"key": k, "label": subject_label(k, lang, declaration)} for k in subject_categories
            ],
            "data": _data(items, lang, declaration),
            "purposes": purposes,
            "legal_bases": bases,
            "categories": [
                {
                    "key": k,
                    "label": category_label(k, lang, declaration),
                    "sensitivity": sensitivity_of(k, declaration),
                }
                for k in sorted(categories, key=lambda k: category_label(k, lang, declaration))
            ],
            "recipients": recipients,
            "transfers": transfers,
            "retention": retention,
            "sources": sources,
            "automated_decisions": {
                "used": bool(automated),
                "activities": automated,
                "text": _(
                    "You have the right to have a person at our company look at such a decision, "
                    "to express your point of view and to contest it (GDPR Art. 22(3))."
                )
                if automated
                else _(
                    "We do not make decisions about you based solely on automated processing, "
                    "including profiling."
                ),
            },
            "rights": _rights(declaration, lang),
            "complaint": _complaint(declaration, lang),
        }


def _recipients(
    keys: list[str], activities: dict[str, Any], lang: str, declaration: Declaration
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    recipients, transfers = [], []
    for key in keys:
        recipient = declaration.recipients.get(key)
        if recipient is None:
            continue
        third = is_third_country(recipient.country)
        safeguard = recipient.transfer_safeguard
        row = {
            "recipient": key,
            "name": recipient.name.get(lang),
            "role": recipient.role,
            "role_text": role_words(recipient.role),
            "service": recipient.service.get(lang) if recipient.service else "",
            "country": recipient.country,
            "country_name": upper_first(country_name(recipient.country)),
            "third_country": third,
            "activities": [k for k, a in activities.items() if key in a.recipients],
        }
        recipients.append(row)
        if third:
            transfers.append(
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
            )
    return recipients, transfers


def _rights(declaration: Declaration, lang: str) -> list[dict[str, Any]]:
    """Each right of Art. 15(1)(e) with its explanation, as the privacy policy gives it."""
    rights: list[dict[str, Any]] = []
    for block in rights_section(declaration, lang).blocks:
        if isinstance(block, Part):
            texts = [b.text for b in block.blocks if isinstance(b, Paragraph)]
            rights.append({"right": block.title, "text": " ".join(texts)})
    return rights


def _complaint(declaration: Declaration, lang: str) -> dict[str, Any]:
    """The right to complain (Art. 15(1)(f)) and the authority's contact details."""
    authority = declaration.controller.authority
    lead = complaint_section(declaration, lang).blocks[0]
    return {
        "text": lead.text if isinstance(lead, Paragraph) else "",
        "name": authority.name,
        "address": authority.address,
        "phone": authority.phone,
        "email": authority.email,
        "website": authority.website,
    }
