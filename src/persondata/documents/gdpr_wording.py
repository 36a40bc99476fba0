"""The fixed legal wording of the documents: legal bases, Art. 9(2) conditions,
transfer safeguards and recipient roles.

Every text is a gettext message (English source, Danish in the catalogue)
and names its provision the way a Danish lawyer cites it
("databeskyttelsesforordningens artikel 6, stk. 1, litra b").
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from persondata.policy.schema import (
    LegalBasis,
    RecipientRole,
    SpecialBasis,
    TransferSafeguard,
)

# Art. 6(1)(a)-(f): why the processing is lawful, as a full sentence (Art. 13(1)(c)).
_LEGAL_BASIS_SENTENCE: dict[LegalBasis, Promise] = {
    "consent": _("You have given your consent to the processing (GDPR Art. 6(1)(a))."),
    "contract": _(
        "The processing is necessary to enter into or perform a contract with you "
        "(GDPR Art. 6(1)(b))."
    ),
    "legal_obligation": _(
        "The processing is necessary to comply with a legal obligation to which we are "
        "subject (GDPR Art. 6(1)(c))."
    ),
    "vital_interests": _(
        "The processing is necessary to protect your vital interests or those of another "
        "natural person (GDPR Art. 6(1)(d))."
    ),
    "public_task": _(
        "The processing is necessary for a task carried out in the public interest or in "
        "the exercise of official authority vested in us (GDPR Art. 6(1)(e))."
    ),
    "legitimate_interest": _(
        "The processing is necessary for the purposes of our legitimate interests, which "
        "are described below (GDPR Art. 6(1)(f))."
    ),
}

# The same, short, for tables (Art. 30 records).
_LEGAL_BASIS_SHORT: dict[LegalBasis, Promise] = {
    "consent": _("consent (Art. 6(1)(a))"),
    "contract": _("contract (Art. 6(1)(b))"),
    "legal_obligation": _("legal obligation (Art. 6(1)(c))"),
    "vital_interests": _("vital interests (Art. 6(1)(d))"),
    "public_task": _("public task (Art. 6(1)(e))"),
    "legitimate_interest": _("legitimate interests (Art. 6(1)(f))"),
}

# Art. 9(2)(a)-(j): the condition that lifts the ban on special categories.
_SPECIAL_BASIS: dict[SpecialBasis, Promise] = {
    "explicit_consent": _("your explicit consent (GDPR Art. 9(2)(a))"),
    "employment": _(
        "the processing being necessary for obligations and rights in the field of "
        "employment, social security and social protection law (GDPR Art. 9(2)(b))"
    ),
    "vital_interests": _(
        "the processing being necessary to protect your vital interests or those of another "
        "person where you are unable to give consent (GDPR Art. 9(2)(c))"
    ),
    "not_for_profit": _(
        "the processing being carried out in the course of the legitimate activities of a "
        "not-for-profit body (GDPR Art. 9(2)(d))"
    ),
    "made_public": _("the data having been manifestly made public by you (GDPR Art. 9(2)(e))"),
    "legal_claims": _(
        "the processing being necessary for the establishment, exercise or defence of "
        "legal claims (GDPR Art. 9(2)(f))"
    ),
    "substantial_public_interest": _(
        "the processing being necessary for reasons of substantial public interest "
        "(GDPR Art. 9(2)(g))"
    ),
    "health_care": _(
        "the processing being necessary for preventive or occupational medicine, medical "
        "diagnosis or the provision of health or social care or treatment (GDPR Art. 9(2)(h))"
    ),
    "public_health": _(
        "the processing being necessary for reasons of public interest in the area of public "
        "health (GDPR Art. 9(2)(i))"
    ),
    "archiving_research": _(
        "the processing being necessary for archiving purposes in the public interest, "
        "scientific or historical research purposes or statistical purposes "
        "(GDPR Art. 9(2)(j))"
    ),
}

# GDPR chapter V: what a transfer outside the EU/EEA rests on.
_SAFEGUARD: dict[TransferSafeguard, Promise] = {
    "adequacy": _("an adequacy decision of the European Commission for the country (GDPR Art. 45)"),
    "scc": _("the European Commission's standard contractual clauses (GDPR Art. 46(2)(c))"),
    "bcr": _("binding corporate rules approved by a supervisory authority (GDPR Art. 47)"),
    "derogation": _(
        "a derogation for a specific situation, such as your explicit consent or the "
        "transfer being necessary to perform a contract with you (GDPR Art. 49)"
    ),
}

_SAFEGUARD_SHORT: dict[TransferSafeguard, Promise] = {
    "adequacy": _("adequacy decision (Art. 45)"),
    "scc": _("standard contractual clauses (Art. 46(2)(c))"),
    "bcr": _("binding corporate rules (Art. 47)"),
    "derogation": _("derogation (Art. 49)"),
}

_ROLE: dict[RecipientRole, Promise] = {
    "processor": _("processor"),
    "controller": _("independent controller"),
    "joint_controller": _("joint controller"),
    "authority": _("public authority"),
}


def legal_basis_sentence(basis: LegalBasis) -> str:
    """The legal basis as a sentence for the privacy policy, in the active language."""
    return str(_LEGAL_BASIS_SENTENCE[basis])


def legal_basis_short(basis: LegalBasis) -> str:
    """The legal basis in a few words with its article, for tables."""
    return str(_LEGAL_BASIS_SHORT[basis])


def special_basis_words(basis: SpecialBasis) -> str:
    """The Art. 9(2) condition as a noun phrase ("your explicit consent (GDPR Art. 9(2)(a))")."""
    return str(_SPECIAL_BASIS[basis])


def safeguard_words(safeguard: TransferSafeguard) -> str:
    """What a third-country transfer rests on, as a noun phrase with its article."""
    return str(_SAFEGUARD[safeguard])


def safeguard_short(safeguard: TransferSafeguard | None) -> str:
    """The safeguard in a few words for tables; the empty string for None."""
    return str(_SAFEGUARD_SHORT[safeguard]) if safeguard else ""


def role_words(role: RecipientRole) -> str:
    """The recipient's role ("processor", "independent controller", ...)."""
    return str(_ROLE[role])
