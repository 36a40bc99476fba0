"""Deadline reminders to the staff member a request is assigned to.

A reminder goes 7 days and 2 days before the deadline and on the day
itself (the extended deadline when there is one). Each sent reminder is
recorded (``ReminderSent``, unique per request and day) in the same
transaction as its audit entry, and the mail is sent last inside it: run the
job twice a day and nobody is reminded twice; a mail that fails is retried
on the next run.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from persondata.rights import mail
from persondata.rights.actions import audit_request
from persondata.rights.models import ReminderSent
from persondata.rights.queries import open_requests

REMIND_DAYS_BEFORE = (7, 2, 0)
REMINDER_ACTOR = "rights: deadline reminders"


def send_deadline_reminders(today: date | None = None, *, actor: str = REMINDER_ACTOR) -> int:
    """E-mail the assigned staff member of every open request due in 7 or 2 days
    or today. Requests without an assignee, or whose assignee is inactive or
    has no e-mail address, get no reminder. Returns how many were sent."""
    today = today or timezone.localdate()
    days = {today + timedelta(days=n): n for n in REMIND_DAYS_BEFORE}
    candidates = (
        open_requests()
        .filter(assigned_to__isnull=False, assigned_to__is_active=True)
        .exclude(assigned_to__email="")
        .annotate(current_deadline=Coalesce("extended_until", "due_on"))
        .filter(current_deadline__in=list(days))
    )
    sent = 0
    for rights_request in candidates:
        left = days[rights_request.deadline]
        user = rights_request.assigned_to
        if user is None:  # pragma: no cover - excluded by the query
            continue
        with transaction.atomic():
            _, created = ReminderSent.objects.get_or_create(
                request=rights_request,
                sent_on=today,
                defaults={
                    "days_left": left,
                    "sent_to": user.get_username(),
                    "sent_at": timezone.now(),
                },
            )
            if not created:
                continue
            audit_request(
                rights_request,
                "remind",
                actor=actor,
                details={"days_left": left, "to": user.get_username()},
            )
            mail.send_reminder(
                rights_request, to=user.email, days_left=left, deadline=rights_request.deadline
            )
        sent += 1
    return sent
