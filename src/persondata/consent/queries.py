"""Read-only questions about consents: a subject's history for one purpose
(the proof), their state per purpose (the privacy center) and finding a
subject by an identifier. Nothing here writes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from persondata.consent.errors import ConsentError, SubjectNotFound
from persondata.consent.models import ConsentEntry, MarketingObjection
from persondata.policy.queries import current_declaration
from persondata.subjects.models import DataSubject
from persondata.subjects.validation import InvalidValue, normalise_email, normalise_phone


def find_subject(identifier: str) -> DataSubject:
    """The subject with this key (UUID), e-mail address or phone number.

    Raises SubjectNotFound when nobody has it; ConsentError for text that is
    none of the three, or a phone number several subjects share (give the
    e-mail or key then).
    """
    text = identifier.strip()
    try:
        key = uuid.UUID(text)
    except ValueError:
        key = None
    if key is not None:
        found = DataSubject.objects.filter(key=key).first()
    elif "@" in text:
        try:
            found = DataSubject.objects.filter(email=normalise_email(text)).first()
        except InvalidValue as exc:
            raise ConsentError(f"subject: {exc.reason}") from None
    else:
        try:
            phone = normalise_phone(text)
        except InvalidValue:
            raise ConsentError(
                f"subject: '{identifier}' is not a subject key, e-mail address or phone number"
            ) from None
        matches = list(DataSubject.objects.filter(phone=phone)[:2])
        if len(matches) > 1:
            raise ConsentError(
                f"subject: several subjects have the phone number {phone}; give the e-mail "
                "address or the subject key instead"
            )
        found = matches[0] if matches else None
    if found is None:
        raise SubjectNotFound(f"subject: no subject has '{identifier}'")
    return found


@dataclass(frozen=True)
class ProofEntry:
    """One ledger entry as a proof shows it (with the evidence in full)."""

    at: datetime
    given: bool
    version: int
    channel: str
    evidence: dict[str, str]
    recorded_by: str
    recorded_at: datetime

    def as_json(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "given": self.given,
            "version": self.version,
            "channel": self.channel,
            "evidence": self.evidence,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at.isoformat(),
        }


@dataclass(frozen=True)
class Proof:
    """A subject's full consent history for one purpose, with every text
    version they were shown (GDPR Art. 7(1)). ``declared_version`` is None
    when the declaration no longer has the purpose."""

    subject_key: str
    purpose: str
    controller: str
    declared_version: int | None
    entries: list[ProofEntry]
    texts: dict[int, dict[str, str]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return bool(self.entries) and self.entries[-1].given

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject_key,
            "purpose": self.purpose,
            "controller": self.controller,
            "declared_version": self.declared_version,
            "active": self.active,
            "entries": [entry.as_json() for entry in self.entries],
            "texts": [
                {"version": version, "da": text["da"], "en": text["en"]}
                for version, text in sorted(self.texts.items())
            ],
        }


def consent_proofs(subject: DataSubject, purpose: str | None = None) -> list[Proof]:
    """The proof for one purpose, or (``purpose`` None) for every purpose in
    the subject's ledger, in the order they were first consented to.

    Raises ConsentError as consent_proof.
    """
    if purpose is not None:
        return [consent_proof(subject, purpose)]
    purposes = dict.fromkeys(
        ConsentEntry.objects.filter(subject=subject)
        .order_by("at", "id")
        .values_list("purpose", flat=True)
    )
    return [consent_proof(subject, key) for key in purposes]


def consent_proof(subject: DataSubject, purpose: str) -> Proof:
    """The proof for ``subject`` and ``purpose``, oldest entry first.

    Raises ConsentError when the purpose is neither declared nor in the
    subject's ledger (a typo, most likely).
    """
    declaration = current_declaration()
    declared = declaration.consent_purposes.get(purpose) if declaration else None
    rows = list(ConsentEntry.objects.filter(subject=subject, purpose=purpose).order_by("at", "id"))
    if declared is None and not rows:
        known = ", ".join(declaration.consent_purposes) if declaration else ""
        raise ConsentError(
            f"purpose: '{purpose}' is not a consent purpose (known: {known or 'none'})"
        )
    texts: dict[int, dict[str, str]] = {}
    for row in rows:
        texts.setdefault(row.version, {"da": row.text_da, "en": row.text_en})
    return Proof(
        subject_key=str(subject.key),
        purpose=purpose,
        controller=declaration.controller.name if declaration else "",
        declared_version=declared.version if declared else None,
        entries=[proof_entry(row) for row in rows],
        texts=texts,
    )


def proof_entry(row: ConsentEntry) -> ProofEntry:
    """One ledger entry as a proof shows it: the IP address and user agent,
    kept in their own columns, join the rest of the evidence."""
    evidence = dict(row.evidence)
    if row.ip:
        evidence["ip"] = row.ip
    if row.user_agent:
        evidence["user_agent"] = row.user_agent
    return ProofEntry(
        at=row.at,
        given=row.given,
        version=row.version,
        channel=row.channel,
        evidence=evidence,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


def latest_entry(subject: DataSubject, purpose: str) -> ConsentEntry | None:
    """The subject's latest ledger entry for ``purpose`` (by when the person
    gave or withdrew it, then by when it was stored), or None when the
    ledger has none."""
    return (
        ConsentEntry.objects.filter(subject=subject, purpose=purpose).order_by("-at", "-id").first()
    )


@dataclass(frozen=True)
class PurposeState:
    """A consent purpose as the privacy center shows it to the subject.

    ``latest`` is the subject's latest entry (None: never asked);
    ``current_text``/``current_version`` are the declared ones (None when
    the purpose is no longer declared)."""

    purpose: str
    latest: ConsentEntry | None
    current_version: int | None
    current_text: str | None

    @property
    def given(self) -> bool:
        return self.latest is not None and self.latest.given

    @property
    def outdated(self) -> bool:
        """Given, but to an earlier version than the declared one."""
        return (
            self.given
            and self.current_version is not None
            and self.latest is not None
            and self.latest.version != self.current_version
        )


def consent_states(subject: DataSubject, language: str) -> list[PurposeState]:
    """Every declared consent purpose, then any other purpose in the subject's
    ledger, with the subject's latest entry for each."""
    declaration = current_declaration()
    declared = declaration.consent_purposes if declaration else {}
    latest: dict[str, ConsentEntry] = {}
    for entry in ConsentEntry.objects.filter(subject=subject).order_by("at", "id"):
        latest[entry.purpose] = entry
    states = [
        PurposeState(key, latest.get(key), purpose.version, purpose.text.get(language))
        for key, purpose in declared.items()
    ]
    states += [
        PurposeState(key, entry, None, None) for key, entry in latest.items() if key not in declared
    ]
    return states


def objection_in_force(subject: DataSubject) -> MarketingObjection | None:
    """The subject's objection to direct marketing in force now, or None."""
    return (
        MarketingObjection.objects.filter(subject=subject, lifted_at__isnull=True)
        .order_by("at", "id")
        .first()
    )
