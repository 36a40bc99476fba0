"""Where a subject's data is held: the register, and later the company's other systems.

Access and erasure requests are carried out over every datastore in the
registry, so that a connector to an external database (SPEC section 8)
plugs in with ``register_datastore`` and is covered by access reports and
erasures without changing the execution code.

Rules of this module:
- A datastore answers ``access`` with the items it holds about the subject
  (values in clear; reading sensitive ones is the datastore's to audit).
- ``erase`` follows a plan worked out before anything is erased
  (``plan_erasure``): what must be kept, for which activity, why and until
  when. A datastore erases everything of the subject the plan does not keep.
- A datastore that cannot erase something reports it in ``failures``; it
  never reports a silent success. An exception from an external datastore
  is turned into a failure by the caller, so one broken connector does not
  undo the register's erasure, and the answer says what failed.
- The built-in register is always the first datastore and runs inside the
  request's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.utils import timezone

from persondata.audit.actions import write_audit_entry
from persondata.lib.crypto import decrypt
from persondata.policy.schema import Declaration
from persondata.retention import engine
from persondata.subjects.actions import erase_subject
from persondata.subjects.models import ContactLink, DataSubject, Event, PurposeLink, Record
from persondata.subjects.queries import active_legal_holds, relationships_of
from persondata.subjects.sensitive import cpr_context, key_ring, record_context

REGISTER = "register"
# Why a link survives an erasure request (GDPR Art. 17(3)).
KEPT_FOR_LEGAL_OBLIGATION = "legal_obligation"
KEPT_FOR_LEGAL_HOLD = "legal_hold"


@dataclass(frozen=True)
class FoundItem:
    """One piece of data a datastore holds about the subject.

    ``kind`` is ``identifier``, ``record``, ``event``, ``relationship`` or
    ``contact`` (or a connector's own word); ``category`` the data category
    key for records, else the identifier, event or relationship name.
    ``held_for`` pairs each activity the item is held for with its due date
    (None: no date yet). ``reference`` says where it is ("record 12",
    "crm.customers.email").
    """

    datastore: str
    kind: str
    category: str
    value: str
    source: str = ""
    collected_on: date | None = None
    held_for: tuple[tuple[str, date | None], ...] = ()
    reference: str = ""


@dataclass(frozen=True)
class KeptLink:
    """A purpose link an erasure keeps: its record, activity, why and until when."""

    link_id: int
    record_id: int
    data_category: str
    activity: str
    reason: str
    until: date | None


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure request erases and keeps, decided before anything is erased.

    ``scope`` None means every activity (an erasure request); a set of
    activity keys limits the plan to them (an upheld objection, Art. 21(1)).
    ``kept_categories`` tells external datastores which data categories must
    survive; ``erase_subject`` is True when nothing at all is kept.
    """

    scope: frozenset[str] | None
    kept: tuple[KeptLink, ...]
    links_to_remove: tuple[int, ...]
    records_to_erase: tuple[int, ...]
    erase_subject: bool
    holds_in_force: bool = False

    @property
    def kept_categories(self) -> frozenset[str]:
        return frozenset(k.data_category for k in self.kept)

    def keeps(self, data_category: str) -> bool:
        """True when data of ``data_category`` must be kept (an external datastore asks)."""
        return data_category in self.kept_categories


@dataclass
class ErasureResult:
    """What one datastore did; ``failures`` names everything it could not erase."""

    datastore: str
    erased: int = 0
    kept: int = 0
    failures: list[str] = field(default_factory=list)


class Datastore(Protocol):
    """A place that holds personal data and can be searched and erased for one subject."""

    name: str

    def access(self, subject: DataSubject, *, actor: str, purpose: str) -> list[FoundItem]:
        """Every item held about ``subject``; ``purpose`` is recorded for audited reads."""
        ...

    def erase(
        self, subject: DataSubject, plan: ErasurePlan, *, actor: str, reason: str
    ) -> ErasureResult:
        """Erase what ``plan`` does not keep; report what could not be erased."""
        ...


def plan_erasure(
    subject: DataSubject,
    declaration: Declaration,
    *,
    today: date,
    scope: frozenset[str] | None = None,
) -> ErasurePlan:
    """Which of the subject's purpose links an erasure keeps, and which go (Art. 17(3)).

    A link is kept when its activity rests on a legal obligation
    (``legal_obligation`` among its legal bases, Art. 17(3)(b)) until its
    stored due date, or while a legal hold covers it (the whole subject or
    that activity, Art. 17(3)(e)). Every other link in ``scope`` is removed;
    a record left without links is erased. Links of activities the
    declaration no longer has are removed. Reads only.
    """
    holds = list(active_legal_holds(subject, today=today))
    whole_subject_held = any(h.activity is None for h in holds)
    held_activities = {h.activity: h.ends_on for h in holds if h.activity is not None}
    hold_end = next((h.ends_on for h in holds if h.activity is None), None)
    kept: list[KeptLink] = []
    remove: list[int] = []
    remaining: dict[int, int] = {}
    links = PurposeLink.objects.filter(record__subject=subject).values_list(
        "id", "record_id", "record__data_category", "activity", "due_on"
    )
    for link_id, record_id, category, activity_key, due_on in links:
        remaining.setdefault(record_id, 0)
        if scope is not None and activity_key not in scope:
            remaining[record_id] += 1
            continue
        activity = declaration.activities.get(activity_key)
        if whole_subject_held or activity_key in held_activities:
            until = hold_end if whole_subject_held else held_activities[activity_key]
            kept.append(
                KeptLink(link_id, record_id, category, activity_key, KEPT_FOR_LEGAL_HOLD, until)
            )
            remaining[record_id] += 1
        elif activity is not None and "legal_obligation" in activity.legal_bases:
            kept.append(
                KeptLink(
                    link_id, record_id, category, activity_key, KEPT_FOR_LEGAL_OBLIGATION, due_on
                )
            )
            remaining[record_id] += 1
        else:
            remove.append(link_id)
    # A record without links at all is not held for anything and goes too.
    records_to_erase = tuple(sorted(rid for rid, left in remaining.items() if left == 0))
    if scope is None:
        unlinked = Record.objects.filter(subject=subject, links__isnull=True).values_list(
            "id", flat=True
        )
        records_to_erase = tuple(sorted({*records_to_erase, *unlinked}))
    return ErasurePlan(
        scope=scope,
        kept=tuple(kept),
        links_to_remove=tuple(sorted(remove)),
        records_to_erase=records_to_erase,
        erase_subject=scope is None and not kept and not holds,
        holds_in_force=bool(holds),
    )


class RegisterDatastore:
    """persondata's own register (``persondata.subjects``): the first datastore."""

    name = REGISTER

    def access(self, subject: DataSubject, *, actor: str, purpose: str) -> list[FoundItem]:
        """The subject's identifiers, records (sensitive ones decrypted), events,
        relationships and contact links. Decrypted values are audited in one
        ``record.read_sensitive`` entry naming the records and ``purpose``.
        Raises CryptoError when a stored value cannot be decrypted."""
        items, cpr_read = self._identifiers(subject)
        key = str(subject.key)
        ring = key_ring()
        decrypted: list[int] = []
        records = Record.objects.filter(subject=subject).prefetch_related("links")
        for record in records:
            if record.value_encrypted is None:
                value = record.value or ""
            else:
                value = decrypt(
                    record.value_encrypted,
                    associated=record_context(key, record.data_category),
                    ring=ring,
                )
                decrypted.append(record.pk)
            items.append(
                FoundItem(
                    datastore=self.name,
                    kind="record",
                    category=record.data_category,
                    value=value,
                    source=record.source,
                    collected_on=timezone.localdate(record.collected_at),
                    held_for=tuple((link.activity, link.due_on) for link in record.links.all()),
                    reference=f"record {record.pk}",
                )
            )
        if decrypted or cpr_read:
            write_audit_entry(
                action="record.read_sensitive",
                actor=actor,
                object_type="subject",
                object_id=str(subject.pk),
                subject_key=key,
                details={
                    "records": decrypted,
                    "cpr": cpr_read,
                    "purpose": purpose,
                },
            )
        items.extend(self._facts(subject))
        return items

    def _identifiers(self, subject: DataSubject) -> tuple[list[FoundItem], bool]:
        found = [
            FoundItem(self.name, "identifier", "display_name", subject.display_name),
        ]
        for name in ("email", "phone", "customer_number"):
            value = getattr(subject, name)
            if value:
                found.append(FoundItem(self.name, "identifier", name, value))
        if subject.cpr_encrypted:
            cpr = decrypt(
                subject.cpr_encrypted, associated=cpr_context(str(subject.key)), ring=key_ring()
            )
            found.append(FoundItem(self.name, "identifier", "cpr", cpr))
        return found, bool(subject.cpr_encrypted)

    def _facts(self, subject: DataSubject) -> list[FoundItem]:
        found: list[FoundItem] = []
        for event in Event.objects.filter(subject=subject).order_by("occurred_on", "id"):
            found.append(
                FoundItem(
                    self.name,
                    "event",
                    event.name,
                    event.note,
                    collected_on=event.occurred_on,
                    reference=f"event {event.pk}",
                )
            )
        for relation in relationships_of(subject):
            found.append(
                FoundItem(
                    self.name,
                    "relationship",
                    relation.kind,
                    relation.ended.isoformat() if relation.ended else "",
                    collected_on=relation.started,
                    reference=f"relationship {relation.pk}",
                )
            )
        contacts = ContactLink.objects.filter(person=subject).select_related("organisation")
        for contact in contacts:
            found.append(
                FoundItem(
                    self.name,
                    "contact",
                    "organisation",
                    f"{contact.organisation.name}, {contact.role}"
                    if contact.role
                    else contact.organisation.name,
                    collected_on=contact.started,
                    reference=f"contact link {contact.pk}",
                )
            )
        return found

    def erase(
        self, subject: DataSubject, plan: ErasurePlan, *, actor: str, reason: str
    ) -> ErasureResult:
        """Carry out ``plan`` in the register, in the caller's transaction.

        Kept links become ``restricted``; removed links and records without
        links are deleted; when nothing is kept the subject is erased with
        everything about it (``subjects.actions.erase_subject``). One audit
        entry (``rights.erase``) names the records, never their values.
        """
        result = ErasureResult(datastore=self.name, kept=len(plan.kept))
        if plan.erase_subject:
            counts = erase_subject(actor=actor, subject=subject, reason=reason)
            result.erased = counts["records"]
            return result
        write_audit_entry(
            action="rights.erase",
            actor=actor,
            object_type="subject",
            object_id=str(subject.pk),
            subject_key=str(subject.key),
            details={
                "reason": reason,
                "records_erased": list(plan.records_to_erase),
                "links_removed": len(plan.links_to_remove),
                "links_kept": sorted(k.link_id for k in plan.kept),
                "scope": sorted(plan.scope) if plan.scope is not None else None,
            },
        )
        PurposeLink.objects.filter(id__in=[k.link_id for k in plan.kept]).update(restricted=True)
        PurposeLink.objects.filter(id__in=plan.links_to_remove).delete()
        Record.objects.filter(subject=subject, id__in=plan.records_to_erase).delete()
        engine.recompute_subject(subject.pk)
        result.erased = len(plan.records_to_erase)
        return result


_registry: list[Datastore] = [RegisterDatastore()]


def registered_datastores() -> list[Datastore]:
    """Every datastore, the register first, in the order they were registered."""
    return list(_registry)


def register_datastore(store: Datastore) -> None:
    """Add ``store`` to the registry. Raises ValueError when its name is taken."""
    if any(existing.name == store.name for existing in _registry):
        raise ValueError(f"a datastore named {store.name!r} is already registered")
    _registry.append(store)


def unregister_datastore(name: str) -> None:
    """Remove the datastore called ``name``. Raises ValueError for the register
    itself (it is always there) and for a name that is not registered."""
    if name == REGISTER:
        raise ValueError("the register is always a datastore and cannot be removed")
    for index, store in enumerate(_registry):
        if store.name == name:
            del _registry[index]
            return
    raise ValueError(f"no datastore named {name!r} is registered")


def erase_everywhere(
    subject: DataSubject, plan: ErasurePlan, *, actor: str, reason: str
) -> list[ErasureResult]:
    """Run ``plan`` on every datastore. The register's errors propagate (the
    caller's transaction undoes everything); another datastore's exception is
    reported as its failure, since its changes cannot be undone from here."""
    results: list[ErasureResult] = []
    for store in registered_datastores():
        if store.name == REGISTER:
            results.append(store.erase(subject, plan, actor=actor, reason=reason))
            continue
        try:
            results.append(store.erase(subject, plan, actor=actor, reason=reason))
        except Exception as exc:  # one broken connector must not hide the others' results
            results.append(
                ErasureResult(datastore=store.name, failures=[f"{type(exc).__name__}: {exc}"])
            )
    return results


def access_everywhere(subject: DataSubject, *, actor: str, purpose: str) -> list[FoundItem]:
    """Every item every datastore holds about ``subject``. Errors propagate:
    an access report must not silently leave a datastore out."""
    items: list[FoundItem] = []
    for store in registered_datastores():
        items.extend(store.access(subject, actor=actor, purpose=purpose))
    return items
