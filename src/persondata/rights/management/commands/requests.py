"""persondata requests list|show|create|verify|assign|extend|propose|review|execute|answer|
documents|note|close|remind|purge"""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, cast

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import timezone
from rich.console import Console
from rich.table import Table
from rich.text import Text

from persondata.consent.errors import ConsentError
from persondata.documents.pdf import PdfUnavailable
from persondata.lib.crypto import CryptoError
from persondata.rights import actions, delivery, execution, rectification, request_retention
from persondata.rights.answer_files import read_document
from persondata.rights.checks import RightsError
from persondata.rights.models import RectificationProposal, RightsRequest
from persondata.rights.queries import (
    request_details,
    request_summary,
    requests_for_staff,
    urgency,
)
from persondata.rights.reminders import send_deadline_reminders
from persondata.subjects.checks import RegisterError
from persondata.subjects.models import DataSubject, Record

STYLES = {"overdue": "bold red", "due_today": "bold red", "near_due": "yellow", "done": "dim"}
# Words beside the days left, so the urgency shows without colours too.
MARKS = {"overdue": "overdue", "due_today": "due today", "near_due": "near due"}
Refusals = (RightsError, RegisterError, ConsentError, PdfUnavailable, CryptoError)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        # argparse turns this into "argument --as-of: ..." and exit status 2.
        raise ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _moment(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"'{text}' is not a date and time; write it as YYYY-MM-DD or YYYY-MM-DDTHH:MM"
        ) from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


class Command(BaseCommand):
    help = (
        "Handle data-subject-rights requests: list them with days left, verify, extend, "
        "carry out, answer and close them. Reminders and clean-up run as sub-commands too."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--actor", default="cli", help="who acts (for the audit trail)")
        sub = parser.add_subparsers(dest="subcommand", required=True)
        p = sub.add_parser("list", help="open requests, most urgent first, with days left")
        p.add_argument("--all", action="store_true", help="answered and closed ones too")
        p.add_argument("--status", choices=RightsRequest.Status.values, default="")
        p.add_argument("--json", action="store_true")
        p = sub.add_parser("show", help="one request with its history and documents")
        p.add_argument("number", type=int)
        p.add_argument("--json", action="store_true")
        p = sub.add_parser("create", help="record a request received by phone, letter or e-mail")
        p.add_argument("--kind", required=True, choices=RightsRequest.Kind.values)
        p.add_argument("--channel", required=True, choices=RightsRequest.Channel.values)
        p.add_argument("--name", default="", help="the name the person gave")
        p.add_argument("--email", default="", help="the address the person gave")
        p.add_argument("--text", default="", help="the request in the person's words")
        p.add_argument("--language", default="da", choices=["da", "en"])
        p.add_argument("--received-at", type=_moment, help="when it arrived (default now)")
        p = sub.add_parser("verify", help="record that and how the identity was checked")
        p.add_argument("number", type=int)
        p.add_argument("--how", required=True, help="how the identity was checked")
        p.add_argument("--email", help="the address the answer may go to")
        p.add_argument("--subject", help="the subject's key in the register, if known")
        p = sub.add_parser("assign", help="make a staff member responsible")
        p.add_argument("number", type=int)
        p.add_argument("username", nargs="?", help="leave out to unassign")
        p = sub.add_parser("extend", help="extend the deadline (Art. 12(3)); e-mails the notice")
        p.add_argument("number", type=int)
        p.add_argument("--months", type=int, required=True, choices=[1, 2])
        p.add_argument("--reason", required=True)
        p.add_argument("--notice", choices=["email", "post"], default="email")
        p = sub.add_parser("propose", help="propose a corrected value (rectification)")
        p.add_argument("number", type=int)
        p.add_argument("--record", type=int, required=True, help="the record's id")
        p.add_argument("--value", required=True)
        p = sub.add_parser("review", help="accept or reject a proposed correction")
        p.add_argument("proposal", type=int)
        group = p.add_mutually_exclusive_group(required=True)
        group.add_argument("--accept", action="store_true")
        group.add_argument("--reject", action="store_true")
        p.add_argument("--reason", default="")
        p = sub.add_parser("execute", help="carry out a verified request")
        p.add_argument("number", type=int)
        p.add_argument("--purpose", action="append", help="consent withdrawal: a purpose key")
        p.add_argument(
            "--objection", choices=execution.OBJECTION_TARGETS, default="direct_marketing"
        )
        p.add_argument("--decision", choices=execution.OBJECTION_DECISIONS, default="")
        p.add_argument("--activity", action="append", help="upheld objection: an activity key")
        p.add_argument("--reason", default="", help="restriction or rejected objection")
        p = sub.add_parser("answer", help="e-mail the download link of the answer")
        p.add_argument("number", type=int)
        p.add_argument("--post", action="store_true", help="the answer goes by letter instead")
        p = sub.add_parser("documents", help="write the answer's files to a folder (for post)")
        p.add_argument("number", type=int)
        p.add_argument("--out", type=Path, required=True)
        p = sub.add_parser("note", help="add a note to the history")
        p.add_argument("number", type=int)
        p.add_argument("text")
        p = sub.add_parser("close", help="close the request")
        p.add_argument("number", type=int)
        p.add_argument("--outcome", choices=actions.CLOSE_OUTCOMES, default="completed")
        p.add_argument("--note", default="")
        p = sub.add_parser("remind", help="e-mail deadline reminders due today (7, 2, 0 days)")
        p.add_argument("--date", type=_date, help="the day to remind for (default today)")
        p = sub.add_parser("purge", help="remove delivered answers and expired requests' data")
        p.add_argument("--date", type=_date, help="the day to purge as of (default today)")

    # Staff read the command line in English; the models' labels are Danish
    # on the staff pages (LANGUAGE_CODE), so translations are off here.
    @no_translations
    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"])(options)
        except Refusals as exc:
            raise CommandError(str(exc)) from None

    # -- helpers -----------------------------------------------------------------

    def _console(self) -> Console:
        return Console(file=cast(IO[str], self.stdout), width=160)

    def _request(self, number: int) -> RightsRequest:
        found = RightsRequest.objects.select_related("subject", "assigned_to").filter(pk=number)
        rights_request = found.first()
        if rights_request is None:
            raise CommandError(f"there is no request {number}")
        return rights_request

    def _done(self, rights_request: RightsRequest, what: str) -> None:
        self.stdout.write(f"request {rights_request.pk}: {what}")

    # -- sub-commands -----------------------------------------------------------

    def _list(self, options: dict[str, Any]) -> None:
        rows = list(requests_for_staff(include_done=options["all"], status=options["status"]))
        if options["json"]:
            self.stdout.write(json.dumps([request_summary(r) for r in rows], indent=2))
            return
        if not rows:
            self.stdout.write("no requests")
            return
        table = Table("no.", "kind", "status", "received", "deadline", "days left", "assigned")
        for rights_request in rows:
            level = urgency(rights_request)
            style = STYLES.get(level.level, "")
            left = "-" if level.level == "done" else str(level.days_left)
            if level.level in MARKS:
                left = f"{level.days_left} ({MARKS[level.level]})"
            table.add_row(
                str(rights_request.pk),
                rights_request.kind,
                rights_request.status,
                timezone.localdate(rights_request.received_at).isoformat(),
                rights_request.deadline.isoformat()
                + (" (extended)" if rights_request.extended_until else ""),
                Text(left, style=style),
                rights_request.assigned_to.get_username() if rights_request.assigned_to else "",
                style=style if level.level == "done" else "",
            )
        self._console().print(table)

    def _show(self, options: dict[str, Any]) -> None:
        rights_request = self._request(options["number"])
        details = request_details(rights_request)
        if options["json"]:
            self.stdout.write(json.dumps(details, indent=2))
            return
        level = urgency(rights_request)
        lines = [
            f"request {rights_request.pk}: {rights_request.get_kind_display()}, "
            f"{rights_request.get_status_display()}",
            f"received {details['received_at']} by {rights_request.get_channel_display()}; "
            f"deadline {details['deadline']} ({level.days_left} days left)",
            f"name: {rights_request.claimed_name or '-'}; e-mail: "
            f"{rights_request.claimed_email or '-'}; verified e-mail: "
            f"{rights_request.verified_email or '-'}",
            f"subject: {_subject_words(rights_request)}; assigned to: "
            f"{details['assigned_to'] or 'nobody'}",
        ]
        if rights_request.message:
            lines.append(f"message: {rights_request.message}")
        for line in lines:
            self.stdout.write(line)
        table = Table("when", "step", "by", "details")
        for step in details["history"]:
            text = json.dumps(step["detail"], ensure_ascii=False) if step["detail"] else ""
            if step["text"]:
                text = f"{text} {step['text']}".strip()
            table.add_row(step["at"], step["kind"], step["actor"], text)
        self._console().print(table)
        for document in details["documents"]:
            self.stdout.write(
                f"document {document['name']} ({document['size']} bytes"
                + (", removed after delivery" if document["purged"] else "")
                + ")"
            )
        for proposal in details["proposals"]:
            self.stdout.write(
                f"proposal {proposal['id']}: record {proposal['record']} "
                f"({proposal['data_category']}) {proposal['status']}"
            )

    def _create(self, options: dict[str, Any]) -> None:
        rights_request = actions.receive_request(
            actor=options["actor"],
            kind=options["kind"],
            channel=options["channel"],
            claimed_name=options["name"],
            claimed_email=options["email"],
            message=options["text"],
            language=options["language"],
            received_at=options["received_at"],
        )
        self._done(rights_request, f"received; answer by {rights_request.due_on.isoformat()}")

    def _verify(self, options: dict[str, Any]) -> None:
        subject = None
        if options["subject"]:
            subject = DataSubject.objects.filter(key=options["subject"]).first()
            if subject is None:
                raise CommandError(f"--subject: no subject has the key {options['subject']}")
        rights_request = actions.verify_identity(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            how=options["how"],
            email=options["email"],
            subject=subject,
        )
        found = "found" if rights_request.subject is not None else "not found"
        self._done(rights_request, f"verified; the person is {found} in the register")

    def _assign(self, options: dict[str, Any]) -> None:
        user = None
        if options["username"]:
            user = User.objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"there is no user '{options['username']}'")
        rights_request = actions.assign_request(
            actor=options["actor"], rights_request=self._request(options["number"]), user=user
        )
        self._done(rights_request, f"assigned to {options['username'] or 'nobody'}")

    def _extend(self, options: dict[str, Any]) -> None:
        rights_request = actions.extend_deadline(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            months=options["months"],
            reason=options["reason"],
            notice=options["notice"],
        )
        sent = "e-mailed" if options["notice"] == "email" else "sent by post"
        until = rights_request.extended_until.isoformat() if rights_request.extended_until else "?"
        self._done(rights_request, f"extended until {until}; the notice was {sent}")

    def _propose(self, options: dict[str, Any]) -> None:
        record = Record.objects.filter(pk=options["record"]).first()
        if record is None:
            raise CommandError(f"--record: there is no record {options['record']}")
        proposal = rectification.propose_rectification(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            record=record,
            value=options["value"],
        )
        self.stdout.write(f"proposal {proposal.pk} waits for review")

    def _review(self, options: dict[str, Any]) -> None:
        proposal = RectificationProposal.objects.filter(pk=options["proposal"]).first()
        if proposal is None:
            raise CommandError(f"there is no proposal {options['proposal']}")
        decided = rectification.decide_rectification(
            actor=options["actor"],
            proposal=proposal,
            accept=options["accept"],
            reason=options["reason"],
        )
        self.stdout.write(f"proposal {decided.pk} {decided.status}")

    def _execute(self, options: dict[str, Any]) -> None:
        rights_request = execution.execute_request(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            purposes=options["purpose"],
            objection=options["objection"],
            decision=options["decision"],
            activities=options["activity"],
            reason=options["reason"],
        )
        names = ", ".join(d.name for d in rights_request.documents.filter(is_bundle=False))
        self._done(rights_request, f"carried out; answer files: {names}")

    def _answer(self, options: dict[str, Any]) -> None:
        rights_request = delivery.answer_request(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            delivery="post" if options["post"] else "link",
        )
        if options["post"]:
            self._done(rights_request, "answered by post")
        else:
            self._done(rights_request, f"download link e-mailed to {rights_request.verified_email}")

    def _documents(self, options: dict[str, Any]) -> None:
        rights_request = self._request(options["number"])
        files = list(rights_request.documents.filter(is_bundle=False, purged_at__isnull=True))
        if not files:
            raise CommandError(f"request {rights_request.pk} has no answer files")
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        for document in files:
            (out / document.name).write_bytes(read_document(document))
        actions.add_note(
            actor=options["actor"],
            rights_request=rights_request,
            text=f"answer files written to a folder for delivery: {len(files)} file(s)",
        )
        self._done(rights_request, f"{len(files)} file(s) written to {out}")

    def _note(self, options: dict[str, Any]) -> None:
        actions.add_note(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            text=options["text"],
        )
        self.stdout.write(f"request {options['number']}: note added")

    def _close(self, options: dict[str, Any]) -> None:
        rights_request = actions.close_request(
            actor=options["actor"],
            rights_request=self._request(options["number"]),
            outcome=options["outcome"],
            note=options["note"],
        )
        self._done(rights_request, f"closed ({options['outcome']})")

    def _remind(self, options: dict[str, Any]) -> None:
        sent = send_deadline_reminders(options["date"])
        self.stdout.write(f"{sent} reminder(s) sent")

    def _purge(self, options: dict[str, Any]) -> None:
        day = options["date"] or timezone.localdate()
        purged = request_retention.purge_delivered_answers(actor=options["actor"])
        stripped = request_retention.pseudonymise_expired_requests(
            actor=options["actor"], today=day
        )
        self.stdout.write(
            f"{purged} answer file(s) removed; personal data removed from {stripped} request(s)"
        )


def _subject_words(rights_request: RightsRequest) -> str:
    if rights_request.subject is not None:
        return str(rights_request.subject.key)
    if rights_request.verified_at is None:
        return "looked up once the identity is verified"
    return "not in the register"
