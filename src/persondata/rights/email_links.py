"""The one-time e-mail links of the rights workflow, on the consent app's machinery.

Two challenge purposes are registered with ``consent/verification.py``:

- ``request``: confirms a request sent from the privacy center. The link
  goes only to an address in the register (SPEC 4: "sent to the subject's
  registered e-mail"); the page says the same either way.
- ``answer``: a fresh link before an answer is downloaded. It goes to any
  address, because the person may have been erased by their own request;
  the download page asks for it only when the address typed is the
  request's verified one.

Both expire after 24 hours, work once and are rate-limited per address and
per IP address by the consent app.
"""

from __future__ import annotations

from django.urls import reverse

from persondata.consent.verification import (
    ChallengePurpose,
    issue_challenge,
    redeem_challenge,
    register_challenge_purpose,
)

REQUEST_PURPOSE = "request"
ANSWER_PURPOSE = "answer"


def _request_link(token: str, language: str) -> str:
    name = "rights:verify_en" if language == "en" else "rights:verify_da"
    return reverse(name, kwargs={"token": token})


def _answer_link(token: str, language: str) -> str:
    name = "rights:download_confirm_en" if language == "en" else "rights:download_confirm_da"
    return reverse(name, kwargs={"token": token})


def register_purposes() -> None:
    """Make the two purposes known to the consent app (called by RightsConfig.ready)."""
    register_challenge_purpose(
        ChallengePurpose(
            key=REQUEST_PURPOSE,
            link_path=_request_link,
            template="rights/email/challenge_request.txt",
            subject={"da": "Bekræft din anmodning", "en": "Confirm your request"},
            registered_only=True,
        )
    )
    register_challenge_purpose(
        ChallengePurpose(
            key=ANSWER_PURPOSE,
            link_path=_answer_link,
            template="rights/email/challenge_answer.txt",
            subject={"da": "Hent vores svar", "en": "Download our answer"},
            registered_only=False,
        )
    )


def send_request_link(email: str, *, ip: str, language: str) -> None:
    """E-mail a link that confirms the requests from ``email`` (if registered and not limited)."""
    issue_challenge(email, REQUEST_PURPOSE, ip, language=language)


def send_answer_link(email: str, *, ip: str, language: str) -> None:
    """E-mail a one-time link that unlocks the answer download (unless limited)."""
    issue_challenge(email, ANSWER_PURPOSE, ip, language=language)


def redeem_request_link(token: str) -> str:
    """The address a request link was sent to; raises ChallengeRefused if unusable."""
    return redeem_challenge(token, REQUEST_PURPOSE)


def redeem_answer_link(token: str) -> str:
    """The address an answer link was sent to; raises ChallengeRefused if unusable."""
    return redeem_challenge(token, ANSWER_PURPOSE)
