"""A label such as ``{da: Offentlige myndigheder, når vi er pålagt det, en: ...}``
is split by YAML at the comma; the loader reads it as the one text that was
meant and warns, because the reference declaration depends on it."""

from __future__ import annotations

from persondata.policy.loader import load_file
from persondata.policy.tests.declaration_texts import REFERENCE, check, edited, position_of

SPLIT = "{da: Webinarer, live og optaget, en: Webinars}"


def split_warning(read_as: str) -> str:
    return (
        "this text contains a comma inside a {...} mapping, so YAML splits it at the comma; "
        f"it was read as one text ('{read_as}'), but put it in quotes to make that explicit"
    )


def test_a_danish_text_split_at_a_comma_is_read_as_one_text_with_a_warning() -> None:
    text = edited("name: {da: Webinarer, en: Webinars}", f"name: {SPLIT}")
    result = check(text)
    assert result.ok
    assert result.declaration is not None
    name = result.declaration.activities["webinars"].name
    assert (name.da, name.en) == ("Webinarer, live og optaget", "Webinars")
    [warning] = result.warnings
    assert warning.message == split_warning("Webinarer, live og optaget")
    assert (warning.line, warning.column) == position_of(text, "{da: ^^Webinarer, live")


def test_an_english_text_split_at_a_comma_is_repaired_too() -> None:
    text = edited(
        "name: {da: Webinarer, en: Webinars}", "name: {da: Webinarer, en: Webinars, live}"
    )
    result = check(text)
    assert result.declaration is not None
    assert result.declaration.activities["webinars"].name.en == "Webinars, live"
    assert [w.message for w in result.warnings] == [split_warning("Webinars, live")]


def test_several_commas_give_one_text_and_one_warning() -> None:
    text = edited(
        "name: {da: Webinarer, en: Webinars}",
        "name: {da: Webinarer, live, optaget, en: Webinars}",
    )
    result = check(text)
    assert result.declaration is not None
    assert result.declaration.activities["webinars"].name.da == "Webinarer, live, optaget"
    assert [w.message for w in result.warnings] == [split_warning("Webinarer, live, optaget")]


def test_a_quoted_text_with_a_comma_needs_no_repair_and_gets_no_warning() -> None:
    text = edited(
        "name: {da: Webinarer, en: Webinars}", "name: {da: 'Webinarer, live', en: Webinars}"
    )
    result = check(text)
    assert result.declaration is not None
    assert result.declaration.activities["webinars"].name.da == "Webinarer, live"
    assert result.problems == []


def test_a_real_extra_key_in_a_label_is_not_taken_for_a_split_text() -> None:
    text = edited(
        "name: {da: Webinarer, en: Webinars}", "name: {da: Webinarer, de: Webinare, en: Webinars}"
    )
    result = check(text)
    assert [e.message for e in result.errors] == [
        "unknown key 'de' in activities.webinars.name; the valid keys are: da, en"
    ]
    assert result.warnings == []


def test_the_reference_declaration_loads_with_only_its_split_text_warning() -> None:
    result = load_file(REFERENCE)
    assert result.errors == []
    assert result.declaration is not None
    authorities = result.declaration.recipients["authorities"].name
    assert authorities.da == "Offentlige myndigheder, når vi er pålagt det"
    assert authorities.en == "Public authorities when the law requires it"
    assert [w.message for w in result.warnings] == [
        split_warning("Offentlige myndigheder, når vi er pålagt det")
    ]
    text = REFERENCE.read_text(encoding="utf-8")
    [warning] = result.warnings
    assert (warning.line, warning.column) == position_of(text, "{da: ^^Offentlige myndigheder")
