"""Rights requests for the API's test world (``api/tests/register_world.py``): one
in each state a request operation needs, so that every operation of the scope
matrix can succeed on a fresh world."""

from __future__ import annotations

from dataclasses import dataclass

from persondata.rights.actions import receive_request, verify_identity
from persondata.rights.execution import execute_request
from persondata.rights.models import RightsRequest
from persondata.subjects.models import DataSubject

ACTOR = "staff:karen"


@dataclass(frozen=True)
class RightsRequests:
    received: int
    verified: int
    executed: int

    def number_for(self, path: str) -> int:
        """The request an operation on ``path`` can act on: verified for
        ``.../execute``, carried out for ``.../answer``, else received."""
        if path.endswith("/execute"):
            return self.verified
        if path.endswith("/answer"):
            return self.executed
        return self.received


def make_rights_requests(subject: DataSubject) -> RightsRequests:
    """Three consent-withdrawal requests from ``subject`` (quick to carry out)."""

    def received() -> int:
        return receive_request(
            actor=ACTOR, kind="consent_withdrawal", channel="email", claimed_email=subject.email
        ).pk

    first, second, third = received(), received(), received()
    for number in (second, third):
        verify_identity(actor=ACTOR, rights_request=_get(number), how="ID checked")
    execute_request(actor=ACTOR, rights_request=_get(third))
    return RightsRequests(received=first, verified=second, executed=third)


def _get(number: int) -> RightsRequest:
    return RightsRequest.objects.get(pk=number)
