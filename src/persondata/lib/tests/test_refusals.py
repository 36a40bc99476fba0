"""A refusal reads English through str() (the CLI, the API, logs) whatever
language is active, and in the active language through localized()."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy

from persondata.lib.refusals import KeyOrLabel, TranslatableRefusal

# Messages the rights catalogue translates.
CLOSED = gettext_lazy("request %(id)s is closed; it cannot be assigned")


def test_str_is_english_even_when_danish_is_active():
    error = TranslatableRefusal(CLOSED, id=7)
    with translation.override("da"):
        assert str(error) == "request 7 is closed; it cannot be assigned"
        assert error.localized() == "anmodning 7 er lukket; den kan ikke tildeles"
    with translation.override("en"):
        assert error.localized() == "request 7 is closed; it cannot be assigned"


def test_a_key_or_label_is_the_key_in_english_and_the_label_in_a_page():
    # Parameters are rendered in the message's language too.
    status = KeyOrLabel("executed", gettext_lazy("carried out"))
    error = TranslatableRefusal(
        gettext_lazy("proposal %(id)s was already %(status)s"), id=1, status=status
    )
    with translation.override("da"):
        assert str(error) == "proposal 1 was already executed"
        assert error.localized() == "forslag 1 er allerede udført"


def test_a_plain_message_is_left_as_it_is():
    error = TranslatableRefusal("50% done; nothing changed")
    with translation.override("da"):
        assert str(error) == error.localized() == "50% done; nothing changed"


def test_a_refusal_saying_others_says_each_in_the_language_shown_once_each():
    closed = TranslatableRefusal(CLOSED, id=7)
    combined = TranslatableRefusal.saying([closed, "x: 50% wrong", closed])
    with translation.override("da"):
        assert str(combined) == "request 7 is closed; it cannot be assigned; x: 50% wrong"
        assert combined.localized() == "anmodning 7 er lukket; den kan ikke tildeles; x: 50% wrong"
