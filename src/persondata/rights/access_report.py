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

``report_blocks.access_report_sections`` turns that dict into the blocks the
HTML and PDF are written from, so both always say the same as the JSON.
Only the activities the person's data is actually held for are described.
The declaration's side of the report comes from ``report_wording``, built
once per declaration and language.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils import translation

from persondata.policy.schema import Declaration
from persondata.rights.datastores import FoundItem
from persondata.rights.report_wording import ReportWording, wording_for

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


# The parts of a report that come from the cached wording.
SHARED_PARTS = (
    "controller",
    "purposes",
    "legal_bases",
    "transfers",
    "retention",
    "sources",
    "automated_decisions",
    "rights",
    "complaint",
)


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _data(items: list[FoundItem], wording: ReportWording) -> list[dict[str, Any]]:
    names = {key: activity["name"] for key, activity in wording.activities.items()}
    return [
        {
            "datastore": item.datastore,
            "kind": item.kind,
            "category": item.category,
            "label": wording.item_label(item.kind, item.category),
            "value": item.value,
            "source": item.source,
            "source_text": wording.source_text(item.source)
            if item.kind == "record" and item.source
            else "",
            "collected_on": _day(item.collected_on),
            "reference": item.reference,
            "activities": [
                {"activity": key, "name": names.get(key, key), "due_on": _day(due)}
                for key, due in item.held_for
            ],
        }
        for item in items
    ]


def _your_dates(items: list[FoundItem], wording: ReportWording) -> dict[str, list[dict[str, Any]]]:
    """Per activity, the person's own dates: per data category the latest due date
    of its items (``date.max`` standing for "no date yet" while collecting)."""
    latest: dict[str, dict[str, date]] = {}
    for item in items:
        for activity, due in item.held_for:
            label = wording.item_label("record", item.category)
            dates = latest.setdefault(activity, {})
            dates[label] = max(dates.get(label, date.min), due or date.max)
    return {
        activity: [
            {"category": label, "due_on": None if due == date.max else due.isoformat()}
            for label, due in sorted(dates.items())
        ]
        for activity, dates in latest.items()
    }


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
    wording = wording_for(declaration, lang)
    with translation.override(lang):
        held = dict.fromkeys(key for item in items for key, _due in item.held_for)
        activities = {k: wording.activities[k] for k in held if k in wording.activities}
        dates = _your_dates(items, wording)
        recipient_keys = list(
            dict.fromkeys(r for a in activities.values() for r in a["recipients"])
        )
        recipients = []
        for key in recipient_keys:
            if key not in wording.recipients:
                continue
            row = {k: v for k, v in wording.recipients[key].items() if k != "transfer"}
            row["activities"] = [a for a, words in activities.items() if key in words["recipients"]]
            recipients.append(row)
        transfers = [
            wording.recipients[k]["transfer"]
            for k in recipient_keys
            if k in wording.recipients and wording.recipients[k]["transfer"]
        ]
        automated = [a["automated"] for a in activities.values() if a["automated"]]
        categories = {item.category for item in items if item.kind == "record"}
        report: dict[str, Any] = {
            "format": FORMAT,
            "language": lang,
            "generated_at": generated_at.isoformat(),
            "request": {"number": request_number, "received_on": _day(received_on)},
            "controller": wording.controller,
            "found": bool(items),
            "subject_categories": [wording.subject_category(k) for k in subject_categories],
            "data": _data(items, wording),
            "purposes": [a["purpose"] for a in activities.values()],
            "legal_bases": [a["bases"] for a in activities.values()],
            "categories": sorted(
                (wording.category(k) for k in categories), key=lambda c: c["label"]
            ),
            "recipients": recipients,
            "transfers": transfers,
            "retention": [
                {
                    "activity": key,
                    "name": a["name"],
                    "rules": a["rules"],
                    "your_data": dates.get(key, []),
                }
                for key, a in activities.items()
            ],
            "sources": [a["sources"] for a in activities.values()],
            "automated_decisions": {
                "used": bool(automated),
                "activities": automated,
                "text": wording.automated_used_text if automated else wording.automated_none_text,
            },
            "rights": wording.rights,
            "complaint": wording.complaint,
        }
    # The wording is shared between reports: hand out copies of its parts.
    for key in SHARED_PARTS:
        report[key] = _fresh(report[key])
    return report


def _fresh(value: Any) -> Any:
    """A copy of JSON-ready ``value`` (dicts and lists copied, texts shared).

    Much cheaper than copy.deepcopy, which also tracks shared references that
    JSON data never has."""
    if isinstance(value, dict):
        return {key: _fresh(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_fresh(item) for item in value]
    return value
