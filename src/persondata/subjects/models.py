"""The register: data subjects, organisations and the personal data held about them.

These models are a contract with the retention engine (``retention/engine.py``),
which stores due dates on ``PurposeLink`` and reads subjects' categories,
events, relationships and legal holds. Change them only by adding.

Every change goes through ``subjects/actions.py``. Sensitive values
(CPR numbers; records of sensitivity national_id, confidential, special or
criminal) are stored only as AES-GCM ciphertext (``subjects/sensitive.py``).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.db import models
from django.db.models import Q


class DataSubject(models.Model):
    """A person the company holds personal data about.

    ``key`` is the stable, non-personal key: the audit trail names the
    subject by a keyed pseudonym of it. ``categories`` is a JSON list of
    subject category keys from the declaration (``["customer",
    "contact_person"]``), read with the row. Identifiers are stored in their
    normal form and are unique when given; empty means not known. The CPR
    number is only stored encrypted, with a keyed digest for exact search.
    An erased subject is deleted, so there is no ``erased_at``.
    """

    class Language(models.TextChoices):
        DANISH = "da", "Dansk"
        ENGLISH = "en", "English"

    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    categories = models.JSONField(default=list)
    display_name = models.CharField(max_length=200)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True, db_index=True)
    customer_number = models.CharField(max_length=64, blank=True, db_index=True)
    cpr_encrypted = models.TextField(blank=True)
    cpr_digest = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.DANISH)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Art. 18 restriction of processing: set while the subject's data may only be stored.
    restricted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="subject_email_unique"
            ),
            models.UniqueConstraint(
                fields=["customer_number"],
                condition=~Q(customer_number=""),
                name="subject_customer_number_unique",
            ),
            models.UniqueConstraint(
                fields=["cpr_digest"], condition=~Q(cpr_digest=""), name="subject_cpr_unique"
            ),
        )

    def __str__(self) -> str:
        # Never the name: str() of a model ends up in logs and error pages.
        return f"subject {self.key}"


class Organisation(models.Model):
    """A company the company deals with. A sole trader's CVR number is personal
    data (it identifies one person), so it is never written to the audit trail."""

    name = models.CharField(max_length=200)
    cvr = models.CharField(max_length=8, blank=True, db_index=True)
    is_sole_trader = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=["cvr"], condition=~Q(cvr=""), name="organisation_cvr_unique"
            ),
        )

    def __str__(self) -> str:
        return f"organisation {self.pk}"


class ContactLink(models.Model):
    """A person who represents an organisation (contact person).

    ``employment_ended`` is set when the person has left the organisation;
    the link is kept, since its relationships may still anchor retention.
    """

    person = models.ForeignKey(DataSubject, on_delete=models.CASCADE, related_name="contact_links")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_links"
    )
    role = models.CharField(max_length=200, blank=True)
    started = models.DateField()
    employment_ended = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"contact link {self.pk}"


class Relationship(models.Model):
    """A relationship of a subject or an organisation (never both) with the
    company, as a kind of subject category such as ``customer``; active
    while ``ended`` is None."""

    subject = models.ForeignKey(
        DataSubject, null=True, blank=True, on_delete=models.CASCADE, related_name="relationships"
    )
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="relationships",
    )
    kind = models.CharField(max_length=120, db_index=True)
    started = models.DateField()
    ended = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.CheckConstraint(
                condition=(Q(subject__isnull=False) & Q(organisation__isnull=True))
                | (Q(subject__isnull=True) & Q(organisation__isnull=False)),
                name="relationship_subject_xor_organisation",
            ),
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=models.F("started")),
                name="relationship_ends_after_start",
            ),
        )

    def __str__(self) -> str:
        return f"relationship {self.pk} ({self.kind})"

    @property
    def is_active(self) -> bool:
        return self.ended is None


class Record(models.Model):
    """One value of one data category about one subject.

    Exactly one of ``value`` (clear text) and ``value_encrypted`` (ciphertext,
    bound to the subject's key and the category) is set: sensitive categories
    are encrypted. ``source`` is ``data_subject``, a recipient key, a subject
    category key or ``public: <text>``.
    """

    # Indexed by record_subject_cat, which starts with the subject.
    subject = models.ForeignKey(
        DataSubject, on_delete=models.CASCADE, related_name="records", db_index=False
    )
    data_category = models.CharField(max_length=120)
    # NULL (not "") marks "held encrypted": the contract with the engine and
    # the check constraint below rely on it.
    value = models.TextField(null=True, blank=True)  # noqa: DJ001
    value_encrypted = models.TextField(null=True, blank=True)  # noqa: DJ001
    source = models.CharField(max_length=200)
    collected_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    last_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Kept by the retention engine: the latest of the links' due dates, NULL
    # while any link is not due (or there is no link), and the activity and
    # rule of the link that set it (the last reason to keep the record). The
    # sweep and the plan are a range query on them.
    due_on = models.DateField(null=True, blank=True)
    due_activity = models.CharField(max_length=120, blank=True, default="")
    due_rule = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        indexes = (
            models.Index(fields=["subject", "data_category"], name="record_subject_cat"),
            # Covers the plan: counts by activity and rule without reading rows.
            models.Index(
                fields=["due_on", "due_activity", "due_rule", "subject", "id"],
                condition=Q(due_on__isnull=False),
                name="record_due_plan",
            ),
        )
        constraints = (
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(value_encrypted__isnull=True))
                | (Q(value__isnull=True) & Q(value_encrypted__isnull=False)),
                name="record_value_xor_encrypted",
            ),
        )

    def __str__(self) -> str:
        return f"record {self.pk} ({self.data_category})"

    @property
    def is_encrypted(self) -> bool:
        return self.value_encrypted is not None


class PurposeLink(models.Model):
    """A record held for one activity, with the due date the retention engine stored.

    ``due_on`` None means not due (kept while the anchors have not occurred);
    ``due_rule`` is the index of the activity's retention rule that set it.
    Why, in words, is not stored: ``retention.engine.due_reasons`` computes
    it when read. ``restricted`` marks a link kept after an erasure request
    for a legal obligation or claim (Art. 17(3)).
    """

    # Indexed by the unique (record, activity) constraint, which starts with it.
    record = models.ForeignKey(
        Record, on_delete=models.CASCADE, related_name="links", db_index=False
    )
    # The record's subject, repeated here so that the retention engine can
    # read and update a range of subjects' links through one index.
    subject = models.ForeignKey(
        DataSubject, on_delete=models.CASCADE, related_name="purpose_links", db_index=False
    )
    activity = models.CharField(max_length=120)
    due_on = models.DateField(null=True, blank=True)
    due_rule = models.PositiveSmallIntegerField(null=True, blank=True)
    restricted = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["record", "activity"], name="link_record_activity"),
        )
        # Few indexes on purpose: every recomputation rewrites due dates, and
        # each index is one more write per link. The sweep and the plan use
        # Record.due_on; the unique constraint serves lookups by record.
        indexes = (
            models.Index(fields=["subject", "activity"], name="link_subject_activity"),
            models.Index(fields=["activity"], name="link_activity"),
        )

    def __str__(self) -> str:
        return f"link {self.pk} ({self.activity})"


class Event(models.Model):
    """A dated fact about a subject that retention rules can be anchored to,
    such as ``last_contact``, ``job_completed``, ``employment_ended`` or
    ``consent_withdrawn:newsletter``. ``note`` holds no card numbers."""

    subject = models.ForeignKey(DataSubject, on_delete=models.CASCADE, related_name="events")
    name = models.CharField(max_length=120)
    occurred_on = models.DateField()
    note = models.TextField(blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        indexes = (models.Index(fields=["subject", "name"], name="event_subject_name"),)

    def __str__(self) -> str:
        return f"event {self.pk} ({self.name})"


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def active_on(self, today: date) -> LegalHoldQuerySet:
        """Holds in force on ``today``: not lifted, started, and not past their end."""
        return self.filter(lifted_at__isnull=True, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class LegalHold(models.Model):
    """A hold that stops erasure of a subject's data, for every activity
    (``activity`` None) or one, e.g. for legal claims (Art. 17(3)(e)).

    In force from ``starts_on`` through ``ends_on`` (None: until lifted),
    unless lifted earlier.
    """

    subject = models.ForeignKey(DataSubject, on_delete=models.CASCADE, related_name="legal_holds")
    # NULL (not "") means every activity: the contract with the engine relies on it.
    activity = models.CharField(max_length=120, null=True, blank=True)  # noqa: DJ001
    reason = models.TextField()
    set_by = models.CharField(max_length=150)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField()

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="hold_ends_after_start",
            ),
        )

    def __str__(self) -> str:
        return f"legal hold {self.pk}"

    def is_active(self, today: date) -> bool:
        """True if the hold is in force on ``today`` (see the class docstring)."""
        if self.lifted_at is not None or self.starts_on > today:
            return False
        return self.ends_on is None or today <= self.ends_on
