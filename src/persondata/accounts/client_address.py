"""The client's address, for throttling and for the audit trail; no database.

Only ``REMOTE_ADDR`` is used: behind a proxy, configure the proxy to set it
(or run the WSGI server behind one that does), since a client can forge any
``X-Forwarded-For``. The audit trail holds a keyed fingerprint of the
address, never the address itself.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from persondata.audit.chain import pseudonym


def client_address(request: HttpRequest) -> str:
    """The address the request came from, or "" when the server did not say."""
    return str(request.META.get("REMOTE_ADDR", "") or "")


def address_fingerprint(request: HttpRequest) -> str:
    """A short keyed fingerprint of the client's address (equal addresses give
    equal fingerprints), or "" when the address is unknown."""
    address = client_address(request)
    if not address:
        return ""
    return pseudonym(settings.AUDIT_PSEUDONYM_KEY, f"address:{address}")[:16]
