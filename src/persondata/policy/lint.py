"""Rules that look across the whole declaration (SPEC section 2, lint rules).

The schema has checked every value on its own; these rules check that the
values fit together: every reference names something that exists, every
legal basis has what it needs, and no data is kept without a rule. Each
finding carries the location it is about (a path of keys and indexes such
as ``("activities", "newsletter", "consent")``) so the loader can name the
line and column. Errors stop the declaration from being applied; warnings
are shown but do not.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from persondata.policy.schema import (
    Activity,
    Declaration,
    KeepRule,
    Text,
    TriggerRule,
)
from persondata.policy.taxonomy import (
    CHANNEL_CATEGORIES,
    PLAIN_EVENTS,
    category_ancestors,
    category_label,
    default_taxonomy,
    event_error,
    is_known_data_category,
    is_known_data_use,
    is_known_subject,
    is_third_country,
    is_within_category,
    sensitivity_of,
)

Loc = tuple[str | int, ...]

_LANGUAGE_NAMES = {"da": "Danish", "en": "English"}


@dataclass(frozen=True)
class Finding:
    """One problem: ``at_key`` names the key's line rather than its value's."""

    severity: Literal["error", "warning"]
    loc: Loc
    message: str
    at_key: bool = False


def lint_declaration(declaration: Declaration) -> Iterator[Finding]:
    """Yield every error and warning about ``declaration``, in file order of the rules."""
    yield from _check_data_categories(declaration)
    yield from _check_events(declaration)
    yield from _check_recipients(declaration)
    for key, activity in declaration.activities.items():
        yield from _check_activity(declaration, key, activity)
    yield from _check_unused(declaration)
    yield from _check_languages(declaration)


def _error(loc: Loc, message: str, *, at_key: bool = False) -> Finding:
    return Finding("error", loc, message, at_key)


def _warning(loc: Loc, message: str, *, at_key: bool = False) -> Finding:
    return Finding("warning", loc, message, at_key)


def _suggest(word: str, candidates: Iterable[str]) -> str:
    hint = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{hint[0]}'?" if hint else ""


# Top-level sections ----------------------------------------------------------


def _check_data_categories(declaration: Declaration) -> Iterator[Finding]:
    fideslang = default_taxonomy().data_categories
    for key, category in declaration.data_categories.items():
        loc: Loc = ("data_categories", key)
        if key in fideslang:
            yield _error(
                loc,
                f"'{key}' is already a fideslang data category; give your own category a new "
                "key (for example with a 'dk.' prefix)",
                at_key=True,
            )
            continue
        if is_known_data_category(key, declaration):
            continue
        parent = category.parent
        if parent == key:
            problem = f"the data category '{key}' cannot be its own parent"
        elif parent in declaration.data_categories or parent in fideslang:
            problem = (
                f"the parents of '{key}' go round in a circle; the chain must end at a "
                "fideslang category such as 'user'"
            )
        else:
            candidates = [c for c in (*fideslang, *declaration.data_categories) if c != key]
            problem = (
                f"the parent '{parent}' of '{key}' is not a known data category; use a "
                f"fideslang category (such as user or user.contact) or a declared one"
                f"{_suggest(parent, candidates)}"
            )
        yield _error((*loc, "parent"), problem)
    for key, category in declaration.data_categories.items():
        if category.sensitivity is None or not is_known_data_category(key, declaration):
            continue
        inherited = sensitivity_of(category.parent, declaration)
        if inherited in ("special", "criminal") and category.sensitivity != inherited:
            yield _warning(
                ("data_categories", key, "sensitivity"),
                f"'{key}' is declared '{category.sensitivity}' but its parent "
                f"'{category.parent}' is '{inherited}'; data under a {inherited} category is "
                "normally itself special (Art. 9) or criminal (Art. 10): check this level",
            )


def _check_events(declaration: Declaration) -> Iterator[Finding]:
    for key in declaration.events:
        if ":" in key:
            yield _error(
                ("events", key),
                f"the event name '{key}' may not contain ':'; use letters, digits and _",
                at_key=True,
            )
        elif key in PLAIN_EVENTS or key in ("consent_given", "consent_withdrawn"):
            yield _error(
                ("events", key),
                f"'{key}' is a built-in event; remove it from events or choose another name",
                at_key=True,
            )


def _check_recipients(declaration: Declaration) -> Iterator[Finding]:
    for key, recipient in declaration.recipients.items():
        loc: Loc = ("recipients", key)
        if recipient.role == "processor" and recipient.dpa_signed is None:
            yield _error(
                (*loc, "role"),
                f"recipient '{key}' is a processor but has no dpa_signed date; a processor "
                "needs a signed data processing agreement (Art. 28(3)): add "
                "dpa_signed: YYYY-MM-DD",
            )
        if is_third_country(recipient.country) and recipient.transfer_safeguard is None:
            yield _error(
                (*loc, "country"),
                f"recipient '{key}' is in {recipient.country}, outside the EU/EEA, so it needs a "
                "transfer_safeguard (Art. 44-49): adequacy, scc, bcr or derogation",
            )


# Activities ------------------------------------------------------------------


def _check_activity(declaration: Declaration, key: str, activity: Activity) -> Iterator[Finding]:
    loc: Loc = ("activities", key)
    yield from _check_references(declaration, loc, activity)
    yield from _check_legal_bases(declaration, loc, activity)
    yield from _check_role(loc, activity)
    yield from _check_retention(declaration, loc, activity)
    yield from _check_marketing(declaration, loc, activity)
    if activity.automated_decisions.used and activity.automated_decisions.text is None:
        yield _error(
            (*loc, "automated_decisions"),
            f"activity '{key}' makes automated decisions but does not say which; add "
            "automated_decisions: {used: true, text: ...} describing the logic and its "
            "consequences (Art. 13(2)(f))",
        )


def _check_references(declaration: Declaration, loc: Loc, activity: Activity) -> Iterator[Finding]:
    taxonomy = default_taxonomy()
    if not is_known_data_use(activity.data_use):
        yield _error(
            (*loc, "data_use"),
            f"'{activity.data_use}' is not a fideslang data use"
            f"{_suggest(activity.data_use, taxonomy.data_uses)}"
            " (for example essential.service, marketing.communications.email)",
        )
    subjects = {*taxonomy.data_subjects, *declaration.subject_categories}
    for index, subject in enumerate(activity.subjects):
        if not is_known_subject(subject, declaration):
            yield _error(
                (*loc, "subjects", index),
                f"'{subject}' is not a subject category; declare it under subject_categories "
                f"or use a fideslang data subject{_suggest(subject, subjects)}",
            )
    categories = {*taxonomy.data_categories, *declaration.data_categories}
    for index, data in enumerate(activity.data):
        # A declared category with a bad parent is reported once, at its parent.
        if data not in declaration.data_categories and not is_known_data_category(
            data, declaration
        ):
            yield _error(
                (*loc, "data", index),
                f"'{data}' is not a data category; declare it under data_categories or use a "
                f"fideslang data category{_suggest(data, categories)}",
            )
    for index, recipient in enumerate(activity.recipients):
        if recipient not in declaration.recipients:
            yield _error(
                (*loc, "recipients", index),
                f"'{recipient}' is not a recipient declared under recipients"
                f"{_suggest(recipient, declaration.recipients)}",
            )
    for index, source in enumerate(activity.sources):
        problem = _source_problem(declaration, source)
        if problem:
            yield _error((*loc, "sources", index), problem)
    if activity.consent is not None and activity.consent not in declaration.consent_purposes:
        yield _error(
            (*loc, "consent"),
            f"'{activity.consent}' is not a consent purpose declared under consent_purposes"
            f"{_suggest(activity.consent, declaration.consent_purposes)}",
        )


def _source_problem(declaration: Declaration, source: str) -> str | None:
    if source.startswith("public:"):
        if not source.removeprefix("public:").strip():
            return "a public source needs a description, e.g. 'public: LinkedIn'"
        return None
    if source == "data_subject" or source in declaration.recipients:
        return None
    if is_known_subject(source, declaration):
        return None
    candidates = ["data_subject", *declaration.recipients, *declaration.subject_categories]
    return (
        f"'{source}' is not a source; write data_subject, a recipient key, a subject category "
        f"key, or 'public: <where>'{_suggest(source, candidates)}"
    )


def _check_legal_bases(declaration: Declaration, loc: Loc, activity: Activity) -> Iterator[Finding]:
    name = loc[-1]
    bases = activity.legal_bases
    if not bases:
        yield _error(
            (*loc, "legal_bases"),
            f"activity '{name}' has no legal basis; list at least one of consent, contract, "
            "legal_obligation, vital_interests, public_task, legitimate_interest (Art. 6(1))",
        )
    if "consent" in bases and activity.consent is None:
        yield _error(
            (*loc, "legal_bases", bases.index("consent")),
            f"activity '{name}' rests on consent but names no consent purpose; add "
            "consent: <a key of consent_purposes> (Art. 6(1)(a), Art. 7(1))",
        )
    if activity.consent is not None and "consent" not in bases:
        yield _error(
            (*loc, "consent"),
            f"activity '{name}' names the consent purpose '{activity.consent}' but consent is "
            "not among its legal_bases; add consent to legal_bases or remove this key",
            at_key=True,
        )
    if "legitimate_interest" in bases and activity.legitimate_interests is None:
        yield _error(
            (*loc, "legal_bases", bases.index("legitimate_interest")),
            f"activity '{name}' rests on legitimate interest but does not state the interests; "
            "add legitimate_interests: {da: ..., en: ...} (Art. 13(1)(d))",
        )
    if activity.legitimate_interests is not None and "legitimate_interest" not in bases:
        yield _warning(
            (*loc, "legitimate_interests"),
            f"activity '{name}' states legitimate_interests but legitimate_interest is not "
            "among its legal_bases, so the text is not used",
            at_key=True,
        )
    special = [
        (index, data)
        for index, data in enumerate(activity.data)
        if is_known_data_category(data, declaration)
        and sensitivity_of(data, declaration) == "special"
    ]
    if special and activity.special_basis is None:
        index, _ = special[0]
        keys = ", ".join(data for _, data in special)
        yield _error(
            (*loc, "data", index),
            f"activity '{name}' processes special category data ({keys}) but has no "
            "special_basis; add one of the Art. 9(2) bases, e.g. special_basis: "
            "explicit_consent",
        )
    if activity.special_basis is not None and not special:
        yield _warning(
            (*loc, "special_basis"),
            f"activity '{name}' gives a special_basis but none of its data is special "
            "category data (Art. 9), so it is not used",
            at_key=True,
        )


def _check_role(loc: Loc, activity: Activity) -> Iterator[Finding]:
    name = loc[-1]
    if activity.role == "processor" and not activity.on_behalf_of:
        yield _error(
            (*loc, "role"),
            f"activity '{name}' is done as processor but does not name the controllers it is "
            "done for; add on_behalf_of: [<client>] (Art. 30(2)(a))",
        )
    if activity.role == "controller" and activity.on_behalf_of is not None:
        yield _error(
            (*loc, "on_behalf_of"),
            f"activity '{name}' names on_behalf_of but its role is controller; add "
            "role: processor or remove on_behalf_of",
            at_key=True,
        )


def _check_retention(declaration: Declaration, loc: Loc, activity: Activity) -> Iterator[Finding]:
    name = loc[-1]
    if not activity.retention:
        yield _error(
            (*loc, "retention"),
            f"activity '{name}' has no retention rule; add at least one, e.g. "
            "{keep: 3y, after: relationship_ended} (Art. 5(1)(e), Art. 13(2)(a))",
        )
    for index, rule in enumerate(activity.retention):
        rule_loc: Loc = (*loc, "retention", index)
        if isinstance(rule, KeepRule):
            problem = event_error(rule.after, declaration)
            if problem:
                yield _error((*rule_loc, "after"), problem)
            purposes = declaration.consent_purposes
            if rule.extend is not None and rule.extend.consent not in purposes:
                yield _error(
                    (*rule_loc, "extend", "consent"),
                    f"'{rule.extend.consent}' is not a consent purpose declared under "
                    f"consent_purposes{_suggest(rule.extend.consent, purposes)}",
                )
        else:
            problem = event_error(rule.on, declaration)
            if problem:
                yield _error((*rule_loc, "on"), problem)
        for position, subject in enumerate(rule.subjects or []):
            if subject not in activity.subjects:
                yield _error(
                    (*rule_loc, "subjects", position),
                    f"the rule names the subject category '{subject}', which is not among the "
                    f"activity's subjects ({', '.join(activity.subjects)})",
                )
        for position, data in enumerate(rule.data or []):
            if not any(is_within_category(own, data, declaration) for own in activity.data):
                yield _error(
                    (*rule_loc, "data", position),
                    f"the rule names the data category '{data}', which is neither among the "
                    f"activity's data nor a parent of it ({', '.join(activity.data)})",
                )
    yield from _check_kept_forever(declaration, loc, activity)


def _rule_applies(
    declaration: Declaration, rule: KeepRule | TriggerRule, subject: str, data: str
) -> bool:
    if rule.subjects is not None and subject not in rule.subjects:
        return False
    return rule.data is None or any(is_within_category(data, sel, declaration) for sel in rule.data)


def _check_kept_forever(
    declaration: Declaration, loc: Loc, activity: Activity
) -> Iterator[Finding]:
    """SPEC 3: a record no keep rule and no trigger rule applies to is kept forever."""
    if not activity.retention:
        return
    for index, subject in enumerate(activity.subjects):
        uncovered = [
            data
            for data in activity.data
            if not any(_rule_applies(declaration, r, subject, data) for r in activity.retention)
        ]
        if not uncovered:
            continue
        what = (
            "no retention rule applies to it"
            if len(uncovered) == len(activity.data)
            else f"no retention rule applies to its {', '.join(uncovered)}"
        )
        yield _warning(
            (*loc, "subjects", index),
            f"under activity '{loc[-1]}', data about '{subject}' could be kept forever: {what}; "
            "add a keep or trigger rule for it",
        )


def _check_marketing(declaration: Declaration, loc: Loc, activity: Activity) -> Iterator[Finding]:
    name = loc[-1]
    for index, channel in enumerate(activity.marketing_channels):
        needed = CHANNEL_CATEGORIES[channel]
        if not _holds(declaration, activity, needed):
            yield _warning(
                (*loc, "marketing_channels", index),
                f"activity '{name}' markets by {channel} but its data has no "
                f"{category_label(needed, 'en').lower()} ({needed}) to reach anyone by",
            )
    if activity.existing_customer_exception:
        if not ({"email", "sms"} & set(activity.marketing_channels)):
            yield _warning(
                (*loc, "existing_customer_exception"),
                f"activity '{name}' uses the existing-customer exception, which covers only "
                "e-mail and SMS (Danish Marketing Practices Act section 10(2)); add email or "
                "sms to marketing_channels or remove the exception",
                at_key=True,
            )
        elif not any(
            _holds(declaration, activity, CHANNEL_CATEGORIES[channel])
            for channel in ("email", "sms")
        ):
            yield _warning(
                (*loc, "existing_customer_exception"),
                f"activity '{name}' uses the existing-customer exception but its data has no "
                "e-mail address or phone number obtained in a sale",
                at_key=True,
            )


def _holds(declaration: Declaration, activity: Activity, category: str) -> bool:
    """True when the activity's data includes ``category``, a part of it, or a
    broader category that contains it (``user.contact`` covers e-mail)."""
    broader = {category, *category_ancestors(category)}
    return any(
        data in broader or is_within_category(data, category, declaration)
        for data in activity.data
        if is_known_data_category(data, declaration)
    )


# Warnings about the whole file -----------------------------------------------


def _check_unused(declaration: Declaration) -> Iterator[Finding]:
    used_data = [data for a in declaration.activities.values() for data in a.data]
    for key in declaration.data_categories:
        if not any(is_within_category(data, key, declaration) for data in used_data):
            yield _warning(
                ("data_categories", key),
                f"the data category '{key}' is declared but no activity processes it",
                at_key=True,
            )
    used_purposes: set[str] = set()
    for activity in declaration.activities.values():
        if activity.consent:
            used_purposes.add(activity.consent)
        for rule in activity.keep_rules:
            if rule.extend is not None:
                used_purposes.add(rule.extend.consent)
    for key in declaration.consent_purposes:
        if key not in used_purposes:
            yield _warning(
                ("consent_purposes", key),
                f"the consent purpose '{key}' is declared but no activity rests on it or "
                "extends retention with it",
                at_key=True,
            )


def _texts(value: object, loc: Loc) -> Iterator[tuple[Loc, Text]]:
    if isinstance(value, Text):
        yield loc, value
    elif isinstance(value, BaseModel):
        for field in value.model_fields_set:
            yield from _texts(getattr(value, field), (*loc, field))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))


def _check_languages(declaration: Declaration) -> Iterator[Finding]:
    wanted = declaration.controller.languages
    for loc, text in _texts(declaration, ()):
        if text.plain:
            continue
        for missing in (lang for lang in text.missing_languages if lang in wanted):
            given = next(lang for lang in ("da", "en") if lang != missing)
            yield _warning(
                loc,
                f"this text is given in {_LANGUAGE_NAMES[given]} only, but controller.languages "
                f"lists {missing}; the {_LANGUAGE_NAMES[missing]} version falls back to the "
                f"{_LANGUAGE_NAMES[given]} text (add '{missing}: ...')",
            )
