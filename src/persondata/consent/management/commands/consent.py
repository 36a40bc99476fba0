"""persondata consent proof|revoke-links"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from persondata.consent import actions
from persondata.consent.errors import ConsentError
from persondata.consent.models import Channel
from persondata.consent.queries import Proof, find_subject

CHANNEL_WORDS = dict(Channel.choices)


class Command(BaseCommand):
    help = (
        "Show proof of a subject's consent (its full history with the texts shown) and "
        "revoke unsubscribe links."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="proof|revoke-links")
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
