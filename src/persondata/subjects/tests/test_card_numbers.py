from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.subjects.validation import (
    InvalidValue,
    check_text,
    find_card_number,
    luhn_valid,
    mask_card_number,
)


def luhn_complete(body: str) -> str:
    """``body`` with the check digit that makes it Luhn-valid."""
    for digit in "0123456789":
        if luhn_valid(body + digit):
            return body + digit
    raise AssertionError("unreachable: one check digit always fits")


card_numbers = st.integers(min_value=12, max_value=18).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n).map(luhn_complete)
)


@pytest.mark.parametrize(
    "number", ["4111111111111111", "5500000000000004", "340000000000009", "6011000000000004"]
)
def test_known_test_card_numbers_pass_the_luhn_check(number: str) -> None:
    assert luhn_valid(number)
    assert not luhn_valid(number[:-1] + str((int(number[-1]) + 1) % 10))


@given(number=card_numbers, separator=st.sampled_from(["", " ", "-"]))
def test_a_card_number_is_found_however_it_is_grouped(number: str, separator: str) -> None:
    grouped = separator.join(number[i : i + 4] for i in range(0, len(number), 4))
    assert find_card_number(f"Betalt med {grouped} i går") == number


@given(number=card_numbers)
def test_a_card_number_is_refused_in_any_text(number: str) -> None:
    with pytest.raises(InvalidValue, match=f"note: holds a full card number .ending {number[-4:]}"):
        check_text(f"kort: {number}", field="note")


@given(number=card_numbers)
def test_a_card_number_in_a_card_record_is_masked_to_its_last_four_digits(number: str) -> None:
    masked = check_text(number, field="card", data_category="user.financial.credit_card")
    assert masked == f"**** **** **** {number[-4:]}"


@pytest.mark.parametrize(
    "text",
    [
        "2110625629",  # a CPR number: 10 digits
        "+45 20 12 34 56",
        "4111111111111112",  # fails Luhn
        "12345678901234567890",  # 20 digits: too long to be a card
        "Invoice 1042 of 2026-01-31",
    ],
)
def test_other_numbers_are_not_card_numbers(text: str) -> None:
    assert find_card_number(text) is None
    assert check_text(text, field="note") == text


@pytest.mark.parametrize(
    "value", ["**** **** **** 1234", "****1234", "xxxx-xxxx-xxxx-1234", "1234"]
)
def test_an_already_masked_card_is_kept_in_one_form(value: str) -> None:
    assert mask_card_number(value, field="card") == "**** **** **** 1234"


def test_a_card_record_that_is_neither_full_nor_masked_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"card: '.*' is neither a full card number"):
        mask_card_number("4111 1111 1111 1112", field="card")
