"""Data-subject-rights requests (GDPR Art. 12-22), their history and their answers.

Every change goes through ``rights/actions.py`` (and ``rights/execution.py``
for carrying a request out). A request holds personal data as the person
gave it (``claimed_name``, ``claimed_email``, ``message``); those fields are
blanked when the request's own retention ends (``REQUEST_RETENTION`` after
it was closed), leaving the request's kind, dates and history as the
controller's documentation that it answered in time (Art. 5(2)).

The choices' labels are gettext messages (Danish in ``rights/locale``) for
the staff pages; the CLI prints them in English (its commands run with
translations off), and texts that are stored or logged use the values.
"""

from __future__ import annotations

from datetime import date
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy

from persondata.subjects.models import DataSubject, Record


class RightsRequest(models.Model):
    """A request from a data subject to use one of their rights.

    ``subject`` is None until the person is found in the register (and stays
    None when they are not in it, or after the subject was erased).
    ``due_on`` is the stored answer deadline (``rights/deadlines.py``:
    the legal one month, or the controller's promise when earlier);
    ``extended_until`` is set by an extension (Art. 12(3)). ``verified_email``
    is the address whose control was proven, or that staff confirmed: the
    answer goes there and nowhere else.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", gettext_lazy("access (Art. 15)")
        RECTIFICATION = "rectification", gettext_lazy("rectification (Art. 16)")
        ERASURE = "erasure", gettext_lazy("erasure (Art. 17)")
        RESTRICTION = "restriction", gettext_lazy("restriction (Art. 18)")
        PORTABILITY = "portability", gettext_lazy("portability (Art. 20)")
        OBJECTION = "objection", gettext_lazy("objection (Art. 21)")
        CONSENT_WITHDRAWAL = (
            "consent_withdrawal",
            gettext_lazy("consent withdrawal (Art. 7(3))"),
        )

    class Channel(models.TextChoices):
        WEB = "web", gettext_lazy("privacy center")
        EMAIL = "email", gettext_lazy("e-mail")
        PHONE = "phone", gettext_lazy("phone")
        LETTER = "letter", gettext_lazy("letter")
        IN_PERSON = "in_person", gettext_lazy("in person")
        API = "api", "API"

    class Status(models.TextChoices):
        RECEIVED = "received", gettext_lazy("received")
        VERIFIED = "verified", gettext_lazy("identity verified")
        EXECUTED = "executed", gettext_lazy("carried out")
        ANSWERED = "answered", gettext_lazy("answered")
        CLOSED = "closed", gettext_lazy("closed")

    class Language(models.TextChoices):
        DANISH = "da", "Dansk"
        ENGLISH = "en", "English"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.ForeignKey(
        DataSubject,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_requests",
    )
    claimed_name = models.CharField(max_length=200, blank=True)
    claimed_email = models.CharField(max_length=254, blank=True, db_index=True)
    message = models.TextField(blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    received_at = models.DateTimeField()
    due_on = models.DateField()
    extended_until = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rights_requests",
    )
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.DANISH)
    verified_email = models.CharField(max_length=254, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    # Keyed digest of the sender's IP address (privacy-center rate limit); never the address.
    ip_digest = models.CharField(max_length=64, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    pseudonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        indexes = (models.Index(fields=["status", "due_on"], name="rights_request_status_due"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True) | Q(extended_until__gt=models.F("due_on")),
                name="rights_request_extension_after_due",
            ),
        )

    def __str__(self) -> str:
        # Never the name or the address: str() ends up in logs.
        return f"request {self.pk} ({self.kind})"

    @property
    def deadline(self) -> date:
        """The date the answer is due now: the extended date if extended, else ``due_on``."""
        return self.extended_until or self.due_on

    @property
    def is_open(self) -> bool:
        """True until the request has been answered or closed."""
        return self.status not in (self.Status.ANSWERED, self.Status.CLOSED)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


def _refuse_change(what: str) -> NoReturn:
    raise RequestHistoryIsAppendOnly(
        f"a request's history is append-only: {what} is refused; add a new step instead"
    )


class RequestHistoryIsAppendOnly(RuntimeError):
    """Code tried to change or remove a step of a request's history."""


class RequestStepQuerySet(models.QuerySet["RequestStep"]):
    """Reads as usual; updating or deleting steps is refused, except blanking
    their free text when the request's retention ends (``blank_texts``)."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse_change(f"updating steps ({', '.join(sorted(kwargs)) or 'no fields'})")

    def delete(self) -> NoReturn:
        _refuse_change("deleting steps")

    def blank_texts(self) -> int:
        """Remove the free text (reasons, notes) of these steps; the only change allowed."""
        return super().update(text="")


class RequestStep(models.Model):
    """One step in a request's history: received, verified (and how), assigned,
    extended (reason, notice sent at), decided, executed, answered, closed,
    or a note. Append-only.

    ``detail`` holds facts without personal data (the method of
    verification, the new deadline, counts); ``text`` holds the staff's own
    words (how identity was checked, the reason for an extension, a note),
    which may name the person and are blanked with the request.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", gettext_lazy("received")
        VERIFIED = "verified", gettext_lazy("identity verified")
        ASSIGNED = "assigned", gettext_lazy("assigned")
        EXTENDED = "extended", gettext_lazy("deadline extended")
        PROPOSED = "proposed", gettext_lazy("rectification proposed")
        DECIDED = "decided", gettext_lazy("decided")
        EXECUTED = "executed", gettext_lazy("carried out")
        ANSWERED = "answered", gettext_lazy("answered")
        DOWNLOADED = "downloaded", gettext_lazy("answer downloaded")
        CLOSED = "closed", gettext_lazy("closed")
        NOTE = "note", gettext_lazy("note")
        PSEUDONYMISED = "pseudonymised", gettext_lazy("personal data removed")

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.CharField(max_length=150)
    detail = models.JSONField(default=dict)
    text = models.TextField(blank=True)

    objects = RequestStepQuerySet.as_manager()

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"step {self.pk} ({self.kind}) of request {self.request_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse_change(f"changing step {self.pk}")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse_change(f"deleting step {self.pk}")


class AnswerDocument(models.Model):
    """A file of a request's answer (the access report as HTML, PDF and JSON, an
    export, a letter), or the bundle of them that is delivered.

    ``content`` is AES-GCM ciphertext of the file (base64 inside) under the
    field keys: an access report holds sensitive values. The delivered
    bundle has a download link: only the SHA-256 of its token is stored
    (``token_hash``), with ``expires_at``; ``downloaded_at`` is the first
    download. ``purged_at`` is set when the content was removed after
    delivery; ``sha256`` and ``size`` still document what was sent.
    """

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        ZIP = "zip", "ZIP"

    request = models.ForeignKey(RightsRequest, on_delete=models.PROTECT, related_name="documents")
    name = models.CharField(max_length=120)
    format = models.CharField(max_length=4, choices=Format.choices)
    content = models.TextField(blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    is_bundle = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(
                fields=["token_hash"], condition=~Q(token_hash=""), name="answer_token_unique"
            ),
        )

    def __str__(self) -> str:
        return f"answer document {self.pk} ({self.format})"


class RectificationProposal(models.Model):
    """A correction of one record, proposed for a rectification request (Art. 16),
    then accepted or rejected by staff, and applied through the register.

    The proposed value is stored encrypted and removed once the proposal is
    applied or rejected: the record holds it then, and the audit trail only
    fingerprints of old and new value.
    """

    class Status(models.TextChoices):
        PENDING = "pending", gettext_lazy("waiting for review")
        ACCEPTED = "accepted", gettext_lazy("accepted")
        REJECTED = "rejected", gettext_lazy("rejected")
        APPLIED = "applied", gettext_lazy("applied")

    request = models.ForeignKey(
        RightsRequest, on_delete=models.PROTECT, related_name="rectifications"
    )
    record = models.ForeignKey(
        Record, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data_category = models.CharField(max_length=120)
    value_encrypted = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    proposed_by = models.CharField(max_length=150)
    proposed_at = models.DateTimeField()
    decided_by = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("id",)

    def __str__(self) -> str:
        return f"rectification {self.pk} ({self.data_category}, {self.status})"


class ReminderSent(models.Model):
    """A deadline reminder e-mailed to the assigned staff member, one per request and day."""

    request = models.ForeignKey(RightsRequest, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    days_left = models.IntegerField()
    sent_to = models.CharField(max_length=150)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ("id",)
        constraints = (
            models.UniqueConstraint(fields=["request", "sent_on"], name="reminder_once_a_day"),
        )

    def __str__(self) -> str:
        return f"reminder for request {self.request_id} on {self.sent_on}"
