"""Tokens, prefixes, hashes and scopes (pure functions; properties with hypothesis)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.accounts.tokens import (
    NAME_MAX_LENGTH,
    PREFIX_LENGTH,
    SCOPES,
    TOKEN_LENGTH,
    ApiKeyError,
    clean_name,
    clean_scopes,
    hash_token,
    looks_like_token,
    new_token,
    token_prefix,
)


def test_a_new_token_has_a_tokens_shape_and_43_characters() -> None:
    for _ in range(200):
        token = new_token()
        assert len(token) == TOKEN_LENGTH
        assert looks_like_token(token)


def test_a_token_never_starts_with_a_dash_so_its_prefix_is_no_option() -> None:
    assert not any(new_token().startswith("-") for _ in range(5000))


def test_new_tokens_differ() -> None:
    assert len({new_token() for _ in range(1000)}) == 1000


def test_the_prefix_is_the_first_eight_characters() -> None:
    token = new_token()
    assert token_prefix(token) == token[:PREFIX_LENGTH]
    assert len(token_prefix(token)) == 8


def test_the_hash_is_the_sha256_in_hex() -> None:
    assert hash_token("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


@given(st.text(max_size=100))
def test_the_hash_is_64_hex_digits_and_never_contains_the_token(token: str) -> None:
    digest = hash_token(token)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == hash_token(token)
    # A short text may occur in a digest by chance; 16 characters cannot, in practice.
    if len(token) >= 16:
        assert token not in digest


@given(st.text(max_size=60).filter(lambda t: len(t) != TOKEN_LENGTH))
def test_text_of_another_length_does_not_look_like_a_token(text: str) -> None:
    assert not looks_like_token(text)


@pytest.mark.parametrize(
    "text",
    ["a" * 42 + "=", "a" * 42 + " ", "a" * 42 + "\n", "a" * 42 + "/", "æ" + "a" * 42],
)
def test_a_character_outside_url_safe_base64_does_not_look_like_a_token(text: str) -> None:
    assert not looks_like_token(text)


@given(st.lists(st.sampled_from(SCOPES), min_size=1, max_size=8))
def test_scopes_come_back_once_each_in_the_listed_order(scopes: list[str]) -> None:
    clean = clean_scopes(scopes)
    assert clean == [s for s in SCOPES if s in scopes]
    assert len(clean) == len(set(clean))


def test_scopes_are_read_in_any_case_with_spaces() -> None:
    assert clean_scopes([" Write", "READ "]) == ["read", "write"]


def test_an_unknown_scope_is_refused_by_name() -> None:
    with pytest.raises(ApiKeyError, match=r"scopes: 'admin' is not a scope; choose from read"):
        clean_scopes(["read", "admin"])


def test_a_key_needs_at_least_one_scope() -> None:
    with pytest.raises(ApiKeyError, match="scopes: give at least one"):
        clean_scopes([])


def test_a_name_is_stripped() -> None:
    assert clean_name("  crm-sync ") == "crm-sync"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name: is required"),
        ("   ", "name: is required"),
        ("x" * (NAME_MAX_LENGTH + 1), "name: is longer than 100"),
        ("crm\x1b[31m", "name: must not contain control characters"),
        ("a\nb", "name: must not contain control characters"),
    ],
)
def test_a_bad_name_is_refused(name: str, message: str) -> None:
    with pytest.raises(ApiKeyError, match=re.escape(message)):
        clean_name(name)
