from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from persondata.subjects.validation import (
    InvalidValue,
    normalise_cpr,
    normalise_cvr,
    normalise_email,
    normalise_phone,
)

TODAY = date(2026, 3, 2)


def cpr_for(born: date, sequence: int) -> str:
    """A CPR number for ``born`` whose 7th digit places it in the right century."""
    if born.year < 1900:
        first = 5 + sequence % 4  # 5-8 with a year >= 58 means the 1800s
    elif born.year < 2000:
        first = sequence % 4  # 0-3 always mean the 1900s
    else:
        first = 4  # 4 with a year < 37 means the 2000s
    return f"{born:%d%m%y}{first}{sequence % 1000:03d}"


@given(
    born=st.dates(min_value=date(1858, 1, 1), max_value=TODAY),
    sequence=st.integers(min_value=0, max_value=9999),
)
def test_every_cpr_number_with_a_real_past_birth_date_is_accepted(
    born: date, sequence: int
) -> None:
    if born.year < 1900 and born.year % 100 < 58:
        return  # the 1800s only cover 1858-1899
    number = cpr_for(born, sequence)
    assert normalise_cpr(f"{number[:6]}-{number[6:]}", today=TODAY) == number


def test_the_modulus_11_check_is_not_required() -> None:
    # 211062-5628 fails the old modulus-11 check; such numbers exist since 2007.
    assert normalise_cpr("2110625628", today=TODAY) == "2110625628"


@pytest.mark.parametrize("value", ["320162-1234", "310462-1234", "290223-4123", "001062-1234"])
def test_a_cpr_number_with_an_impossible_date_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"is not a date") as caught:
        normalise_cpr(value, today=TODAY)
    assert caught.value.field == "cpr"
    assert value[-4:] not in str(caught.value)


def test_the_century_rule_decides_the_birth_date() -> None:
    # 7th digit 4 with year 36 is 2036: not born yet on 2026-03-02.
    with pytest.raises(InvalidValue, match=r"the birth date 2036-01-01 is in the future"):
        normalise_cpr("010136-4000", today=TODAY)
    # 7th digit 4 with year 37 is 1937.
    assert normalise_cpr("010137-4000", today=TODAY) == "0101374000"


@given(days=st.integers(min_value=1, max_value=3000))
def test_a_birth_date_after_today_is_refused(days: int) -> None:
    born = TODAY + timedelta(days=days)
    if born.year >= 2037:
        return
    with pytest.raises(InvalidValue, match=r"is in the future"):
        normalise_cpr(f"{born:%d%m%y}4000", today=TODAY)


@pytest.mark.parametrize("value", ["12345", "21106256290", "2110x25629", ""])
def test_a_cpr_number_of_the_wrong_shape_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"is not a CPR number \(DDMMYY-SSSS\)"):
        normalise_cpr(value, today=TODAY)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Jens@Example.DK", "jens@example.dk"), (" a.b+c@sub.example.com ", "a.b+c@sub.example.com")],
)
def test_an_email_address_is_stored_in_lower_case(value: str, expected: str) -> None:
    assert normalise_email(value) == expected


@pytest.mark.parametrize("value", ["x@", "@example.dk", "jens", "jens@example", "a b@c.dk"])
def test_a_malformed_email_address_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"is not an e-mail address"):
        normalise_email(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("20 12 34 56", "+4520123456"),
        ("+45 33 19 32 00", "+4533193200"),
        ("0045 86123456", "+4586123456"),
        ("+46 8 123 456 78", "+46812345678"),
    ],
)
def test_a_phone_number_is_stored_in_e164(value: str, expected: str) -> None:
    assert normalise_phone(value) == expected


@pytest.mark.parametrize("value", ["12", "abc", "+45 1234", "00000000"])
def test_an_impossible_phone_number_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"phone number"):
        normalise_phone(value)


@pytest.mark.parametrize("value", ["10000009", "DK 29 00 00 18", "12345674"])
def test_a_cvr_number_with_a_valid_check_digit_is_accepted(value: str) -> None:
    assert len(normalise_cvr(value)) == 8


@pytest.mark.parametrize("value", ["12345678", "1234567", "abcdefgh"])
def test_a_cvr_number_with_a_bad_check_digit_is_refused(value: str) -> None:
    with pytest.raises(InvalidValue, match=r"is not a CVR number"):
        normalise_cvr(value)
