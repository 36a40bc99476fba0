"""The consent ledger, objections to direct marketing, restrictions and the
small tables behind unsubscribe links and e-mail verification.

Every change goes through ``consent/actions.py`` (or ``consent/verification.py``
for challenges). ``ConsentEntry`` is append-only: a stored entry is never
changed or removed, except when its subject is erased. Then the entry
becomes pseudonymous: ``subject`` is set to NULL, the audit pseudonym in
``subject_ref`` keeps the entries of one person together, and the evidence
that identifies the person (IP address, user agent) is blanked. Objections
and restrictions are treated the same way. This happens on every path that
deletes a subject (``erase_subject``, the retention sweep removing an
emptied subject), through the ``on_delete`` handler ``pseudonymise_on_delete``
below, in the same transaction and set-based; ``actions.pseudonymise_ledger_for``
does it explicitly, with an audit entry, for an erasure that wants to say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from django.db import models
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone

from persondata.subjects.models import DataSubject


def pseudonymise_on_delete(
    collector: Collector, field: models.ForeignKey[Any, Any], sub_objs: Any, using: str
) -> None:
    """``on_delete`` for the ledger's subject keys: detach, blank what identifies
    the person (the model's PERSONAL_FIELDS) and stamp ``pseudonymised_at``.

    The rows are loaded (only their keys) and updated by primary key, so the
    order of the updates does not matter; the ledger's own refusal of
    ``update()`` is not involved, since the collector uses the base manager.
    """
    model = field.model
    collector.add_field_update(field, None, sub_objs)
    names = [*getattr(model, "PERSONAL_FIELDS", ()), "pseudonymised_at"]
    now = timezone.now()
    for name in names:
        target = model._meta.get_field(name)
        if not isinstance(target, models.Field):
            raise TypeError(f"{model.__name__}.{name} is not a column and cannot be blanked")
        collector.add_field_update(target, now if name == "pseudonymised_at" else "", sub_objs)


class Channel(models.TextChoices):
    """How a consent, withdrawal or objection reached the company."""

    WEB_FORM = "web_form", "web form"
    EMAIL_LINK = "email_link", "e-mail link"
    PHONE = "phone", "phone"
    PAPER = "paper", "paper"
    IMPORT = "import", "import"
    STAFF = "staff", "staff"


# What a ConsentEntry's evidence may hold. The IP address and user agent
# identify the person and are kept in their own columns, blanked on erasure.
EVIDENCE_KEYS = ("form", "ip", "user_agent", "staff", "reference")


class LedgerIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove consent entries through the ORM."""


def _refuse(what: str) -> NoReturn:
    raise LedgerIsAppendOnly(
        f"the consent ledger is append-only: {what} is refused; record a new entry with "
        "persondata.consent.actions.give_consent or withdraw_consent"
    )


class ConsentEntryQuerySet(models.QuerySet["ConsentEntry"]):
    """Reads and inserts as usual; updates and deletes are refused."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse(f"updating consent entries ({', '.join(sorted(kwargs)) or 'no fields'})")

    def delete(self) -> NoReturn:
        _refuse("deleting consent entries")

    def bulk_update(
        self, objs: Iterable[ConsentEntry], fields: Iterable[str], batch_size: int | None = None
    ) -> NoReturn:
        _refuse("updating consent entries in bulk")

    def pseudonymise(self) -> int:
        """The one permitted change: detach these entries from their subject
        and blank PERSONAL_FIELDS (for ``actions.pseudonymise_ledger_for``)."""
        blank = dict.fromkeys(ConsentEntry.PERSONAL_FIELDS, "")
        return super().update(subject=None, pseudonymised_at=timezone.now(), **blank)


class ConsentEntry(models.Model):
    """One consent given or withdrawn, with the exact text shown and the evidence.

    ``text_da``/``text_en`` are the purpose's texts at ``version`` when the
    entry was made, so a proof shows what the person agreed to even after
    the declaration changed. ``at`` is when the person gave or withdrew it;
    ``recorded_at`` when the company stored it (later for paper or
    imports). ``evidence`` holds the form, staff member and reference;
    ``ip`` and ``user_agent`` have their own columns. ``subject`` is None
    once the subject was erased; ``subject_ref`` (the audit pseudonym)
    still ties the entries together.
    """

    PERSONAL_FIELDS = ("ip", "user_agent")

    subject = models.ForeignKey(
        DataSubject,
        null=True,
        blank=True,
        on_delete=pseudonymise_on_delete,
        related_name="consent_entries",
    )
    subject_ref = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(max_length=120)
    version = models.PositiveIntegerField()
    text_da = models.TextField()
    text_en = models.TextField()
    given = models.BooleanField()
    at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    evidence = models.JSONField(default=dict, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentEntryQuerySet.as_manager()

    class Meta:
        ordering = ("at", "id")
        verbose_name_plural = "consent entries"
        indexes = (
            models.Index(fields=["subject", "purpose", "at"], name="consent_subject_purpose"),
        )

    def __str__(self) -> str:
        word = "given" if self.given else "withdrawn"
        return f"consent entry {self.pk} ({self.purpose} v{self.version} {word})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("saving a stored consent entry again")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("deleting a consent entry")

    def text(self, language: str) -> str:
        """The text the person was shown, in ``language`` (da or en)."""
        return self.text_en if language == "en" else self.text_da


class MarketingObjection(models.Model):
    """An objection to direct marketing (GDPR Art. 21(2)-(3)).

    It is absolute and covers every channel (``channel`` is always "all"):
    no consent given later overrides it. It ends only when the person
    explicitly asks for it to end; ``lift_statement`` records what they said
    and how (``lift_channel``). ``subject`` is None once the subject was
    erased.
    """

    ALL_CHANNELS = "all"
    PERSONAL_FIELDS = ("reference", "lift_statement")

    subject = models.ForeignKey(
        DataSubject,
        null=True,
        blank=True,
        on_delete=pseudonymise_on_delete,
        related_name="marketing_objections",
    )
    subject_ref = models.CharField(max_length=64, db_index=True)
    channel = models.CharField(max_length=10, default=ALL_CHANNELS, editable=False)
    at = models.DateTimeField()
    source = models.CharField(max_length=20, choices=Channel.choices)
    reference = models.CharField(max_length=200, blank=True)
    recorded_by = models.CharField(max_length=150)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.CharField(max_length=150, blank=True)
    lift_channel = models.CharField(max_length=20, choices=Channel.choices, blank=True)
    lift_statement = models.TextField(blank=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("at", "id")
        indexes = (
            models.Index(
                fields=["subject", "at"],
                condition=Q(lifted_at__isnull=True),
                name="objection_open",
            ),
        )
        constraints = (
            models.CheckConstraint(condition=Q(channel="all"), name="objection_covers_all"),
        )

    def __str__(self) -> str:
        return f"marketing objection {self.pk}"


class Restriction(models.Model):
    """A period of restriction of processing (Art. 18) of one subject.

    The subject's ``restricted_at`` says whether it is restricted now; these
    rows keep the history, so that eligibility at an earlier time can be
    answered. ``lifted_at`` None means still in force.
    """

    PERSONAL_FIELDS = ("reason", "lift_reason")

    subject = models.ForeignKey(
        DataSubject,
        null=True,
        blank=True,
        on_delete=pseudonymise_on_delete,
        related_name="restrictions",
    )
    subject_ref = models.CharField(max_length=64, db_index=True)
    started_at = models.DateTimeField()
    started_by = models.CharField(max_length=150)
    reason = models.TextField(blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.CharField(max_length=150, blank=True)
    lift_reason = models.TextField(blank=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("started_at", "id")
        indexes = (models.Index(fields=["subject", "started_at"], name="restriction_subject"),)
        constraints = (
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(lifted_at__isnull=True, subject__isnull=False),
                name="restriction_one_open",
            ),
        )

    def __str__(self) -> str:
        return f"restriction {self.pk}"


class UnsubscribeGeneration(models.Model):
    """The current generation of a subject's unsubscribe links for one purpose.

    A link carries the generation it was made with; raising the number
    revokes every earlier link. No row means generation 0. The row goes with
    the subject: links of an erased subject are void anyway.
    """

    subject = models.ForeignKey(
        DataSubject, on_delete=models.CASCADE, related_name="unsubscribe_generations"
    )
    purpose = models.CharField(max_length=120)
    generation = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["subject", "purpose"], name="unsubscribe_one_per"),
        )

    def __str__(self) -> str:
        return f"unsubscribe generation {self.pk} ({self.purpose})"


class EmailChallenge(models.Model):
    """A one-time link sent to an e-mail address to prove the person holds it.

    Generic: ``purpose`` says what it unlocks ("consent" for the privacy
    center, "request" for rights requests). Only a SHA-256 of the token is
    stored; the address is kept so that redeeming names it, and the IP
    address only as a keyed digest, for rate limits. ``sent`` is False when
    no mail went out (address not registered, or a rate limit): such a row
    still counts towards the limits and can never be redeemed.
    """

    purpose = models.CharField(max_length=40)
    email = models.CharField(max_length=254)
    email_digest = models.CharField(max_length=64)
    ip_digest = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    sent = models.BooleanField(default=False)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        indexes = (
            models.Index(fields=["email_digest", "created_at"], name="challenge_email_recent"),
            models.Index(fields=["ip_digest", "created_at"], name="challenge_ip_recent"),
        )

    def __str__(self) -> str:
        return f"e-mail challenge {self.pk} ({self.purpose})"


class EligibilityReason(models.Model):
    """One distinct answer of the eligibility index, e.g. ``consent
    newsletter v2 given 2026-01-03`` (eligible) or ``objected 2026-02-01``.

    Answers repeat across the register, so the index stores a number per
    address and this table the words, once. Rows are only ever added.
    """

    eligible = models.BooleanField()
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["eligible", "reason"], name="eligibility_reason_once"),
        )

    def __str__(self) -> str:
        return f"eligibility reason {self.pk} ({self.reason})"


class EligibilityAnswer(models.Model):
    """The eligibility index: the answer now for one subject's address on
    one channel (e-mail or SMS), kept up to date by ``consent/eligibility_index.py``.

    Only answers other than plain "not eligible" are kept: an address with
    no row gets the same answer as one not in the register. When several
    subjects share an address (a household's phone), each of their rows
    holds the answer for the address as a whole. ``changes_at`` is the
    earliest later moment at which one of the subject's facts takes effect
    (None: none). The rows of a subject go in the same transaction as the
    subject, or as a change of its address (database triggers, see the
    migration), so the index never outlives an erasure.
    """

    subject_id = models.BigIntegerField()
    channel = models.CharField(max_length=5)
    address = models.CharField(max_length=254)
    reason = models.ForeignKey(
        EligibilityReason, on_delete=models.PROTECT, db_constraint=False, related_name="+"
    )
    changes_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        # consent/eligibility_index.py names the first two on SQLite.
        indexes = (
            models.Index(fields=["channel", "address"], name="eligibility_address"),
            models.Index(fields=["subject_id"], name="eligibility_subject"),
            # Serves reading a whole channel's answers grouped by reason from the index alone.
            models.Index(fields=["channel", "reason", "address"], name="eligibility_by_reason"),
            models.Index(
                fields=["changes_at"],
                condition=Q(changes_at__isnull=False),
                name="eligibility_changes",
            ),
        )

    def __str__(self) -> str:
        return f"eligibility answer {self.pk} ({self.channel})"


class EligibilityChange(models.Model):
    """A subject whose answers in the eligibility index must be worked out
    again before the index is read. Written by database triggers on every
    table eligibility reads (see the migration), so no path that changes a
    fact, the ORM, a bulk load or plain SQL, can leave a stale answer."""

    subject_id = models.BigIntegerField(primary_key=True)

    def __str__(self) -> str:
        return f"eligibility change of subject {self.subject_id}"


class EligibilityIndexState(models.Model):
    """What the eligibility index of one channel was built for: the
    declaration (its routes to the channel) and the time zone (reasons name
    local dates). Another declaration or zone means a rebuild."""

    channel = models.CharField(max_length=5, primary_key=True)
    declaration_sha256 = models.CharField(max_length=64)
    time_zone = models.CharField(max_length=64)
    built_at = models.DateTimeField()
    answers = models.PositiveIntegerField(default=0)
    # New whenever the channel's answers change: what a process that keeps
    # them in memory compares (consent/eligibility_index.py).
    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"eligibility index state ({self.channel})"
