"""Changes to consents, objections and restrictions.

Every action checks all its input before writing, runs in one transaction
and writes its audit entry there. Audit entries name the subject by its
pseudonym and hold no personal data: no IP address, user agent, reason or
statement (those stay in the consent tables, which erasure pseudonymises).

- ``give_consent`` / ``withdraw_consent`` append to the ledger and record
  the ``consent_given:<purpose>`` / ``consent_withdrawn:<purpose>`` event
  through the register (``record_consent_event``; the register's
  ``record_event`` refuses these names, so no consent event exists without
  its ledger entry), so the retention engine recomputes due dates (a
  newsletter address becomes due 5 days after withdrawal in the demo).
  A withdrawal takes effect from when the person withdrew, by default now,
  and never reaches back before the consent it ends (GDPR Art. 7(3)).
- ``object_to_direct_marketing`` is absolute and immediate (Art. 21(3)):
  every channel, whatever consents exist, until the person explicitly asks
  for it to end (``lift_objection``).
- ``restrict_processing`` / ``lift_restriction`` (Art. 18) set and clear
  ``DataSubject.restricted_at`` and keep the history in ``Restriction``.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from persondata.audit.actions import subject_pseudonym, write_audit_entry
from persondata.consent.errors import ConsentError
from persondata.consent.models import (
    EVIDENCE_KEYS,
    Channel,
    ConsentEntry,
    MarketingObjection,
    Restriction,
    UnsubscribeGeneration,
)
from persondata.consent.queries import Proof, consent_proofs, objection_in_force
from persondata.policy.queries import current_declaration
from persondata.policy.schema import ConsentPurpose, Declaration
from persondata.subjects.actions.records import record_consent_event
from persondata.subjects.models import DataSubject
from persondata.subjects.validation import InvalidValue, refuse_card_number

_TEXT_LIMITS = {"form": 120, "staff": 150, "reference": 200, "user_agent": 300}
# The purpose key of links that object to all direct marketing (a refusal
# under markedsføringsloven § 10, stk. 2); no declared key starts with "-".
OBJECTION_LINKS = "-"


def _declaration() -> Declaration:
    declaration = current_declaration()
    if declaration is None:
        raise ConsentError(
            "no declaration has been applied, so there are no consent purposes; run "
            "'persondata policy apply FILE' first"
        )
    return declaration


def _check_actor(actor: str) -> str:
    if not isinstance(actor, str) or not actor.strip():
        raise ConsentError("actor: say who records this (e.g. 'staff:karen' or 'privacy-center')")
    if len(actor) > 150:
        raise ConsentError(f"actor: is {len(actor)} characters long; the most is 150")
    return actor.strip()


def _check_subject(subject: DataSubject) -> DataSubject:
    if not isinstance(subject, DataSubject) or subject.pk is None:
        raise ConsentError("subject: give a data subject stored in the register")
    locked = DataSubject.objects.select_for_update().filter(pk=subject.pk).first()
    if locked is None:
        raise ConsentError(f"subject: {subject.key} is no longer in the register")
    return locked


def _check_channel(channel: str, *, field: str = "channel") -> str:
    if channel not in Channel.values:
        raise ConsentError(
            f"{field}: '{channel}' is not a channel; choose from {', '.join(Channel.values)}"
        )
    return channel


def _check_purpose(declaration: Declaration, purpose: str) -> ConsentPurpose:
    found = declaration.consent_purposes.get(purpose)
    if found is None:
        known = ", ".join(declaration.consent_purposes) or "none are declared"
        raise ConsentError(
            f"purpose: '{purpose}' is not a consent purpose of the applied declaration "
            f"(known: {known})"
        )
    return found


def _check_text(value: Any, *, field: str, limit: int) -> str:
    if not isinstance(value, str):
        raise ConsentError(f"{field}: give text, not {type(value).__name__}")
    text = value.strip()
    if len(text) > limit:
        raise ConsentError(f"{field}: is {len(text)} characters long; the most is {limit}")
    try:
        refuse_card_number(text, field=field)
    except InvalidValue as exc:
        raise ConsentError(str(exc)) from None
    return text


def clean_evidence(evidence: Mapping[str, Any] | None) -> dict[str, str]:
    """The evidence as stored: only EVIDENCE_KEYS, texts within their limits,
    ``ip`` a valid IPv4 or IPv6 address. Raises ConsentError naming the key."""
    clean: dict[str, str] = {}
    for key, value in (evidence or {}).items():
        field = f"evidence.{key}"
        if key not in EVIDENCE_KEYS:
            raise ConsentError(
                f"{field}: is not a kind of evidence; use {', '.join(EVIDENCE_KEYS)}"
            )
        if key == "ip":
            try:
                clean[key] = str(ipaddress.ip_address(str(value).strip()))
            except ValueError:
                raise ConsentError(f"{field}: '{value}' is not an IP address") from None
            continue
        text = _check_text(value, field=field, limit=_TEXT_LIMITS[key])
        if text:
            clean[key] = text
    return clean


def _check_moment(at: datetime | None, *, now: datetime) -> datetime:
    if at is None:
        return now
    if not isinstance(at, datetime) or timezone.is_naive(at):
        raise ConsentError("at: give a date and time with a time zone")
    if at > now:
        raise ConsentError(f"at: {at.isoformat()} is in the future")
    return at


def _latest(subject: DataSubject, purpose: str) -> ConsentEntry | None:
    return (
        ConsentEntry.objects.filter(subject=subject, purpose=purpose).order_by("-at", "-id").first()
    )


def _append(
    *,
    subject: DataSubject,
    purpose: str,
    version: int,
    texts: tuple[str, str],
    given: bool,
    at: datetime,
    channel: str,
    evidence: dict[str, str],
    actor: str,
) -> ConsentEntry:
    entry = ConsentEntry(
        subject=subject,
        subject_ref=subject_pseudonym(str(subject.key)),
        purpose=purpose,
        version=version,
        text_da=texts[0],
        text_en=texts[1],
        given=given,
        at=at,
        channel=channel,
        evidence={k: v for k, v in evidence.items() if k not in ConsentEntry.PERSONAL_FIELDS},
        ip=evidence.get("ip", ""),
        user_agent=evidence.get("user_agent", ""),
        recorded_by=actor,
        recorded_at=timezone.now(),
    )
    entry.save(force_insert=True)
    write_audit_entry(
        action="consent.give" if given else "consent.withdraw",
        actor=actor,
        object_type="consent_entry",
        object_id=str(entry.pk),
        subject_key=str(subject.key),
        details={
            "purpose": purpose,
            "version": version,
            "channel": channel,
            "at": at.isoformat(),
            "evidence": sorted(evidence),
        },
    )
    return entry


def give_consent(
    *,
    actor: str,
    subject: DataSubject,
    purpose: str,
    channel: str,
    evidence: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> ConsentEntry:
    """Record that the subject consented to ``purpose`` in the version of its
    text the declaration holds now (GDPR Art. 7(1): the controller must be
    able to show it), and fire ``consent_given:<purpose>``.

    ``at`` is when the person consented (default now); a paper form or an
    import may give an earlier time, but never one in the future or before
    the latest entry for the purpose (the ledger stays in time order).
    When the latest entry already gives consent to the same version,
    nothing is written and that entry is returned. Raises ConsentError,
    writing nothing, for an unknown purpose or channel, bad evidence, a bad
    ``at``, or before a declaration is applied.
    """
    declaration = _declaration()
    clean_actor = _check_actor(actor)
    declared = _check_purpose(declaration, purpose)
    clean_channel = _check_channel(channel)
    clean = clean_evidence(evidence)
    now = timezone.now()
    moment = _check_moment(at, now=now)
    with transaction.atomic():
        locked = _check_subject(subject)
        latest = _latest(locked, purpose)
        if latest is not None and latest.given and latest.version == declared.version:
            return latest
        if latest is not None and moment < latest.at:
            raise ConsentError(
                f"at: {moment.isoformat()} is before the latest entry for '{purpose}' "
                f"({latest.at.isoformat()}); the ledger is kept in time order"
            )
        entry = _append(
            subject=locked,
            purpose=purpose,
            version=declared.version,
            texts=(declared.text.get("da"), declared.text.get("en")),
            given=True,
            at=moment,
            channel=clean_channel,
            evidence=clean,
            actor=clean_actor,
        )
        record_consent_event(
            actor=clean_actor,
            subject=locked,
            purpose=purpose,
            given=True,
            occurred_on=timezone.localdate(moment),
        )
    return entry


def withdraw_consent(
    *,
    actor: str,
    subject: DataSubject,
    purpose: str,
    channel: str = Channel.STAFF,
    evidence: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> ConsentEntry | None:
    """Withdraw the subject's consent to ``purpose`` from now on (GDPR Art. 7(3);
    never retroactive) and fire ``consent_withdrawn:<purpose>``.

    ``at`` is when the person withdrew, for a withdrawal that reached us
    earlier than it is recorded (a letter, an import, the demo's history);
    by default now. It is never in the future nor before the consent it
    ends, so processing under the consent before it stays lawful.
    The entry repeats the version and text of the consent it ends. Returns
    None, writing nothing, when no consent to the purpose is in force (so a
    second click on an unsubscribe link does not move retention dates). A
    purpose the declaration no longer has can still be withdrawn when the
    ledger holds a consent to it; no event is fired then, since no rule can
    name it. Raises ConsentError, writing nothing, for a purpose neither
    declared nor in the subject's ledger, an unknown channel, bad evidence
    or a bad ``at``.
    """
    declaration = _declaration()
    clean_actor = _check_actor(actor)
    clean_channel = _check_channel(channel)
    clean = clean_evidence(evidence)
    moment = None if at is None else _check_moment(at, now=timezone.now())
    declared = purpose in declaration.consent_purposes
    with transaction.atomic():
        locked = _check_subject(subject)
        latest = _latest(locked, purpose)
        if latest is None and not declared:
            _check_purpose(declaration, purpose)
        if latest is None or not latest.given:
            return None
        if moment is not None and moment < latest.at:
            raise ConsentError(
                f"at: {moment.isoformat()} is before the consent to '{purpose}' it ends "
                f"({latest.at.isoformat()}); a withdrawal never reaches back"
            )
        entry = _append(
            subject=locked,
            purpose=purpose,
            version=latest.version,
            texts=(latest.text_da, latest.text_en),
            given=False,
            at=max(timezone.now(), latest.at) if moment is None else moment,
            channel=clean_channel,
            evidence=clean,
            actor=clean_actor,
        )
        if declared:
            record_consent_event(
                actor=clean_actor,
                subject=locked,
                purpose=purpose,
                given=False,
                occurred_on=timezone.localdate(entry.at),
            )
    return entry


def object_to_direct_marketing(
    *,
    actor: str,
    subject: DataSubject,
    source: str = Channel.STAFF,
    reference: str = "",
) -> MarketingObjection:
    """Record the subject's objection to direct marketing (GDPR Art. 21(2)-(3)):
    from now on, on every channel, no consent or exception makes them
    eligible. ``source`` is how it reached us; ``reference`` e.g. a request
    number (kept out of the audit trail).

    Returns the objection already in force, writing nothing, if there is one.
    Raises ConsentError, writing nothing, for an unknown source or a bad
    reference.
    """
    clean_actor = _check_actor(actor)
    clean_source = _check_channel(source, field="source")
    clean_reference = _check_text(reference, field="reference", limit=200)
    with transaction.atomic():
        locked = _check_subject(subject)
        existing = objection_in_force(locked)
        if existing is not None:
            return existing
        objection = MarketingObjection.objects.create(
            subject=locked,
            subject_ref=subject_pseudonym(str(locked.key)),
            at=timezone.now(),
            source=clean_source,
            reference=clean_reference,
            recorded_by=clean_actor,
        )
        write_audit_entry(
            action="consent.object",
            actor=clean_actor,
            object_type="marketing_objection",
            object_id=str(objection.pk),
            subject_key=str(locked.key),
            details={"source": clean_source, "channels": MarketingObjection.ALL_CHANNELS},
        )
    return objection


def lift_objection(
    *, actor: str, subject: DataSubject, statement: str, channel: str
) -> MarketingObjection:
    """End the subject's objection to direct marketing, only because the
    person explicitly asked: ``statement`` records what they said (e.g.
    "wrote on 2026-03-01: I want your offers again"), ``channel`` how.

    Lifting does not give consent: marketing needs a consent or the
    existing-customer exception again. Raises ConsentError, writing
    nothing, without a statement, for an unknown channel, or when no
    objection is in force.
    """
    clean_actor = _check_actor(actor)
    clean_statement = _check_text(statement, field="statement", limit=2000)
    if not clean_statement:
        raise ConsentError(
            "statement: an objection ends only when the person asks for it; record what they "
            "said and when"
        )
    clean_channel = _check_channel(channel)
    with transaction.atomic():
        locked = _check_subject(subject)
        objection = objection_in_force(locked)
        if objection is None:
            raise ConsentError(f"subject: {locked.key} has no objection to direct marketing")
        objection.lifted_at = timezone.now()
        objection.lifted_by = clean_actor
        objection.lift_channel = clean_channel
        objection.lift_statement = clean_statement
        objection.save(update_fields=["lifted_at", "lifted_by", "lift_channel", "lift_statement"])
        write_audit_entry(
            action="consent.lift_objection",
            actor=clean_actor,
            object_type="marketing_objection",
            object_id=str(objection.pk),
            subject_key=str(locked.key),
            details={"channel": clean_channel},
        )
    return objection


def restrict_processing(*, actor: str, subject: DataSubject, reason: str = "") -> Restriction:
    """Restrict the processing of the subject's data (GDPR Art. 18): from now
    on it is only stored, and no marketing list includes the subject.

    ``reason`` (e.g. "accuracy contested, request 12") stays out of the
    audit trail. Raises ConsentError, writing nothing, when the subject is
    already restricted, or for a reason with a card number or over 2000
    characters.
    """
    clean_actor = _check_actor(actor)
    clean_reason = _check_text(reason, field="reason", limit=2000)
    with transaction.atomic():
        locked = _check_subject(subject)
        if locked.restricted_at is not None:
            raise ConsentError(
                f"subject: {locked.key} is already restricted since "
                f"{timezone.localtime(locked.restricted_at).isoformat(timespec='minutes')}"
            )
        now = timezone.now()
        restriction = Restriction.objects.create(
            subject=locked,
            subject_ref=subject_pseudonym(str(locked.key)),
            started_at=now,
            started_by=clean_actor,
            reason=clean_reason,
        )
        DataSubject.objects.filter(pk=locked.pk).update(restricted_at=now, updated_at=now)
        subject.restricted_at = now
        write_audit_entry(
            action="consent.restrict",
            actor=clean_actor,
            object_type="restriction",
            object_id=str(restriction.pk),
            subject_key=str(locked.key),
            details={},
        )
    return restriction


def lift_restriction(*, actor: str, subject: DataSubject, reason: str = "") -> Restriction:
    """End the restriction of the subject's processing (Art. 18(3): the
    subject is told before it is lifted; record that in ``reason``).

    Raises ConsentError, writing nothing, when the subject is not restricted.
    """
    clean_actor = _check_actor(actor)
    clean_reason = _check_text(reason, field="reason", limit=2000)
    with transaction.atomic():
        locked = _check_subject(subject)
        if locked.restricted_at is None:
            raise ConsentError(f"subject: {locked.key} is not restricted")
        now = timezone.now()
        restriction = Restriction.objects.filter(subject=locked, lifted_at__isnull=True).first()
        if restriction is None:
            # Restricted before this history existed: keep its start.
            restriction = Restriction(
                subject=locked,
                subject_ref=subject_pseudonym(str(locked.key)),
                started_at=locked.restricted_at,
                started_by="unknown",
            )
        restriction.lifted_at = now
        restriction.lifted_by = clean_actor
        restriction.lift_reason = clean_reason
        restriction.save()
        DataSubject.objects.filter(pk=locked.pk).update(restricted_at=None, updated_at=now)
        subject.restricted_at = None
        write_audit_entry(
            action="consent.lift_restriction",
            actor=clean_actor,
            object_type="restriction",
            object_id=str(restriction.pk),
            subject_key=str(locked.key),
            details={},
        )
    return restriction


def revoke_unsubscribe_links(*, actor: str, subject: DataSubject, purpose: str) -> int:
    """Make every unsubscribe link of the subject for ``purpose`` given out so
    far invalid (e.g. a link that leaked); new links use the returned
    generation. ``purpose`` is a consent purpose key, or OBJECTION_LINKS for
    the links that object to all direct marketing. Raises ConsentError for
    any other purpose."""
    clean_actor = _check_actor(actor)
    if purpose != OBJECTION_LINKS:
        _check_purpose(_declaration(), purpose)
    with transaction.atomic():
        locked = _check_subject(subject)
        row, _created = UnsubscribeGeneration.objects.select_for_update().get_or_create(
            subject=locked, purpose=purpose, defaults={"changed_at": timezone.now()}
        )
        row.generation += 1
        row.changed_at = timezone.now()
        row.save(update_fields=["generation", "changed_at"])
        write_audit_entry(
            action="consent.revoke_links",
            actor=clean_actor,
            object_type="unsubscribe_generation",
            object_id=str(row.pk),
            subject_key=str(locked.key),
            details={"purpose": purpose, "generation": row.generation},
        )
    return row.generation


def export_proofs(*, actor: str, subject: DataSubject, purpose: str | None = None) -> list[Proof]:
    """The subject's consent history for ``purpose``, or for every purpose in
    their ledger when None (``queries.consent_proofs``), with an audit entry:
    a proof shows IP addresses and user agents.

    Raises ConsentError for a purpose neither declared nor in the ledger.
    """
    clean_actor = _check_actor(actor)
    proofs = consent_proofs(subject, purpose)
    with transaction.atomic():
        write_audit_entry(
            action="consent.proof",
            actor=clean_actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={
                "purposes": [proof.purpose for proof in proofs],
                "entries": sum(len(proof.entries) for proof in proofs),
            },
        )
    return proofs


def record_list_check(*, actor: str, channel: str, checked: int, eligible: int, via: str) -> None:
    """Audit that a list of ``checked`` addresses was filtered for ``channel``
    (``via`` cli or api); only the counts are recorded, never addresses."""
    clean_actor = _check_actor(actor)
    with transaction.atomic():
        write_audit_entry(
            action="marketing.filter",
            actor=clean_actor,
            object_type="address_list",
            details={"channel": channel, "checked": checked, "eligible": eligible, "via": via},
        )


def pseudonymise_ledger_for(subject: DataSubject, *, actor: str = "erasure") -> dict[str, int]:
    """Detach the subject's consent entries, objections and restrictions
    before the subject is erased (GDPR Art. 17): ``subject`` becomes NULL,
    the audit pseudonym stays, and what identifies the person (IP address,
    user agent, references, reasons, statements) is blanked. Returns how
    many rows of each kind changed.

    Call it in the erasing transaction, before ``subject.delete()``. Deleting
    a subject without it has the same effect on the rows (``models.
    pseudonymise_on_delete``) but writes no audit entry of its own.
    """
    with transaction.atomic():
        counts = {
            "consent_entries": ConsentEntry.objects.filter(subject=subject).pseudonymise(),
            "objections": _pseudonymise(MarketingObjection, subject),
            "restrictions": _pseudonymise(Restriction, subject),
        }
        if any(counts.values()):
            write_audit_entry(
                action="consent.pseudonymise",
                actor=_check_actor(actor),
                object_type="subject",
                object_id=str(subject.pk),
                subject_key=str(subject.key),
                details={"counts": counts},
            )
    return counts


def _pseudonymise(model: type[MarketingObjection] | type[Restriction], subject: DataSubject) -> int:
    blank = dict.fromkeys(model.PERSONAL_FIELDS, "")
    return model.objects.filter(subject=subject).update(
        subject=None, pseudonymised_at=timezone.now(), **blank
    )
