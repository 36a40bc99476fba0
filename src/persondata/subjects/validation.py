"""Checks and normal forms of the register's identifiers and values; no database.

Each function returns the normal form that is stored, or raises
``InvalidValue`` with a message that names the field and says what would be
right. The register's actions and the importer both use them, so a value is
accepted or refused the same way everywhere.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from persondata.lib.refusals import TranslatableRefusal

CREDIT_CARD_CATEGORY = "user.financial.credit_card"
EMAIL_CATEGORY = "user.contact.email"
PHONE_CATEGORY = "user.contact.phone_number"
CPR_CATEGORY = "user.government_id.national_identification_number"
DEFAULT_PHONE_REGION = "DK"

# Runs of 13-19 digits, optionally grouped by single spaces or dashes.
_DIGIT_RUN = re.compile(r"(?<![\d])\d(?:[ -]?\d){12,18}(?![ -]?\d)")
# A masked card number: mask characters, spaces or dashes, then exactly four digits.
_MASKED_CARD = re.compile(r"^[*xX• -]*(\d{4})$")


class InvalidValue(TranslatableRefusal):
    """A value refused by a check: ``field`` names it, ``reason`` says what is wrong.

    ``str()`` and ``reason`` are English (CLI, API, import reports);
    ``localized()`` is in the active language, for web pages. The field is
    the name of an input and is not translated.
    """

    def __init__(self, field: str, reason: str | Promise, /, **params: Any) -> None:
        super().__init__(reason, **params)
        self.field = field

    @property
    def reason(self) -> str:
        with translation.override(None):
            return super().localized()

    def localized(self) -> str:
        return f"{self.field}: {super().localized()}"


def normalise_email(value: str, *, field: str = "email") -> str:
    """The address in lower case; InvalidValue if it is not an e-mail address."""
    text = value.strip()
    try:
        validate_email(text)
    except DjangoValidationError:
        raise InvalidValue(
            field, gettext_lazy("'%(value)s' is not an e-mail address"), value=value
        ) from None
    return text.lower()


def normalise_phone(value: str, *, field: str = "phone", region: str = DEFAULT_PHONE_REGION) -> str:
    """The number in E.164 (``+4512345678``); numbers without a country code are
    read as Danish. InvalidValue if it cannot be a phone number there."""
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise InvalidValue(
            field, gettext_lazy("'%(value)s' is not a phone number"), value=value
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidValue(
            field,
            gettext_lazy(
                "'%(value)s' is not a valid phone number (without a country code it is "
                "read as a number in %(region)s)"
            ),
            value=value,
            region=region,
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise_cpr(value: str, *, today: date, field: str = "cpr") -> str:
    """The CPR number as 10 digits.

    Checks the length and the birth date with the century rule of the 7th
    digit, and refuses a birth date after ``today``. The modulus-11 check is
    deliberately not applied: CPR numbers without it have been issued since
    2007, so it would refuse real people.
    """
    # stdnum's compact() does the same, several times slower; imports run this a million times.
    compact = value.replace(" ", "").replace("-", "").strip()
    if not compact.isdigit() or len(compact) != 10:
        raise InvalidValue(
            field,
            gettext_lazy("'%(value)s' is not a CPR number (DDMMYY-SSSS)"),
            value=_redact_cpr(value),
        )
    try:
        born = stdnum_cpr.get_birth_date(compact)
    except StdnumError:
        raise InvalidValue(
            field,
            gettext_lazy("'%(value)s' is not a CPR number: %(digits)s is not a date"),
            value=_redact_cpr(value),
            digits=f"{compact[:2]}-{compact[2:4]}-{compact[4:6]}",
        ) from None
    if born > today:
        raise InvalidValue(
            field,
            gettext_lazy(
                "'%(value)s' is not a CPR number: the birth date %(born)s is in the future"
            ),
            value=_redact_cpr(value),
            born=born.isoformat(),
        )
    return compact


def normalise_cvr(value: str, *, field: str = "cvr") -> str:
    """The CVR number as 8 digits; InvalidValue if its length or check digit is wrong."""
    compact = str(value).replace(" ", "").removeprefix("DK")
    try:
        return str(stdnum_cvr.validate(compact))
    except StdnumError:
        raise InvalidValue(
            field,
            gettext_lazy("'%(value)s' is not a CVR number (8 digits with a valid check digit)"),
            value=value,
        ) from None


def luhn_valid(digits: str) -> bool:
    """True if the digit string passes the Luhn check (as every card number does)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def find_card_number(text: str) -> str | None:
    """The digits of the first full card number in ``text`` (13-19 digits,
    optionally grouped by spaces or dashes, Luhn-valid), or None."""
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[ -]", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits):
            return digits
    return None


def refuse_card_number(text: str, *, field: str) -> None:
    """InvalidValue if ``text`` holds a full card number: card numbers are never stored."""
    digits = find_card_number(text)
    if digits is not None:
        raise InvalidValue(
            field,
            gettext_lazy(
                "holds a full card number (ending %(last)s); card numbers are never stored: "
                "remove it, or keep only the last four digits"
            ),
            last=digits[-4:],
        )


def mask_card_number(text: str, *, field: str) -> str:
    """The value of a ``user.financial.credit_card`` record as stored.

    A full card number becomes ``**** **** **** 1234``; a value that is already
    masked (only its last four digits readable) is brought to that form. Anything else is
    refused with InvalidValue, since it would be a card number we cannot
    recognise as one.
    """
    stripped = text.strip()
    digits = find_card_number(stripped)
    if digits is not None:
        return f"**** **** **** {digits[-4:]}"
    masked = _MASKED_CARD.match(stripped)
    if masked:
        return f"**** **** **** {masked.group(1)}"
    raise InvalidValue(
        field,
        gettext_lazy(
            "'%(value)s' is neither a full card number (which is masked to its last four "
            "digits) nor a masked one such as '**** **** **** 1234'"
        ),
        value=_redact_digits(stripped),
    )


def check_text(text: str, *, field: str, data_category: str | None = None) -> str:
    """The text as stored: masked if it is a card record, else refused if it
    holds a card number. Used for every free-text value in the register."""
    if data_category == CREDIT_CARD_CATEGORY:
        return mask_card_number(text, field=field)
    refuse_card_number(text, field=field)
    return text


def _redact_cpr(value: str) -> str:
    # Error messages may reach logs; a CPR number's last four digits identify
    # a person, so they are never repeated in full.
    compact = value.strip()
    return compact[:6] + "-****" if len(compact) >= 6 else "****"


def _redact_digits(value: str) -> str:
    if len(value) > 40:
        value = value[:37] + "..."
    return re.sub(r"\d(?=(?:\D*\d){4})", "*", value)


def normalise_record_value(value: str, *, data_category: str, today: date, field: str) -> str:
    """The value of a record as stored: e-mail addresses, phone numbers and CPR
    numbers in their normal form (checked as above), card records masked, and
    every other value refused if it holds a full card number."""
    if data_category == EMAIL_CATEGORY:
        return normalise_email(value, field=field)
    if data_category == PHONE_CATEGORY:
        return normalise_phone(value, field=field)
    if data_category == CPR_CATEGORY:
        return normalise_cpr(value, today=today, field=field)
    return check_text(value, field=field, data_category=data_category)
