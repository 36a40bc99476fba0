"""Every fideslang key has a Danish and an English label, and the
declaration's own labels win over the built-in ones."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from persondata.policy.taxonomy import (
    UnknownKeyError,
    category_label,
    data_use_label,
    default_taxonomy,
    event_label,
    sensitivity_label,
    subject_label,
)
from persondata.policy.taxonomy_labels import (
    DATA_CATEGORY_LABELS,
    DATA_SUBJECT_LABELS,
    DATA_USE_LABELS,
    SENSITIVITY_LABELS,
)
from persondata.policy.tests.declaration_texts import demo_declaration

TABLES = {
    "data categories": (DATA_CATEGORY_LABELS, default_taxonomy().data_categories),
    "data uses": (DATA_USE_LABELS, default_taxonomy().data_uses),
    "data subjects": (DATA_SUBJECT_LABELS, default_taxonomy().data_subjects),
}


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_every_fideslang_key_has_labels_and_no_label_is_for_an_unknown_key(kind: str) -> None:
    labels, fideslang = TABLES[kind]
    assert set(labels) == set(fideslang)


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_labels_are_real_distinct_words_in_both_languages(kind: str) -> None:
    labels, _ = TABLES[kind]
    for language in (0, 1):
        words = [pair[language] for pair in labels.values()]
        assert all(word and word == word.strip() and "_" not in word for word in words)
        assert len(set(words)) == len(words)


def test_the_default_taxonomy_is_read_once() -> None:
    assert default_taxonomy() is default_taxonomy()
    entry = default_taxonomy().data_categories["user.contact.email"]
    assert (entry.key, entry.name, entry.parent) == (
        "user.contact.email",
        "User Contact Email",
        "user.contact",
    )


def test_category_labels_come_in_danish_and_english() -> None:
    key = "user.government_id.national_identification_number"
    assert category_label(key, "da") == "CPR-nummer"
    assert category_label(key, "en") == "CPR number (Danish personal identification number)"
    assert category_label("user.contact.email") == "E-mailadresse"


def test_a_declared_category_is_labelled_with_its_own_name() -> None:
    assert category_label("dk.tax_card", "da", demo_declaration()) == "Skattekort"
    assert category_label("dk.tax_card", "en", demo_declaration()) == "Tax card"


def test_a_declared_subject_label_wins_over_fideslangs() -> None:
    assert subject_label("supplier_vendor", "da") == "Leverandører"
    assert subject_label("contact_person", "en", demo_declaration()) == (
        "Contact persons at customers and suppliers"
    )
    assert subject_label("shareholder", "da", demo_declaration()) == "Aktionærer og anpartshavere"


def test_data_use_labels_come_in_danish_and_english() -> None:
    assert data_use_label("marketing.communications.email", "da") == "Markedsføring på e-mail"
    assert data_use_label("essential.legal_obligation", "en") == "Meeting legal obligations"


def test_events_are_labelled_with_their_parameter() -> None:
    declaration = demo_declaration()
    assert event_label("collected", "da") == "Oplysningen blev indsamlet"
    assert event_label("relationship_ended:employee", "da", declaration) == (
        "Samarbejdet ophørte (Medarbejdere)"
    )
    assert event_label("consent_withdrawn:newsletter", "en", declaration) == (
        "Consent withdrawn: newsletter"
    )
    assert event_label("webinar_held", "en", declaration) == "The webinar has taken place"


def test_sensitivity_levels_have_labels_for_documents() -> None:
    assert set(SENSITIVITY_LABELS) == {
        "ordinary",
        "national_id",
        "confidential",
        "special",
        "criminal",
    }
    assert sensitivity_label("special", "en") == "Special categories of personal data (Art. 9)"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: category_label("user.nonsense"), "'user.nonsense' is not a known data category"),
        (lambda: data_use_label("selling"), "'selling' is not a known data use"),
        (lambda: subject_label("aliens"), "'aliens' is not a known subject category"),
        (lambda: event_label("webinar_held"), "'webinar_held' is not a known event"),
        (lambda: sensitivity_label("secret"), "'secret' is not a known sensitivity level"),
    ],
)
def test_an_unknown_key_raises_a_clear_error(call: Callable[[], str], message: str) -> None:
    with pytest.raises(UnknownKeyError) as raised:
        call()
    assert str(raised.value) == message


def test_an_unsupported_language_is_refused() -> None:
    with pytest.raises(ValueError, match="'de' is not a supported language; expected da or en"):
        category_label("user.name", "de")
