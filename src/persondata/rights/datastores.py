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

from persondata.policy.schema import Declaration
from persondata.subjects.models import DataSubject, PurposeLink, Record
from persondata.subjects.queries import active_legal_holds

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


_registry: list[Datastore] = []


def _stores() -> list[Datastore]:
    # The register is added on first use: its module imports this one.
    if not _registry:
        from persondata.rights.register_store import RegisterDatastore

        _registry.append(RegisterDatastore())
    return _registry


def registered_datastores() -> list[Datastore]:
    """Every datastore, the register first, in the order they were registered."""
    return list(_stores())


def register_datastore(store: Datastore) -> None:
    """Add ``store`` to the registry. Raises ValueError when its name is taken."""
    if any(existing.name == store.name for existing in _stores()):
        raise ValueError(f"a datastore named {store.name!r} is already registered")
    _registry.append(store)


def unregister_datastore(name: str) -> None:
    """Remove the datastore called ``name``. Raises ValueError for the register
    itself (it is always there) and for a name that is not registered."""
    if name == REGISTER:
        raise ValueError("the register is always a datastore and cannot be removed")
    for index, store in enumerate(_stores()):
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
