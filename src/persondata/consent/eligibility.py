"""Marketing eligibility from the database: for one subject or address
(``check_eligibility``) and for a stream of addresses (``check_many``).

The rules are in ``consent/decision.py``. Addresses asked about now are
answered from the eligibility index (``consent/eligibility_index.py``),
brought up to date first; at a given time (``at``), and for a subject,
``consent/eligibility_facts.py`` gathers the facts with one statement per
chunk of addresses (or per single lookup), never one per address. Either
way the same statements run whether or not an address is in the
register, so the answer for an unknown address has the shape and the
timing class of the answer for a registered one without any ground: "not
eligible".

The existing-customer exception (markedsføringsloven § 10, stk. 2) holds
when, at the time asked about, all of these are true:

- the subject has or had a relationship of kind ``customer``, its own or
  that of an organisation it represents (``subjects.queries.relationships_of``);
- the address itself was obtained from the person in a sale: the subject
  has a record of ``user.contact.email`` (e-mail) or
  ``user.contact.phone_number`` (SMS) whose value is the address, whose
  source is ``data_subject``, collected by then, and held for an activity
  that declares ``existing_customer_exception`` and the channel;
- nothing refused it (see ``decision.py``: restriction, objection, a
  withdrawn consent on the channel).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import chain, compress, islice, repeat
from operator import is_
from typing import Any

from django.utils import timezone

from persondata.consent.decision import (
    NOT_ELIGIBLE,
    ChannelRoutes,
    Eligibility,
    check_channel,
    combine,
    decide,
)
from persondata.consent.eligibility_facts import ADDRESS_COLUMNS, gather_facts
from persondata.consent.eligibility_index import (
    answers_for,
    bring_up_to_date,
    routes_now,
    whole_channel,
)
from persondata.consent.email_forms import (
    all_look_like_emails,
    looks_like_email,
    trimmed_lower,
)
from persondata.subjects.models import DataSubject
from persondata.subjects.validation import normalise_phone

# Addresses per chunk. Each chunk costs one statement whatever its size
# (a list is one bound parameter). Larger chunks are faster on both
# databases: SQLite looks a chunk's addresses up in sorted order, and
# PostgreSQL answers a long list with one scan of the table per statement.
# With a register of a million, a million addresses took about half as
# long in chunks of 200,000 as in chunks of 50,000 on PostgreSQL (10%
# less on SQLite); a chunk of this size holds some tens of MB while it
# streams.
CHUNK_SIZE = 200_000
# A chunk this large reads the index's whole channel rather than looking
# its addresses up (see _answers_now).
LOAD_WHOLE_CHANNEL = 100_000
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_PHONE_NOISE = str.maketrans("", "", " -().")

NOT_AN_EMAIL = Eligibility(False, "not an e-mail address")
NOT_A_PHONE = Eligibility(False, "not a phone number")
ADDRESS_FIELDS = ADDRESS_COLUMNS


def normalise_address(address: str, channel: str) -> str | None:
    """The address as the register stores it, or None when it cannot be one.

    E-mail: trimmed, lower case, with one ``@`` and no spaces (a full check
    is not needed: an address the register would refuse is simply not
    found). SMS: E.164; eight digits are read as a Danish number. Raises
    ValueError for a channel that has no address list (phone, post: look
    those up by subject).
    """
    if channel == "email":
        text = address.strip().lower()
        return text if looks_like_email(text) else None
    if channel == "sms":
        text = address.strip().translate(_PHONE_NOISE)
        if text.startswith("00"):
            text = "+" + text[2:]
        if len(text) == 8 and text.isdigit():
            text = "+45" + text
        if _E164.fullmatch(text):
            return text
        try:
            return normalise_phone(address)
        except ValueError:
            return None
    check_channel(channel)
    raise ValueError(
        f"channel: '{channel}' has no address list; ask about a subject instead of an address"
    )


def _moment(at: datetime | None) -> datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError(f"at: {at.isoformat()} has no time zone; give an aware datetime")
    return at


def _routes(channel: str) -> ChannelRoutes:
    """The applied declaration's routes to ``channel`` (none before one is applied)."""
    check_channel(channel)
    return routes_now()[1].get(channel) or ChannelRoutes(channel, (), ())


def check_eligibility(
    subject_or_address: DataSubject | str, channel: str, *, at: datetime | None = None
) -> Eligibility:
    """May the subject (or whoever holds the address) be contacted for
    marketing on ``channel`` at ``at`` (default: now), and why (not)?

    An address is looked up as e-mail (channel ``email``) or phone number
    (``sms``); one not in the register is ``not eligible``, exactly like a
    registered person without any ground. Before a declaration is applied
    nobody is eligible. Raises ValueError for an unknown channel, a naive
    ``at``, or an address for the phone or post channel.
    """
    moment = _moment(at)
    check_channel(channel)
    if isinstance(subject_or_address, DataSubject):
        routes = _routes(channel)
        table = gather_facts(
            routes, moment, with_history=at is not None, subject_id=subject_or_address.pk
        )
        return decide(table.facts(subject_or_address.pk), routes) if table.held else NOT_ELIGIBLE
    if channel not in ADDRESS_FIELDS:
        raise ValueError(f"channel: '{channel}' has no address list; ask about a subject instead")
    if at is None:
        return next(_answers_now([subject_or_address], channel, CHUNK_SIZE))
    return next(_answers([subject_or_address], _routes(channel), moment, True, CHUNK_SIZE))


def check_many(
    addresses: Iterable[str],
    channel: str,
    *,
    at: datetime | None = None,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[Eligibility]:
    """One answer per address, in the order given, for ``email`` or ``sms``.

    Streams: reads ``chunk_size`` addresses at a time and yields their
    answers before reading more, so a list of millions needs memory for one
    chunk only. Raises ValueError (before reading any address) for a
    channel without addresses, a naive ``at`` or a chunk size below 1.
    """
    if channel not in ADDRESS_FIELDS:
        check_channel(channel)
        raise ValueError(f"channel: '{channel}' has no address list; use email or sms")
    if chunk_size < 1:
        raise ValueError(f"chunk_size: {chunk_size} must be at least 1")
    if at is None:
        return _answers_now(addresses, channel, chunk_size)
    return _answers(addresses, _routes(channel), _moment(at), True, chunk_size)


def _answers_now(addresses: Iterable[str], channel: str, chunk_size: int) -> Iterator[Eligibility]:
    """Answers now, from the eligibility index, a chunk's list at a time
    (iterated in C, not resumed once per answer)."""
    return chain.from_iterable(_answer_chunks(addresses, channel, chunk_size))


def _answer_chunks(
    addresses: Iterable[str], channel: str, chunk_size: int
) -> Iterator[list[Eligibility]]:
    """A chunk of at least ``LOAD_WHOLE_CHANNEL`` addresses, or of half as
    many as the index has answers on the channel (and at least a thousand),
    is answered from the whole channel in memory (``whole_channel``); a
    smaller one looks its addresses up."""
    state = bring_up_to_date(channel)
    known: dict[str, Eligibility] | None = None
    iterator = iter(addresses)
    while chunk := list(islice(iterator, chunk_size)):
        if known is None and len(chunk) >= min(LOAD_WHOLE_CHANNEL, max(state.answers // 2, 1000)):
            known = whole_channel(channel, state)
        if channel == "email":
            yield _email_answers(trimmed_lower(chunk), known)
            continue
        normal = [normalise_address(address, channel) for address in chunk]
        found = known if known is not None else answers_for({a for a in normal if a}, channel)
        yield [
            NOT_A_PHONE if address is None else found.get(address, NOT_ELIGIBLE)
            for address in normal
        ]


def _email_answers(normal: list[str], known: dict[str, Eligibility] | None) -> list[Eligibility]:
    """The answers for trimmed, lower-case e-mail addresses, from ``known``
    (the whole channel) or else looked up in the index. A registered
    address is well formed: only the others are checked, all at once when
    they all pass (a normal list), else one by one."""
    found = known if known is not None else answers_for(set(normal), "email")
    # NOT_ELIGIBLE itself only where nothing was found (an answer read from
    # the index is another object, even when equal).
    answers = list(map(found.get, normal, repeat(NOT_ELIGIBLE)))
    others = list(compress(normal, map(is_, answers, repeat(NOT_ELIGIBLE))))
    if all_look_like_emails(others):
        return answers
    return [
        NOT_AN_EMAIL if answer is NOT_ELIGIBLE and not looks_like_email(address) else answer
        for address, answer in zip(normal, answers, strict=True)
    ]


def _answers(
    addresses: Iterable[str],
    routes: ChannelRoutes,
    moment: datetime,
    with_history: bool,
    chunk_size: int,
) -> Iterator[Eligibility]:
    channel = routes.channel
    malformed = NOT_AN_EMAIL if channel == "email" else NOT_A_PHONE
    iterator = iter(addresses)
    while chunk := list(islice(iterator, chunk_size)):
        normal = [normalise_address(address, channel) for address in chunk]
        wanted = {address for address in normal if address is not None}
        answers = _answers_for_addresses(wanted, routes, moment, with_history)
        found = answers.get
        yield from [
            malformed if address is None else found(address, NOT_ELIGIBLE) for address in normal
        ]


def _answers_for_addresses(
    addresses: set[str], routes: ChannelRoutes, moment: datetime, with_history: bool
) -> dict[str, Eligibility]:
    table = gather_facts(routes, moment, with_history=with_history, addresses=list(addresses))
    # Subjects with the same facts get the same answer: decide once per kind.
    decided: dict[tuple[Any, ...], Eligibility] = {}
    answers: dict[str, Eligibility] = {}
    # In subject order, as the eligibility index combines them.
    for key, address in sorted(table.held.items()):
        signature = table.signature(key)
        answer = decided.get(signature)
        if answer is None:
            answer = decided[signature] = decide(table.facts(key), routes)
        before = answers.get(address)
        # Several subjects may share a phone number; combining in turns is the same.
        answers[address] = answer if before is None else combine([before, answer])
    return answers
