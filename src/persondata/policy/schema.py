"""The declaration's shape (SPEC section 2) as pydantic models.

The schema checks each value on its own (types, allowed words, CVR
checksums, durations). Rules that look across the file (references exist,
special data has a special basis, ...) live in ``lint.py``. Every model
forbids unknown keys so that a misspelt key is an error, not silently
ignored.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    field_validator,
    model_validator,
)
from stdnum.dk import cvr as stdnum_cvr
from stdnum.exceptions import ValidationError as StdnumError

from persondata.lib.durations import Duration, DurationError, parse_duration

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")

LegalBasis = Literal[
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interest",
]
# Art. 9(2)(a)-(j), in the order of the article.
SpecialBasis = Literal[
    "explicit_consent",
    "employment",
    "vital_interests",
    "not_for_profit",
    "made_public",
    "legal_claims",
    "substantial_public_interest",
    "health_care",
    "public_health",
    "archiving_research",
]
Sensitivity = Literal["ordinary", "national_id", "confidential", "special", "criminal"]
Channel = Literal["email", "sms", "phone", "post"]
RecipientRole = Literal["processor", "controller", "joint_controller", "authority"]
TransferSafeguard = Literal["adequacy", "scc", "bcr", "derogation"]

KEY_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _text_from_plain(value: Any) -> Any:
    if isinstance(value, str):
        return {"da": value, "en": value, "plain": True}
    return value


class Text(Strict):
    """A label in Danish and/or English. A plain string serves both."""

    da: str | None = None
    en: str | None = None
    # True when the declaration gave one string for both languages.
    plain: bool = Field(default=False, exclude=True)

    @model_validator(mode="after")
    def _one_language_at_least(self) -> Text:
        if not (self.da or "").strip() and not (self.en or "").strip():
            raise ValueError("give the text in Danish (da) or English (en), or both")
        return self

    def get(self, language: str) -> str:
        """The text in ``language``, falling back to the other language."""
        if language == "en":
            return self.en or self.da or ""
        return self.da or self.en or ""

    @property
    def missing_languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if not (getattr(self, lang) or "").strip()]


LocalText = Annotated[Text, BeforeValidator(_text_from_plain)]


def _duration(value: Any) -> Duration:
    if isinstance(value, Duration):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError("expected a duration such as 5d, 2w, 2mo, 3y or 1y6mo")
    try:
        return parse_duration(str(value))
    except DurationError as exc:
        raise ValueError(str(exc)) from None


DurationField = Annotated[Duration, BeforeValidator(_duration), PlainSerializer(str)]


def _check_cvr(value: str | None) -> str | None:
    if value is None:
        return None
    compact = str(value).replace(" ", "")
    try:
        return str(stdnum_cvr.validate(compact))
    except StdnumError:
        raise ValueError(
            f"'{value}' is not a valid CVR number (8 digits with a valid check digit)"
        ) from None


Cvr = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]


def _check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError(f"'{value}' is not an e-mail address")
    return value


class Dpo(Strict):
    name: str
    email: str
    phone: str | None = None

    _email = field_validator("email")(_check_email)


class Authority(Strict):
    name: str
    address: str
    phone: str | None = None
    email: str | None = None
    website: str | None = None


DATATILSYNET = Authority(
    name="Datatilsynet",
    address="Carl Jacobsens Vej 35, 2500 Valby",
    phone="+45 33 19 32 00",
    email="dt@datatilsynet.dk",
    website="https://www.datatilsynet.dk",
)


class Controller(Strict):
    name: str
    cvr: Cvr | None = None
    address: str
    email: str
    phone: str | None = None
    website: str | None = None
    dpo: Dpo | None = None
    financial_year_end: str = "12-31"
    response_days: int | None = Field(default=None, ge=1)
    supervisory_authority: Literal["datatilsynet"] | Authority = "datatilsynet"
    languages: list[Language] = Field(default_factory=lambda: list[Language](["da"]), min_length=1)
    effective_from: date | None = None
    security_measures: list[LocalText] = Field(default_factory=list)

    _email = field_validator("email")(_check_email)
    _cvr = field_validator("cvr")(_check_cvr)

    @field_validator("financial_year_end")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{2})-(\d{2})", str(value))
        if not match:
            raise ValueError(f"'{value}' is not a month and day; write it as MM-DD, e.g. 06-30")
        try:
            # A year end must exist every year, so 02-29 is refused (2023 is not a leap year).
            date(2023, int(match.group(1)), int(match.group(2)))
        except ValueError:
            raise ValueError(f"'{value}' is not a day that exists every year") from None
        return str(value)

    @field_validator("response_days")
    @classmethod
    def _within_a_month(cls, value: int | None) -> int | None:
        if value is not None and value > 31:
            raise ValueError(
                f"{value} days is longer than the legal maximum of one month (Art. 12(3)); "
                "promise at most 31 days, or leave response_days out"
            )
        return value

    @property
    def authority(self) -> Authority:
        if isinstance(self.supervisory_authority, Authority):
            return self.supervisory_authority
        return DATATILSYNET

    @property
    def year_end(self) -> tuple[int, int]:
        month, day = self.financial_year_end.split("-")
        return int(month), int(day)


class DataCategory(Strict):
    """A category the taxonomy lacks. Without ``sensitivity`` it inherits its
    parent's level; read the level through ``taxonomy.sensitivity_of``."""

    name: LocalText
    parent: str
    sensitivity: Sensitivity | None = None


class Recipient(Strict):
    name: LocalText
    role: RecipientRole
    cvr: Cvr | None = None
    service: LocalText | None = None
    country: str = "DK"
    dpa_signed: date | None = None
    transfer_safeguard: TransferSafeguard | None = None

    _cvr = field_validator("cvr")(_check_cvr)

    @field_validator("country")
    @classmethod
    def _iso_country(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}", str(value)):
            raise ValueError(f"'{value}' is not a two-letter ISO country code such as DK or US")
        return str(value)


class ConsentPurpose(Strict):
    text: LocalText
    version: int = Field(ge=1)
    channel: Channel | None = None


class Extension(Strict):
    by: DurationField
    consent: str


class KeepRule(Strict):
    keep: DurationField
    after: str
    until_end_of: Literal["financial_year", "calendar_year"] | None = None
    extend: Extension | None = None
    subjects: list[str] | None = None
    data: list[str] | None = None


class TriggerRule(Strict):
    on: str
    within: DurationField
    subjects: list[str] | None = None
    data: list[str] | None = None


def _rule_kind(value: Any) -> Any:
    if isinstance(value, dict):
        if "keep" in value and "on" in value:
            raise ValueError(
                "a retention rule is either a keep rule (keep/after) or a trigger rule "
                "(on/within), not both; split it into two rules"
            )
        if "keep" not in value and "on" not in value:
            raise ValueError("a retention rule needs 'keep' (with 'after') or 'on' (with 'within')")
    return value


def _rule_tag(value: Any) -> str:
    if isinstance(value, dict):
        return "on" if "on" in value else "keep"
    return "on" if isinstance(value, TriggerRule) else "keep"


RetentionRule = Annotated[
    Annotated[KeepRule, Tag("keep")] | Annotated[TriggerRule, Tag("on")],
    Discriminator(_rule_tag),
    BeforeValidator(_rule_kind),
]


def _source(value: Any) -> Any:
    # `- public: LinkedIn` without quotes is a one-key mapping in YAML; it
    # means the same as the quoted text "public: LinkedIn".
    if isinstance(value, dict) and list(value) == ["public"] and isinstance(value["public"], str):
        return f"public: {value['public']}"
    return value


Source = Annotated[str, BeforeValidator(_source)]


class AutomatedDecisions(Strict):
    used: bool
    text: LocalText | None = None


def _automated(value: Any) -> Any:
    if isinstance(value, bool):
        return {"used": value}
    return value


class Activity(Strict):
    name: LocalText
    description: LocalText | None = None
    data_use: str
    subjects: list[str] = Field(min_length=1)
    data: list[str] = Field(min_length=1)
    legal_bases: list[LegalBasis]
    legitimate_interests: LocalText | None = None
    special_basis: SpecialBasis | None = None
    consent: str | None = None
    sources: list[Source] = Field(min_length=1)
    recipients: list[str]
    role: Literal["controller", "processor"] = "controller"
    required: LocalText | None = None
    automated_decisions: Annotated[AutomatedDecisions, BeforeValidator(_automated)] = (
        AutomatedDecisions(used=False)
    )
    marketing_channels: list[Channel] = Field(default_factory=list)
    existing_customer_exception: bool = False
    on_behalf_of: list[str] | None = None
    retention: list[RetentionRule]
    review_every: DurationField | None = None
    unreviewed: Literal["flag", "erase"] = "flag"
    erasure: Literal["delete", "anonymize"] = "delete"

    @property
    def keep_rules(self) -> list[KeepRule]:
        return [rule for rule in self.retention if isinstance(rule, KeepRule)]

    @property
    def trigger_rules(self) -> list[TriggerRule]:
        return [rule for rule in self.retention if isinstance(rule, TriggerRule)]


class Declaration(Strict):
    version: Literal[1]
    controller: Controller
    subject_categories: dict[str, LocalText] = Field(default_factory=dict)
    data_categories: dict[str, DataCategory] = Field(default_factory=dict)
    events: dict[str, LocalText] = Field(default_factory=dict)
    recipients: dict[str, Recipient] = Field(default_factory=dict)
    consent_purposes: dict[str, ConsentPurpose] = Field(default_factory=dict)
    activities: dict[str, Activity] = Field(min_length=1)

    @property
    def controller_activities(self) -> dict[str, Activity]:
        return {k: a for k, a in self.activities.items() if a.role == "controller"}

    @property
    def processor_activities(self) -> dict[str, Activity]:
        return {k: a for k, a in self.activities.items() if a.role == "processor"}
