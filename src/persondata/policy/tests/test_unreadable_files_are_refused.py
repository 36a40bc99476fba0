"""Files that are not a readable declaration at all are refused with one clear
error, quickly, and without a half-loaded declaration."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from persondata.policy import loader
from persondata.policy.loader import load_file, load_text
from persondata.policy.tests.declaration_texts import (
    demo_text,
    edited,
    only_error,
    position_of,
)


def write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "persondata.yaml"
    path.write_bytes(content)
    return path


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    error = only_error(load_file(write(tmp_path, b"")))
    assert error.message == "the file is empty; a declaration starts with 'version: 1'"
    assert (error.line, error.column) == (1, 1)


def test_a_file_with_only_comments_counts_as_empty(tmp_path: Path) -> None:
    error = only_error(load_file(write(tmp_path, b"# nothing yet\n\n   \n")))
    assert error.message == "the file is empty; a declaration starts with 'version: 1'"


def test_a_list_is_not_a_declaration(tmp_path: Path) -> None:
    error = only_error(load_file(write(tmp_path, b"# a list\n- version: 1\n- controller: x\n")))
    assert error.message == (
        "the declaration must be a mapping of keys (version, controller, activities, ...), "
        "not a list"
    )
    assert (error.line, error.column) == (2, 1)


def test_a_single_value_is_not_a_declaration(tmp_path: Path) -> None:
    error = only_error(load_file(write(tmp_path, b"persondata\n")))
    assert error.message == (
        "the declaration must be a mapping of keys (version, controller, activities, ...), "
        "not the single value 'persondata'"
    )


def test_a_50_mb_file_is_refused_quickly_without_being_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)

    def must_not_parse(text: str) -> None:
        raise AssertionError("a file over the limit must not be parsed")

    monkeypatch.setattr(loader, "parse_text", must_not_parse)
    started = time.monotonic()
    error = only_error(load_file(path))
    assert time.monotonic() - started < 1.0
    limit = settings.POLICY_MAX_BYTES
    assert error.message == (
        f"the declaration is 52,428,800 bytes; it may be at most {limit:,} bytes "
        "(PERSONDATA_POLICY_MAX_BYTES); it was not read"
    )
    assert (error.line, error.column) == (1, 1)


def test_a_text_over_the_limit_is_refused_by_load_text_too() -> None:
    with override_settings(POLICY_MAX_BYTES=1000):
        error = only_error(load_text(demo_text(), file="upload.yaml"))
    size = len(demo_text().encode("utf-8"))
    assert error.message == (
        f"the declaration is {size:,} bytes; it may be at most 1,000 bytes "
        "(PERSONDATA_POLICY_MAX_BYTES); it was not read"
    )


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_bomb_is_refused_at_its_first_anchor_without_expanding() -> None:
    started = time.monotonic()
    error = only_error(load_text(billion_laughs(), file="bomb.yaml"))
    assert time.monotonic() - started < 1.0
    assert error.message == (
        "anchors and aliases (&name, *name) are not allowed in a declaration; write each value out"
    )
    assert (error.line, error.column) == (1, 4)


def test_an_alias_in_the_demo_is_refused_at_the_anchor() -> None:
    text = edited(
        "    recipients: [fjordhost, offsite_vault]\n    required:",
        "    recipients: &hosting [fjordhost, offsite_vault]\n    required:",
    )
    text = edited(
        "    recipients: [fjordhost, offsite_vault]\n    erasure: delete\n    retention:\n"
        "      - on: dpa_terminated",
        "    recipients: *hosting\n    erasure: delete\n    retention:\n      - on: dpa_terminated",
        text,
    )
    error = only_error(load_text(text))
    assert (error.line, error.column) == position_of(text, "recipients: ^^&hosting")


def test_bytes_that_are_not_utf8_are_refused_at_their_line_and_column(tmp_path: Path) -> None:
    text = demo_text()
    # "Havnegåde" saved as Latin-1: the å is the single byte 0xE5.
    raw = text.encode("utf-8").replace(b'"Havnegade 7', b'"Havneg\xe5de 7')
    error = only_error(load_file(write(tmp_path, raw)))
    assert error.message == (
        "the file is not UTF-8 text: the byte 0xE5 here cannot be read; save the file as UTF-8"
    )
    assert (error.line, error.column) == position_of(text, 'address: "Havneg^^ade 7')


def test_a_control_character_is_refused_at_its_position() -> None:
    text = edited("  name: Nordlys IT ApS\n", "  name: Nordlys\x07 IT ApS\n")
    error = only_error(load_text(text))
    assert error.message == (
        "the file contains the control character U+0007, which YAML does not allow; remove it"
    )
    assert (error.line, error.column) == position_of(text, "Nordlys^^\x07")


def test_deep_nesting_is_refused_quickly_before_parsing() -> None:
    text = "version: 1\nactivities: " + "[" * 200_000 + "]" * 200_000 + "\n"
    started = time.monotonic()
    error = only_error(load_text(text))
    assert time.monotonic() - started < 1.0
    assert error.message == (
        "lists or mappings in [...] or {...} nest more than 64 levels deep here; "
        "a declaration needs only a few levels"
    )
    assert (error.line, error.column) == (2, 13 + 64)


def test_a_second_yaml_document_is_refused() -> None:
    text = demo_text() + "---\nversion: 1\n"
    error = only_error(load_text(text))
    assert error.message == (
        "the file holds a second YAML document (after '---'); a declaration is one document, "
        "so remove the '---' line and merge the two parts"
    )
    assert error.line == text.count("\n") - 1


def test_a_number_used_as_a_key_is_refused() -> None:
    text = edited("  visitor: {da:", "  2026: {da: Gæster, en: Guests}\n  visitor: {da:")
    error = only_error(load_text(text))
    assert error.message == (
        "the key '2026' is read as a number, but keys are words; "
        'write it in quotes ("2026") if you mean the text'
    )
    assert (error.line, error.column) == position_of(text, "^^2026:")


def test_a_missing_file_is_reported() -> None:
    error = only_error(load_file("/nonexistent/persondata.yaml"))
    assert error.message == "cannot read the file: No such file or directory"


def test_a_byte_order_mark_at_the_start_is_accepted(tmp_path: Path) -> None:
    result = load_file(write(tmp_path, b"\xef\xbb\xbf" + demo_text().encode("utf-8")))
    assert result.ok
    assert result.problems == []
