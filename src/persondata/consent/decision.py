"""May we contact this person for marketing on channel C, and why (not)? The
pure rules, with no database: ``consent/eligibility.py`` gathers the facts.

The routes to a channel come from the declaration (``routes_for``):

- consent: a controller activity that lists the channel in
  ``marketing_channels`` and has the legal basis ``consent`` with a consent
  purpose (whose own ``channel``, when given, must be the same channel);
- the existing-customer exception of the Danish Marketing Practices Act
  (markedsføringsloven § 10, stk. 2): a controller activity that declares
  ``existing_customer_exception`` and lists the channel. It covers
  electronic mail only, that is e-mail and SMS, never phone or post.

``decide`` applies them to one subject's facts, in this order:

1. restricted (GDPR Art. 18): the data may only be stored -> not eligible;
2. an objection to direct marketing (Art. 21(3)) -> not eligible, on every
   channel, whatever consents exist;
3. a consent for a route purpose whose latest entry is "given" -> eligible;
4. a consent for a route purpose whose latest entry is "withdrawn" -> not
   eligible. A withdrawal also ends the existing-customer exception on that
   channel: the person has said no to marketing there, which § 10, stk. 2
   treats as a refusal;
5. the exception: the person is or was a customer, the address was
   obtained from them in a sale, and nothing above refused it -> eligible;
6. otherwise "not eligible": the same answer as for an address that is not
   in the register, so the answer never reveals registration.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from persondata.policy.schema import Declaration

CHANNELS = ("email", "sms", "phone", "post")
# Channels that are "electronic mail" under markedsføringsloven § 10.
EXCEPTION_CHANNELS = frozenset({"email", "sms"})
CUSTOMER_EXCEPTION_REASON = "existing customer (markedsføringsloven § 10, stk. 2)"


@dataclass(frozen=True, slots=True)
class Eligibility:
    """The answer: ``eligible`` and the ``reason`` in words, e.g.
    ``consent newsletter v2 given 2026-01-03`` or ``objected 2026-02-01``."""

    eligible: bool
    reason: str

    @property
    def blocks(self) -> bool:
        """True for a restriction or an objection, which no other ground overrides."""
        return self.reason == RESTRICTED.reason or self.reason.startswith("objected ")


NOT_ELIGIBLE = Eligibility(False, "not eligible")
RESTRICTED = Eligibility(False, "restricted")
EXISTING_CUSTOMER = Eligibility(True, CUSTOMER_EXCEPTION_REASON)


@dataclass(frozen=True, slots=True)
class ConsentState:
    """The latest ledger entry of one purpose: given or withdrawn, its text
    version and the day it was made (local time)."""

    given: bool
    version: int
    on: date


@dataclass(slots=True)
class MarketingFacts:
    """One subject's facts at the time asked about."""

    restricted: bool = False
    objected_on: date | None = None
    consents: dict[str, ConsentState] = field(default_factory=dict)
    customer: bool = False
    sale_address: bool = False


@dataclass(frozen=True)
class ChannelRoutes:
    """The declaration's routes to one channel (see the module docstring)."""

    channel: str
    consent_purposes: tuple[str, ...]
    exception_activities: tuple[str, ...]


def check_channel(channel: str) -> str:
    """``channel`` if it is one of CHANNELS; ValueError naming it otherwise."""
    if channel not in CHANNELS:
        raise ValueError(
            f"channel: '{channel}' is not a marketing channel; choose from {', '.join(CHANNELS)}"
        )
    return channel


def routes_for(declaration: Declaration, channel: str) -> ChannelRoutes:
    """The consent purposes and exception activities that open ``channel``,
    in declaration order. Processor activities are left out: marketing done
    for a client is the client's to justify. Raises ValueError for an
    unknown channel."""
    check_channel(channel)
    purposes: list[str] = []
    activities: list[str] = []
    for key, activity in declaration.controller_activities.items():
        if channel not in activity.marketing_channels:
            continue
        purpose_key = activity.consent
        if "consent" in activity.legal_bases and purpose_key:
            purpose = declaration.consent_purposes.get(purpose_key)
            fits = purpose is not None and purpose.channel in (None, channel)
            if fits and purpose_key not in purposes:
                purposes.append(purpose_key)
        if activity.existing_customer_exception and channel in EXCEPTION_CHANNELS:
            activities.append(key)
    return ChannelRoutes(channel, tuple(purposes), tuple(activities))


# Answers repeat across a mailing list: build each distinct one once.
@lru_cache(maxsize=4096)
def _objected(day: date) -> Eligibility:
    return Eligibility(False, f"objected {day.isoformat()}")


@lru_cache(maxsize=4096)
def _by_consent(purpose: str, state: ConsentState) -> Eligibility:
    word = "given" if state.given else "withdrawn"
    return Eligibility(
        state.given, f"consent {purpose} v{state.version} {word} {state.on.isoformat()}"
    )


def decide(facts: MarketingFacts, routes: ChannelRoutes) -> Eligibility:
    """The answer for one subject (rules 1-6 of the module docstring)."""
    if facts.restricted:
        return RESTRICTED
    if facts.objected_on is not None:
        return _objected(facts.objected_on)
    withdrawn: tuple[date, str, ConsentState] | None = None
    for purpose in routes.consent_purposes:
        state = facts.consents.get(purpose)
        if state is None:
            continue
        if state.given:
            return _by_consent(purpose, state)
        if withdrawn is None or state.on > withdrawn[0]:
            withdrawn = (state.on, purpose, state)
    if withdrawn is not None:
        return _by_consent(withdrawn[1], withdrawn[2])
    if routes.exception_activities and facts.customer and facts.sale_address:
        return EXISTING_CUSTOMER
    return NOT_ELIGIBLE


def combine(answers: Sequence[Eligibility]) -> Eligibility:
    """One answer for an address that several subjects share (a household's
    phone number): a restriction or objection of any of them wins, since the
    message would reach that person too; otherwise the first eligible
    answer; otherwise the first answer with a reason; otherwise NOT_ELIGIBLE."""
    for answer in answers:
        if answer.blocks:
            return answer
    for answer in answers:
        if answer.eligible:
            return answer
    for answer in answers:
        if answer != NOT_ELIGIBLE:
            return answer
    return NOT_ELIGIBLE
