"""Generated identifiers are ones the register accepts, and unique."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr

from persondata.demo.values import DemoValues, ascii_slug, cvr_check_ok
from persondata.subjects import validation

TODAY = date(2026, 3, 2)


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=40)
def test_people_have_identifiers_the_register_accepts(seed):
    values = DemoValues(seed=seed, today=TODAY)
    for _ in range(5):
        person = values.person()
        assert validation.normalise_cpr(person.cpr, today=TODAY) == person.cpr
        assert stdnum_cpr.get_birth_date(person.cpr) == person.born
        assert validation.normalise_phone(person.phone) == person.phone
        assert validation.normalise_email(person.email) == person.email
        assert person.email.rsplit("@", 1)[1].startswith("example.")


@given(st.integers(min_value=0, max_value=2**32))
@settings(max_examples=40)
def test_cvr_numbers_pass_the_check_digit(seed):
    values = DemoValues(seed=seed, today=TODAY)
    for _ in range(5):
        assert validation.normalise_cvr(values.cvr())


def test_the_cvr_check_refuses_a_wrong_check_digit():
    assert cvr_check_ok("12345674")
    assert not cvr_check_ok("12345675")
    assert not cvr_check_ok("1234567")


def test_identifiers_do_not_repeat_within_one_generator():
    values = DemoValues(seed=7, today=TODAY)
    people = [values.person() for _ in range(400)]
    assert len({p.email for p in people}) == 400
    assert len({p.cpr for p in people}) == 400
    assert len({values.cvr() for _ in range(200)}) == 200


def test_the_same_name_gets_numbered_addresses():
    values = DemoValues(seed=1, today=TODAY)
    first = values.email("Søren Ærø", "nordlys.example")
    second = values.email("Søren Ærø", "nordlys.example")
    assert (first, second) == ("soeren.aeroe@nordlys.example", "soeren.aeroe2@nordlys.example")


def test_slugs_keep_only_ascii_letters_and_digits():
    assert ascii_slug("Jensen & Søn A/S", "-") == "jensen-soen-a-s"
    assert ascii_slug("!!!") == "person"


def test_people_are_adults_born_after_1945():
    values = DemoValues(seed=3, today=TODAY)
    for _ in range(200):
        born = values.person().born
        assert date(1945, 1, 1) <= born <= date(2008, 3, 2)
