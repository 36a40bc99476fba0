"""normalise_address for e-mail: the one-pattern check says exactly what the plain rules say."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from persondata.consent.eligibility import normalise_address


def _by_the_rules(address: str) -> str | None:
    text = address.strip().lower()
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain or "@" in domain or " " in text:
        return None
    if len(text) > 254 or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return text


ADDRESS_LIKE = st.text(alphabet=st.sampled_from("aZ@. \t\x00\x7fæ\ud800-_"), max_size=12)


@given(st.one_of(ADDRESS_LIKE, st.text(max_size=40)))
def test_the_pattern_agrees_with_the_plain_rules(address):
    assert normalise_address(address, "email") == _by_the_rules(address)


def test_length_and_odd_characters_are_refused():
    assert normalise_address("a@b." + "c" * 251, "email") is None
    assert normalise_address("a@b." + "c" * 250, "email") == "a@b." + "c" * 250
    assert normalise_address("a\ud800@b.dk", "email") is None
    assert normalise_address("a@b.dk\x7f", "email") is None
    assert normalise_address("Æble@Hus.DK ", "email") == "æble@hus.dk"
