"""What the register accepts: input checked against the applied declaration.

The actions and the importer call these before writing anything; each
raises RegisterError with a message that names the field and says what
would be right. Only ``require_declaration`` and
``refuse_duplicate_identifiers`` read the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from persondata.lib.refusals import Said, TranslatableRefusal
from persondata.policy.queries import current_declaration
from persondata.policy.schema import Declaration
from persondata.policy.taxonomy import (
    event_problem,
    is_known_data_category,
    is_known_subject,
    is_within_category,
    split_event,
)
from persondata.subjects import validation
from persondata.subjects.models import DataSubject, Organisation

IDENTIFIERS = ("email", "phone", "customer_number", "cpr")
LANGUAGES = ("da", "en")
PUBLIC_SOURCE_PREFIX = "public:"
# Events the register records itself from relationships, contact links and
# records, and those the consent ledger fires (SPEC section 5: the ledger is
# the record of consent); recording them by hand would contradict those
# facts. A consent event without a ledger entry would move due dates with
# no proof of the consent, while marketing eligibility, which reads the
# ledger, still says otherwise.
DERIVED_EVENTS = {
    "collected": gettext_lazy("it is each record's collected_at"),
    "relationship_started": gettext_lazy("start a relationship instead (start_relationship)"),
    "relationship_ended": gettext_lazy("end the relationship instead (end_relationship)"),
    "employment_ended": gettext_lazy("end the contact link's employment instead (end_employment)"),
    "consent_given": gettext_lazy(
        "give the consent in the consent ledger instead (give_consent; the person gives "
        "consent in the privacy center)"
    ),
    "consent_withdrawn": gettext_lazy(
        "withdraw the consent in the consent ledger instead (withdraw_consent; a "
        "consent_withdrawal request, the privacy center or an unsubscribe link)"
    ),
}


class RegisterError(TranslatableRefusal):
    """Input the register refuses; nothing was written.

    ``str()`` is English (CLI, API); ``localized()`` is the page's language."""


def require_declaration() -> Declaration:
    """The applied declaration; RegisterError when none has been applied."""
    declaration = current_declaration()
    if declaration is None:
        raise RegisterError(
            "no declaration has been applied, so the register does not know the categories "
            "and activities; run 'persondata policy apply FILE' first"
        )
    return declaration


def clean_subject_fields(
    declaration: Declaration, *, today: date, partial: bool = False, **fields: Any
) -> dict[str, Any]:
    """The given subject fields in normal form. Every problem is reported at
    once, in one RegisterError. Without ``partial``, a display name and at
    least one category are required."""
    problems: list[TranslatableRefusal] = []
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        try:
            clean[name] = _clean_subject_field(name, value, declaration=declaration, today=today)
        except (validation.InvalidValue, RegisterError) as exc:
            problems.append(exc)
    if not partial:
        for required in ("display_name", "categories"):
            if required in clean and not clean[required]:
                problems.append(_required(required))
    if problems:
        raise RegisterError.saying(problems)
    return clean


def _required(field: str) -> RegisterError:
    return RegisterError(gettext_lazy("%(field)s: is required"), field=field)


def _clean_subject_field(name: str, value: Any, *, declaration: Declaration, today: date) -> Any:
    if name == "categories":
        if isinstance(value, str) or not isinstance(value, Sequence):
            raise RegisterError("categories: give a list of subject category keys")
        keys = list(dict.fromkeys(str(v).strip() for v in value if str(v).strip()))
        for key in keys:
            check_subject_category(key, declaration, field="categories")
        return keys
    if name == "language":
        if value not in LANGUAGES:
            raise RegisterError(f"language: '{value}' is not da or en")
        return value
    text = str(value).strip()
    if name == "display_name":
        if len(text) > 200:
            raise RegisterError("display_name: is longer than 200 characters")
        return clean_text(text, field="display_name", required=True)
    if not text:
        return ""
    if name == "email":
        return validation.normalise_email(text)
    if name == "phone":
        return validation.normalise_phone(text)
    if name == "cpr":
        return validation.normalise_cpr(text, today=today)
    if name == "customer_number":
        if len(text) > 64:
            raise RegisterError("customer_number: is longer than 64 characters")
        return clean_text(text, field="customer_number")
    raise RegisterError(f"{name}: is not a field of a data subject")


def refuse_duplicate_identifiers(subject: DataSubject) -> None:
    """RegisterError if another subject has the same e-mail address, customer
    number or CPR number (phone numbers may be shared, e.g. by a household)."""
    others = DataSubject.objects.exclude(pk=subject.pk) if subject.pk else DataSubject.objects.all()
    for field, label in (
        ("email", "e-mail address"),
        ("customer_number", "customer number"),
        ("cpr_digest", "CPR number"),
    ):
        value = getattr(subject, field)
        if value:
            other = others.filter(**{field: value}).values_list("key", flat=True).first()
            if other is not None:
                name = field.removesuffix("_digest")
                raise RegisterError(f"{name}: subject {other} already has this {label}")


def clean_organisation(*, name: str, cvr: str) -> tuple[str, str]:
    problems: list[TranslatableRefusal | str] = []
    clean_name = name.strip()
    if not clean_name:
        problems.append(_required("name"))
    elif len(clean_name) > 200:
        problems.append("name: is longer than 200 characters")
    clean_cvr = ""
    if cvr.strip():
        try:
            clean_cvr = validation.normalise_cvr(cvr)
        except validation.InvalidValue as exc:
            problems.append(exc)
    if problems:
        raise RegisterError.saying(problems)
    return clean_text(clean_name, field="name"), clean_cvr


def clean_text(text: str, *, field: str, required: bool = False) -> str:
    """``text`` without surrounding spaces; RegisterError if it holds a card
    number, or if it is empty and ``required``."""
    stripped = text.strip()
    if required and not stripped:
        raise _required(field)
    try:
        validation.refuse_card_number(stripped, field=field)
    except validation.InvalidValue as exc:
        raise RegisterError.saying([exc]) from None
    return stripped


def clean_record_value(value: str, *, data_category: str, today: date) -> str:
    if not value.strip():
        raise RegisterError(f"{data_category}: the value is empty")
    try:
        return validation.normalise_record_value(
            value.strip(), data_category=data_category, today=today, field=data_category
        )
    except validation.InvalidValue as exc:
        raise RegisterError.saying([exc]) from None


def refuse_future(day: date, *, today: date, field: str) -> None:
    if day > today:
        raise RegisterError(
            gettext_lazy("%(field)s: %(day)s is in the future (today is %(today)s)"),
            field=field,
            day=day.isoformat(),
            today=today,
        )


def check_collected_at(collected_at: datetime | None, *, now: datetime) -> datetime:
    """``collected_at``, or ``now`` when None; RegisterError if naive or in the future."""
    if collected_at is None:
        return now
    if timezone.is_naive(collected_at):
        raise RegisterError("collected_at: give a time with a time zone")
    if collected_at > now:
        raise RegisterError(
            gettext_lazy("collected_at: %(at)s is in the future"), at=collected_at.isoformat()
        )
    return collected_at


def check_subject_category(key: str, declaration: Declaration, *, field: str) -> None:
    if not is_known_subject(key, declaration):
        declared = ", ".join(declaration.subject_categories) or "none"
        raise RegisterError(f"{field}: '{key}' is not a subject category (declared: {declared})")


def check_data_category(key: str, declaration: Declaration) -> None:
    if not is_known_data_category(key, declaration):
        raise RegisterError(
            f"data_category: '{key}' is not a known data category; use a fideslang key such "
            "as user.contact.email or declare it under data_categories"
        )


def check_activity(activity: str, declaration: Declaration) -> None:
    if activity not in declaration.activities:
        known = ", ".join(declaration.activities)
        raise RegisterError(f"activity: '{activity}' is not a declared activity (known: {known})")


def check_link(
    declaration: Declaration, *, subject: DataSubject, data_category: str, activity: str
) -> None:
    """RegisterError unless ``activity`` exists and declares the data category
    (or a parent of it) and one of the subject's categories."""
    check_activity(activity, declaration)
    declared = declaration.activities[activity]
    if not any(is_within_category(data_category, d, declaration) for d in declared.data):
        raise RegisterError(
            gettext_lazy(
                "activity '%(activity)s' does not declare the data category '%(category)s' "
                "(it declares %(declared)s); add it to the declaration first"
            ),
            activity=activity,
            category=data_category,
            declared=", ".join(declared.data),
        )
    if not set(declared.subjects) & set(subject.categories):
        if subject.categories:
            raise RegisterError(
                gettext_lazy(
                    "activity '%(activity)s' is for %(wanted)s, but the subject is %(actual)s"
                ),
                activity=activity,
                wanted=", ".join(declared.subjects),
                actual=", ".join(subject.categories),
            )
        raise RegisterError(
            gettext_lazy(
                "activity '%(activity)s' is for %(wanted)s, but the subject is in no category"
            ),
            activity=activity,
            wanted=", ".join(declared.subjects),
        )


def check_source(source: str, declaration: Declaration) -> str:
    """The source in normal form: ``data_subject``, a recipient key, a subject
    category key, or ``public: <where>`` (SPEC section 2, activity sources)."""
    text = source.strip()
    if text.lower().startswith(PUBLIC_SOURCE_PREFIX):
        where = text[len(PUBLIC_SOURCE_PREFIX) :].strip()
        if not where:
            raise RegisterError(
                gettext_lazy("source: say where the public source is, e.g. 'public: LinkedIn'")
            )
        return clean_text(f"{PUBLIC_SOURCE_PREFIX} {where}", field="source")
    if (
        text == "data_subject"
        or text in declaration.recipients
        or text in declaration.subject_categories
    ):
        return text
    raise RegisterError(
        gettext_lazy(
            "source: '%(source)s' is not data_subject, a declared recipient, a subject category, "
            "or 'public: <where>'"
        ),
        source=text,
    )


def source_kind(source: str) -> str:
    """The source as the audit trail may name it (a public source's text is left out)."""
    return "public" if source.startswith(PUBLIC_SOURCE_PREFIX) else source


def check_event_name(name: str, declaration: Declaration) -> None:
    """RegisterError unless ``name`` may be recorded by hand: a known event
    (see ``check_known_event``) that is not in DERIVED_EVENTS."""
    base, _ = split_event(name)
    if base in DERIVED_EVENTS:
        raise RegisterError(
            gettext_lazy("name: '%(name)s' is not recorded by hand: %(instead)s"),
            name=name,
            instead=DERIVED_EVENTS[base],
        )
    check_known_event(name, declaration)


def check_known_event(name: str, declaration: Declaration) -> None:
    """RegisterError unless a retention rule could name ``name``: a built-in
    event, a declared one, or a consent event for a declared purpose."""
    problem = event_problem(name, declaration)
    if problem is not None:
        raise RegisterError("name: %(problem)s", problem=Said(problem))


def check_party(*, subject: DataSubject | None, organisation: Organisation | None) -> None:
    if (subject is None) == (organisation is None):
        raise RegisterError("a relationship is with a subject or an organisation: give one of them")
