"""A label given in one language only, while controller.languages lists the
other, falls back to the given one with a warning that says which is missing."""

from __future__ import annotations

from persondata.policy.tests.declaration_texts import check, edited, position_of

DANISH_ONLY = (
    "this text is given in Danish only, but controller.languages lists en; the English "
    "version falls back to the Danish text (add 'en: ...')"
)
ENGLISH_ONLY = (
    "this text is given in English only, but controller.languages lists da; the Danish "
    "version falls back to the English text (add 'da: ...')"
)


def test_a_danish_only_label_warns_that_english_falls_back() -> None:
    text = edited("name: {da: Webinarer, en: Webinars}", "name: {da: Webinarer}")
    result = check(text)
    assert result.ok
    [warning] = result.warnings
    assert warning.message == DANISH_ONLY
    assert (warning.line, warning.column) == position_of(text, "name: ^^{da: Webinarer}")
    assert result.declaration is not None
    assert result.declaration.activities["webinars"].name.get("en") == "Webinarer"


def test_an_english_only_text_in_a_list_warns_that_danish_falls_back() -> None:
    text = edited(
        "    - da: Logfiler over adgang til systemerne gennemgås månedligt.\n"
        "      en: Logs of access",
        "    - en: Logs of access",
    )
    result = check(text)
    [warning] = result.warnings
    assert warning.message == ENGLISH_ONLY
    assert (warning.line, warning.column) == position_of(text, "    - ^^en: Logs of access")


def test_no_warning_when_the_missing_language_is_not_wanted() -> None:
    text = edited("languages: [da, en]", "languages: [da]")
    text = edited("name: {da: Webinarer, en: Webinars}", "name: {da: Webinarer}", text)
    assert check(text).problems == []


def test_an_english_only_text_warns_even_when_only_danish_is_wanted() -> None:
    text = edited("languages: [da, en]", "languages: [da]")
    text = edited("name: {da: Webinarer, en: Webinars}", "name: {en: Webinars}", text)
    assert [w.message for w in check(text).warnings] == [
        "this text is given in English only, but controller.languages lists da; the Danish "
        "version falls back to the English text (add 'da: ...')"
    ]


def test_one_plain_text_serves_both_languages_without_a_warning() -> None:
    text = edited("name: {da: Webinarer, en: Webinars}", "name: Webinarer")
    result = check(text)
    assert result.problems == []
    assert result.declaration is not None
    name = result.declaration.activities["webinars"].name
    assert (name.get("da"), name.get("en")) == ("Webinarer", "Webinarer")
