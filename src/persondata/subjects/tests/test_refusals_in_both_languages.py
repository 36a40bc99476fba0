"""Format and event-name refusals: English through str() (CLI, API, import
reports), the active language through localized() (staff pages)."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from persondata.demo.tests.declarations import load
from persondata.policy.taxonomy import event_error
from persondata.subjects import checks, validation
from persondata.subjects.checks import RegisterError

TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("check", "english", "danish"),
    [
        (
            lambda: validation.normalise_email("karen(at)example.dk"),
            "email: 'karen(at)example.dk' is not an e-mail address",
            "email: 'karen(at)example.dk' er ikke en e-mailadresse",
        ),
        (
            lambda: validation.normalise_phone("12"),
            "phone: '12' is not a valid phone number (without a country code it is read as a "
            "number in DK)",
            "phone: '12' er ikke et gyldigt telefonnummer (uden landekode læses det som et "
            "nummer i DK)",
        ),
        (
            lambda: validation.normalise_cpr("0101301234x", today=TODAY),
            "cpr: '010130-****' is not a CPR number (DDMMYY-SSSS)",
            "cpr: '010130-****' er ikke et CPR-nummer (DDMMÅÅ-LLLL)",
        ),
        (
            lambda: validation.normalise_cvr("12345678"),
            "cvr: '12345678' is not a CVR number (8 digits with a valid check digit)",
            "cvr: '12345678' er ikke et CVR-nummer (8 cifre med et gyldigt kontrolciffer)",
        ),
        (
            lambda: validation.refuse_card_number("card 4111 1111 1111 1111", field="note"),
            "note: holds a full card number (ending 1111); card numbers are never stored: "
            "remove it, or keep only the last four digits",
            "note: indeholder et fuldt kortnummer (der ender på 1111); kortnumre gemmes aldrig: "
            "fjern det, eller behold kun de sidste fire cifre",
        ),
    ],
)
def test_a_format_error_is_english_for_the_cli_and_danish_on_a_danish_page(check, english, danish):
    with translation.override("da"), pytest.raises(validation.InvalidValue) as refused:
        check()
    error = refused.value
    with translation.override("da"):
        assert str(error) == english
        assert error.localized() == danish
        assert error.reason == english.split(": ", 1)[1]
    with translation.override("en"):
        assert error.localized() == english


def test_the_register_says_every_problem_in_the_pages_language(db):
    declaration = load("demo")
    with pytest.raises(RegisterError) as refused:
        checks.clean_subject_fields(
            declaration, today=TODAY, display_name=" ", categories=["customer"], email="x@"
        )
    error = refused.value
    assert str(error) == "display_name: is required; email: 'x@' is not an e-mail address"
    with translation.override("da"):
        assert error.localized() == (
            "display_name: skal udfyldes; email: 'x@' er ikke en e-mailadresse"
        )


@pytest.mark.parametrize(
    ("name", "english", "danish"),
    [
        (
            "employment_ended",
            "name: 'employment_ended' is not recorded by hand: end the contact link's "
            "employment instead (end_employment)",
            "name: 'employment_ended' registreres ikke i hånden: afslut kontaktpersonens "
            "ansættelse i stedet (end_employment)",
        ),
        (
            "consent_given:newsletter",
            "name: 'consent_given:newsletter' is not recorded by hand: give the consent in the "
            "consent ledger instead (give_consent; the person gives consent in the privacy "
            "center)",
            "name: 'consent_given:newsletter' registreres ikke i hånden: giv samtykket i "
            "samtykkeloggen i stedet (give_consent; personen giver samtykke i "
            "privatlivscentret)",
        ),
        (
            "consent_withdrawn:newsletter",
            "name: 'consent_withdrawn:newsletter' is not recorded by hand: withdraw the consent "
            "in the consent ledger instead (withdraw_consent; a consent_withdrawal request, the "
            "privacy center or an unsubscribe link)",
            "name: 'consent_withdrawn:newsletter' registreres ikke i hånden: træk samtykket "
            "tilbage i samtykkeloggen i stedet (withdraw_consent; en anmodning om "
            "tilbagetrækning af samtykke (consent_withdrawal), privatlivscentret eller et "
            "afmeldingslink)",
        ),
        (
            "last_contact:x",
            "name: the event 'last_contact' takes no ':' part; only relationship_ended:<subject "
            "category>, consent_given:<purpose> and consent_withdrawn:<purpose> do",
            "name: hændelsen 'last_contact' tager ingen ':'-del; det gør kun relationship_ended:"
            "<kategori af registrerede>, consent_given:<formål> og consent_withdrawn:<formål>",
        ),
    ],
)
def test_an_event_name_refusal_reads_in_both_languages(name, english, danish):
    declaration = load("demo")
    with pytest.raises(RegisterError) as refused:
        checks.check_event_name(name, declaration)
    with translation.override("da"):
        assert str(refused.value) == english
        assert refused.value.localized() == danish


@pytest.mark.parametrize(
    ("name", "english", "danish"),
    [
        (
            "consent_given",
            "name: the event 'consent_given' needs a consent purpose: write 'consent_given:<key>'",
            "name: hændelsen 'consent_given' skal have et samtykkeformål: skriv "
            "'consent_given:<nøgle>'",
        ),
        (
            "consent_given:lottery",
            "name: 'lottery' in 'consent_given:lottery' is not a consent purpose declared "
            "under consent_purposes",
            "name: 'lottery' i 'consent_given:lottery' er ikke et samtykkeformål erklæret "
            "under consent_purposes",
        ),
    ],
)
def test_a_consent_event_name_the_ledger_cannot_record_reads_in_both_languages(
    name, english, danish
):
    declaration = load("demo")
    with pytest.raises(RegisterError) as refused:
        checks.check_known_event(name, declaration)
    with translation.override("da"):
        assert str(refused.value) == english
        assert refused.value.localized() == danish


def test_the_declaration_check_keeps_the_english_reason():
    assert event_error("party") == (
        "'party' is not a known event; the built-in events are collected, "
        "relationship_started, relationship_ended, last_contact, last_purchase, "
        "employment_ended, registered, consent_given:<purpose> and consent_withdrawn:<purpose>; "
        "declare other events under 'events'"
    )
