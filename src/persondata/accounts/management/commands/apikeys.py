"""persondata apikeys create|list|revoke"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from persondata.accounts.actions import create_api_key, revoke_api_key
from persondata.accounts.models import ApiKey
from persondata.accounts.queries import api_key_by_prefix, api_keys
from persondata.accounts.tokens import SCOPES, ApiKeyError

DEFAULT_ACTOR = "persondata apikeys"


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _as_dict(key: ApiKey) -> dict[str, Any]:
    return {
        "prefix": key.prefix,
        "name": key.name,
        "scopes": key.scopes,
        "created_at": key.created_at.isoformat(),
        "created_by": key.created_by,
        "last_used_at": key.last_used_at.isoformat() if key.last_used_at else None,
        "revoked_at": key.revoked_at.isoformat() if key.revoked_at else None,
        "revoked_by": key.revoked_by or None,
    }


class Command(BaseCommand):
    help = "Create, list and revoke API keys for the REST API (/api/v1/)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True, metavar="create|list|revoke")
        create = sub.add_parser("create", help="create a key and print its token once")
        create.add_argument("name", help="who or what uses the key, e.g. crm-sync")
        create.add_argument(
            "--scope",
            action="append",
            choices=SCOPES,
            required=True,
            dest="scopes",
            help="a scope the key has; repeat for more (read, write, erase)",
        )
        create.add_argument("--actor", default=DEFAULT_ACTOR, help="who creates it (audit trail)")
        listing = sub.add_parser("list", help="list keys (prefix, name, scopes, use)")
        listing.add_argument("--active", action="store_true", help="leave out revoked keys")
        listing.add_argument("--json", action="store_true", help="print the keys as JSON")
        revoke = sub.add_parser("revoke", help="revoke a key by its prefix")
        revoke.add_argument("prefix", help="the 8 characters shown by 'persondata apikeys list'")
        revoke.add_argument("--actor", default=DEFAULT_ACTOR, help="who revokes it (audit trail)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['subcommand']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        try:
            issued = create_api_key(
                actor=options["actor"], name=options["name"], scopes=options["scopes"]
            )
        except ApiKeyError as exc:
            raise CommandError(str(exc), returncode=2) from None
        key = issued.key
        self.stdout.write(
            f"created API key {key.prefix} ({key.name}) with scope(s) {', '.join(key.scopes)}"
        )
        self.stdout.write("token (shown only now; store it in the client's secret store):")
        self.stdout.write(issued.token)

    def _list(self, options: dict[str, Any]) -> None:
        keys = list(api_keys(include_revoked=not options["active"]))
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(k) for k in keys], ensure_ascii=False, indent=2))
            return
        if not keys:
            self.stdout.write("no API keys; create one with 'persondata apikeys create NAME'")
            return
        table = Table("prefix", "name", "scopes", "created", "last used", "revoked")
        for key in keys:
            table.add_row(
                key.prefix,
                key.name,
                ", ".join(key.scopes),
                f"{_when(key.created_at)} by {key.created_by}",
                _when(key.last_used_at) or "never",
                f"{_when(key.revoked_at)} by {key.revoked_by}" if key.revoked_at else "",
            )
        Console(file=cast(IO[str], self.stdout), width=160).print(table)

    def _revoke(self, options: dict[str, Any]) -> None:
        key = api_key_by_prefix(options["prefix"])
        if key is None:
            raise CommandError(
                f"no API key has the prefix '{options['prefix']}'; "
                "'persondata apikeys list' shows them",
                returncode=2,
            )
        try:
            revoke_api_key(actor=options["actor"], key=key)
        except ApiKeyError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"revoked API key {key.prefix} ({key.name})")
