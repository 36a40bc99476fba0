"""persondata consent give|withdraw|proof|revoke-links"""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from persondata.consent import actions
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel, ConsentEntry
from persondata.consent.queries import Proof, find_subject, latest_entry
from persondata.lib.moments import parse_moment
from persondata.subjects.models import DataSubject

CHANNEL_WORDS = dict(Channel.choices)
# How a consent or withdrawal can reach staff. web_form and email_link are
# the privacy center's and the unsubscribe links' own channels: an entry
# with them claims evidence (a form, an IP address) that staff do not have.
STAFF_CHANNELS = (Channel.PHONE, Channel.PAPER, Channel.STAFF, Channel.IMPORT)
DEFAULT_ACTOR = "cli"


def _moment(text: str) -> datetime:
    try:
        return parse_moment(text)
    except ValueError as exc:
        # argparse turns this into "argument --at: ..." and exit status 2.
        raise ArgumentTypeError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Record a consent given or withdrawn by phone, on paper or at the counter, show "
        "proof of a subject's consent (its full history with the texts shown) and revoke "
        "unsubscribe links."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(
            dest="subcommand", required=True, metavar="give|withdraw|proof|revoke-links"
        )
        for name, what in (("give", "gave"), ("withdraw", "withdrew")):
            change = sub.add_parser(
                name,
                help=f"record that the subject {what} consent to a purpose by phone, on paper, "
                "at the counter or in an import",
            )
            change.add_argument("subject", help="the subject's key, e-mail address or phone number")
            change.add_argument("purpose", help="the consent purpose key, e.g. newsletter")
            change.add_argument(
                "--channel",
                required=True,
                choices=[str(channel) for channel in STAFF_CHANNELS],
                help="how it reached us (web_form and email_link are the privacy center's own)",
            )
            change.add_argument(
                "--at",
                type=_moment,
                default=None,
                metavar="DATETIME",
                help="when the person said or signed it (ISO 8601, local time unless an "
                "offset is given, e.g. 2026-03-01T10:15; default: now); never in the future",
            )
            change.add_argument(
                "--reference",
                default="",
                metavar="TEXT",
                help="e.g. the form's number or the letter's date (kept with the entry)",
            )
            change.add_argument(
                "--actor",
                default=DEFAULT_ACTOR,
                metavar="LABEL",
                help="who records it, e.g. staff:karen (the audit trail, and the staff "
                "member in the entry's evidence)",
            )
        proof = sub.add_parser(
            "proof", help="a subject's full consent history for one purpose, with every text"
        )
        proof.add_argument("subject", help="the subject's key, e-mail address or phone number")
        proof.add_argument(
            "purpose",
            nargs="?",
            help="the consent purpose key, e.g. newsletter (default: every purpose in the ledger)",
        )
        proof.add_argument("--json", action="store_true", help="print JSON instead of text")
        proof.add_argument("--actor", default="cli", help="who asks (for the audit trail)")
        revoke = sub.add_parser(
            "revoke-links", help="make the subject's unsubscribe links for a purpose invalid"
        )
        revoke.add_argument("subject", help="the subject's key, e-mail address or phone number")
        revoke.add_argument(
            "purpose", help="the consent purpose key, or - for the links that object to marketing"
        )
        revoke.add_argument("--actor", default="cli", help="who revokes (for the audit trail)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            subject = find_subject(options["subject"])
            if options["subcommand"] in ("give", "withdraw"):
                self.stdout.write(_record_change(subject, options))
                return
            if options["subcommand"] == "proof":
                proofs = actions.export_proofs(
                    actor=options["actor"], subject=subject, purpose=options["purpose"]
                )
                if options["json"]:
                    data = [proof.as_json() for proof in proofs]
                    self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
                elif not proofs:
                    self.stdout.write(f"subject {subject.key} has no consent entries")
                else:
                    self.stdout.write("\n\n".join(proof_text(proof) for proof in proofs))
                return
            generation = actions.revoke_unsubscribe_links(
                actor=options["actor"], subject=subject, purpose=options["purpose"]
            )
        except ConsentError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"unsubscribe links of subject {subject.key} for '{options['purpose']}' revoked; "
            f"new links use generation {generation}"
        )


def _record_change(subject: DataSubject, options: dict[str, Any]) -> str:
    """Give or withdraw the consent as ``options`` say; the line to print.
    Raises ConsentError, writing nothing, when the ledger refuses it."""
    purpose = options["purpose"]
    evidence = {"reference": options["reference"]}
    if options["actor"] != DEFAULT_ACTOR:
        # The proof then names who took the call or the form.
        evidence["staff"] = options["actor"]
    change = {
        "actor": options["actor"],
        "subject": subject,
        "purpose": purpose,
        "channel": options["channel"],
        "evidence": evidence,
        "at": options["at"],
    }
    who = f"subject {subject.key}"
    if options["subcommand"] == "give":
        before = latest_entry(subject, purpose)
        entry: ConsentEntry | None = actions.give_consent(**change)
        if entry is not None and before is not None and entry.pk == before.pk:
            return (
                f"nothing changed: {who} already consents to {purpose} version "
                f"{entry.version} ({_entry_words(entry)})"
            )
    else:
        entry = actions.withdraw_consent(**change)
    if entry is not None:
        return f"recorded: {who}, {purpose} version {entry.version} {_entry_words(entry)}"
    latest = latest_entry(subject, purpose)
    if latest is None:
        return f"nothing changed: {who} never consented to {purpose}; there is nothing to withdraw"
    return f"nothing changed: {who} has no consent to {purpose} in force ({_entry_words(latest)})"


def _entry_words(entry: ConsentEntry) -> str:
    word = "given" if entry.given else "withdrawn"
    return f"{word} {_when(entry.at)} via {CHANNEL_WORDS.get(entry.channel, entry.channel)}"


def _when(value: Any) -> str:
    return str(timezone.localtime(value).isoformat(sep=" ", timespec="seconds"))


def proof_text(proof: Proof) -> str:
    """The proof as plain text for a person (an authority, an auditor)."""
    declared = (
        f"declared version {proof.declared_version}"
        if proof.declared_version is not None
        else "no longer declared"
    )
    if proof.active:
        status = f"given (since {_when(proof.entries[-1].at)})"
    elif proof.entries:
        status = f"withdrawn (since {_when(proof.entries[-1].at)})"
    else:
        status = "never given"
    lines = [
        "Consent proof",
        f"  controller: {proof.controller}",
        f"  subject:    {proof.subject_key}",
        f"  purpose:    {proof.purpose} ({declared})",
        f"  status:     {status}",
        "",
        "History, oldest first:",
    ]
    if not proof.entries:
        lines.append("  (no entries)")
    for entry in proof.entries:
        word = "given" if entry.given else "withdrawn"
        evidence = ", ".join(f"{key}={value}" for key, value in sorted(entry.evidence.items()))
        lines.append(
            f"  {_when(entry.at)}  {word:<9}  version {entry.version}  via "
            f"{CHANNEL_WORDS.get(entry.channel, entry.channel)}"
        )
        lines.append(
            f"      evidence: {evidence or 'none'}; recorded by {entry.recorded_by} "
            f"at {_when(entry.recorded_at)}"
        )
    lines += ["", "Texts shown:"]
    if not proof.texts:
        lines.append("  (none)")
    for version, text in sorted(proof.texts.items()):
        lines += [f"  version {version}", f"    da: {text['da']}", f"    en: {text['en']}"]
    return "\n".join(lines)
