"""Driving the privacy center's pages in tests, as a browser would."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import Client

from persondata.rights.tests.factories import EMAIL

LINK = re.compile(r"http://127\.0\.0\.1:8000(/\S+)")


def send_form(client: Client, *, kind: str = "access", email: str = EMAIL, lang: str = "da") -> Any:
    address = "/en/request/" if lang == "en" else "/anmodning/"
    return client.post(
        address,
        {"kind": kind, "name": "Mette Holm", "email": email, "message": ""},
        REMOTE_ADDR="203.0.113.9",
    )


def links_in_last_mail(to: str = EMAIL) -> list[str]:
    """The paths of the links in the newest e-mail to ``to``."""
    sent = [m for m in mail.outbox if to in m.to]
    assert sent, f"no e-mail was sent to {to}"
    return LINK.findall(str(sent[-1].body))


def mails_to(to: str) -> int:
    return sum(1 for m in mail.outbox if to in m.to)
