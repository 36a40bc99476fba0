from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.lib.crypto import (
    CryptoError,
    KeyRing,
    decrypt,
    encrypt,
    key_id_of,
    keyed_digest,
    new_key_entry,
    parse_key_ring,
    reencrypt,
)

KEY_A = bytes(range(32))
KEY_B = bytes(range(1, 33))
RING = KeyRing((("a", KEY_A),))
ROTATED = KeyRing((("b", KEY_B), ("a", KEY_A)))


def b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


@given(plaintext=st.text(), associated=st.text())
def test_decrypting_gives_back_what_was_encrypted(plaintext: str, associated: str) -> None:
    token = encrypt(plaintext, associated=associated, ring=RING)
    assert decrypt(token, associated=associated, ring=RING) == plaintext


def test_the_ciphertext_names_format_and_key_and_never_repeats() -> None:
    first = encrypt("2110625629", associated="x", ring=RING)
    second = encrypt("2110625629", associated="x", ring=RING)
    assert first.startswith("v1:a:")
    assert first != second
    assert "2110625629" not in first
    assert key_id_of(first) == "a"


def test_other_associated_data_fails_authentication() -> None:
    token = encrypt("secret", associated="record|subject-1|user.health", ring=RING)
    with pytest.raises(CryptoError, match="failed authentication"):
        decrypt(token, associated="record|subject-2|user.health", ring=RING)


@given(position=st.integers(min_value=0))
def test_any_altered_byte_is_detected(position: int) -> None:
    token = encrypt("secret value", associated="ad", ring=RING)
    version, key_id, nonce, data = token.split(":")
    raw = bytearray(base64.b64decode(data))
    raw[position % len(raw)] ^= 0x01
    altered = ":".join((version, key_id, nonce, base64.b64encode(bytes(raw)).decode()))
    with pytest.raises(CryptoError, match="failed authentication"):
        decrypt(altered, associated="ad", ring=RING)


def test_an_unknown_key_id_is_named() -> None:
    token = encrypt("secret", associated="ad", ring=ROTATED)
    with pytest.raises(CryptoError, match="under key 'b', which is not in the key ring"):
        decrypt(token, associated="ad", ring=RING)


def test_a_different_key_under_the_same_id_fails_authentication() -> None:
    token = encrypt("secret", associated="ad", ring=RING)
    impostor = KeyRing((("a", KEY_B),))
    with pytest.raises(CryptoError, match="failed authentication"):
        decrypt(token, associated="ad", ring=impostor)


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("plain text", "not a ciphertext"),
        ("v2:a:AAAA:BBBB", "format 'v2' is not known"),
        ("v1:a:!!!:BBBB", "not valid base64"),
        ("v1:a:AAAA:BBBB", "truncated"),
    ],
)
def test_malformed_ciphertext_is_refused_clearly(token: str, message: str) -> None:
    with pytest.raises(CryptoError, match=message):
        decrypt(token, associated="ad", ring=RING)


def test_old_values_decrypt_after_rotation_and_reencrypt_under_the_new_key() -> None:
    old = encrypt("secret", associated="ad", ring=RING)
    assert decrypt(old, associated="ad", ring=ROTATED) == "secret"
    new = reencrypt(old, associated="ad", ring=ROTATED)
    assert key_id_of(new) == "b"
    assert decrypt(new, associated="ad", ring=ROTATED) == "secret"
    assert reencrypt(new, associated="ad", ring=ROTATED) == new


def test_a_key_ring_is_read_newest_first_from_text() -> None:
    ring = parse_key_ring(f"b:{b64(KEY_B)},\n a:{b64(KEY_A)}\n")
    assert ring.current_id == "b"
    assert ring.as_list() == [("b", KEY_B), ("a", KEY_A)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the key ring is empty"),
        ("nokey", "key entry 1 is not of the form id:base64key"),
        (f"a:{b64(KEY_A)},b:not base64!", r"key entry 2 \('b'\) is not valid base64"),
        (f"a:{b64(b'short')}", "key 'a' is 5 bytes long; AES-256-GCM needs 32"),
        (f"a:{b64(KEY_A)},a:{b64(KEY_B)}", "key id 'a' appears twice"),
        (f"bad id:{b64(KEY_A)}", "key id 'bad id' is not valid"),
    ],
)
def test_a_bad_key_ring_is_refused_without_showing_keys(text: str, message: str) -> None:
    with pytest.raises(CryptoError, match=message) as caught:
        parse_key_ring(text)
    assert b64(KEY_A) not in str(caught.value)


def test_a_new_key_entry_is_a_valid_ring() -> None:
    entry = new_key_entry("k2026")
    ring = parse_key_ring(entry)
    assert ring.current_id == "k2026"
    assert len(ring.key("k2026")) == 32
    assert parse_key_ring(new_key_entry()).current_id.startswith("k")


def test_a_keyed_digest_depends_on_the_key() -> None:
    assert keyed_digest("2110625629", key="one") == keyed_digest("2110625629", key="one")
    assert keyed_digest("2110625629", key="one") != keyed_digest("2110625629", key="two")
    assert len(keyed_digest("x", key="one")) == 64
