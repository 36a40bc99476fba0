"""The privacy policy's sections on the data subject's rights (GDPR Art. 13(2)(b)-(d)).

Each right is explained with what it means and when it applies to this
company's processing: portability only for data held on consent or
contract (Art. 20(1)), the right to object to direct marketing as absolute
(Art. 21(3)) and shown apart from the rest (Art. 21(4)), erasure limited by
legal obligations (Art. 17(3)(b)). Functions here expect the caller to have
activated the policy's language (``translation.override``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from persondata.documents.blocks import (
    Block,
    Fact,
    Facts,
    Paragraph,
    Part,
    Section,
    href_for_email,
    href_for_website,
)
from persondata.documents.phrasing import join_words, quote
from persondata.policy.schema import Activity, Declaration

ONE_MONTH_DAYS = 31


def _names(activities: list[Activity], lang: str) -> str:
    return join_words(quote(a.name.get(lang)) for a in activities)


def is_direct_marketing(activity: Activity) -> bool:
    """True when the activity sends or prepares direct marketing (Art. 21(2)-(3))."""
    return bool(activity.marketing_channels) or activity.data_use.startswith("marketing")


def _rests_on_consent(activity: Activity) -> bool:
    return "consent" in activity.legal_bases or activity.special_basis == "explicit_consent"


def rights_section(declaration: Declaration, lang: str) -> Section:
    """Every right of Art. 15-22 with its meaning and its conditions for this company."""
    activities = list(declaration.controller_activities.values())
    parts: list[Block] = [
        Paragraph(
            _(
                "Under the General Data Protection Regulation you have a number of rights "
                "regarding our processing of data about you. How to use them is described "
                "under %(section)s."
            )
            % {"section": quote(_("How to use your rights"))}
        ),
        Part(
            _("Right of access (Art. 15)"),
            (
                Paragraph(
                    _(
                        "You have the right to know whether we process personal data about "
                        "you, and if so to receive a copy of the data together with the "
                        "purposes, the categories of data, the recipients, how long we keep "
                        "it and where it comes from."
                    )
                ),
            ),
        ),
        Part(
            _("Right to rectification (Art. 16)"),
            (
                Paragraph(
                    _(
                        "You have the right to have inaccurate data about you corrected and "
                        "incomplete data completed."
                    )
                ),
            ),
        ),
        Part(_("Right to erasure (Art. 17)"), _erasure_blocks(activities, lang)),
        Part(
            _("Right to restriction of processing (Art. 18)"),
            (
                Paragraph(
                    _(
                        "In certain cases you have the right to have the processing of your "
                        "data restricted, for example while we check whether the data is "
                        "accurate or whether our legitimate interests override yours. We may "
                        "then only store the data; any other processing requires your consent, "
                        "or must be needed for legal claims or to protect another person or an "
                        "important public interest."
                    )
                ),
            ),
        ),
        Part(_("Right to data portability (Art. 20)"), _portability_blocks(activities, lang)),
        Part(_("Right to object (Art. 21)"), _objection_blocks(activities, lang)),
    ]
    return Section("rights", _("Your rights"), "13(2)(b)", tuple(parts))


def _erasure_blocks(activities: list[Activity], lang: str) -> tuple[Block, ...]:
    blocks: list[Block] = [
        Paragraph(
            _(
                "You have the right to have data about you erased before the time we would "
                "normally erase it, for example when the data is no longer needed for its "
                "purpose, when you withdraw a consent the processing rests on, or when you "
                "object and there are no overriding legitimate grounds."
            )
        )
    ]
    legal = [a for a in activities if "legal_obligation" in a.legal_bases]
    if legal:
        blocks.append(
            Paragraph(
                _(
                    "The right does not cover data we must keep to comply with a legal "
                    "obligation (Art. 17(3)(b)), here %(activities)s, nor data needed for the "
                    "establishment, exercise or defence of legal claims. We then tell you "
                    "what we keep, why and until when."
                )
                % {"activities": _names(legal, lang)}
            )
        )
    else:
        blocks.append(
            Paragraph(
                _(
                    "The right does not cover data needed for the establishment, exercise or "
                    "defence of legal claims. We then tell you what we keep, why and until "
                    "when."
                )
            )
        )
    return tuple(blocks)


def _portability_blocks(activities: list[Activity], lang: str) -> tuple[Block, ...]:
    covered = [a for a in activities if _rests_on_consent(a) or "contract" in a.legal_bases]
    lead = Paragraph(
        _(
            "You have the right to receive the personal data you have given us in a "
            "structured, commonly used and machine-readable format, and to have it "
            "transmitted to another controller."
        )
    )
    if not covered:
        return (
            lead,
            Paragraph(
                _(
                    "The right applies only to data processed on the basis of your consent or a "
                    "contract with you; none of our processing rests on those bases."
                )
            ),
        )
    return (
        lead,
        Paragraph(
            _(
                "The right applies only to data processed on the basis of your consent or a "
                "contract with you, which here means: %(activities)s."
            )
            % {"activities": _names(covered, lang)}
        ),
    )


def _objection_blocks(activities: list[Activity], lang: str) -> tuple[Block, ...]:
    blocks: list[Block] = []
    interests = [a for a in activities if "legitimate_interest" in a.legal_bases]
    if interests:
        blocks.append(
            Paragraph(
                _(
                    "You have the right, on grounds relating to your particular situation, to "
                    "object at any time to processing based on our legitimate interests, here "
                    "%(activities)s. We then stop, unless we can demonstrate compelling "
                    "legitimate grounds that override your interests, rights and freedoms, or "
                    "the processing is needed for legal claims."
                )
                % {"activities": _names(interests, lang)}
            )
        )
    marketing = [a for a in activities if is_direct_marketing(a)]
    if marketing:
        blocks.append(
            Paragraph(
                _(
                    "You have an unconditional right to object to our use of your data for "
                    "direct marketing, here %(activities)s. If you object, we stop at once, "
                    "on every channel, and you do not need to give a reason."
                )
                % {"activities": _names(marketing, lang)},
                notice=True,
            )
        )
    if not blocks:
        blocks.append(
            Paragraph(
                _(
                    "You have the right to object to processing based on legitimate interests "
                    "or used for direct marketing. None of our processing rests on those "
                    "grounds today."
                )
            )
        )
    return tuple(blocks)


def consent_section(declaration: Declaration, lang: str) -> Section | None:
    """How to withdraw consent (Art. 13(2)(c), Art. 7(3)); None when nothing rests on consent."""
    relying = [a for a in declaration.controller_activities.values() if _rests_on_consent(a)]
    if not relying:
        return None
    email = declaration.controller.email
    facts = []
    for activity in relying:
        purpose = declaration.consent_purposes.get(activity.consent or "")
        text = quote(purpose.text.get(lang)) if purpose else _("your consent")
        facts.append(Fact(activity.name.get(lang), text))
    blocks: list[Block] = [
        Paragraph(_("These processing activities rest on your consent:")),
        Facts(tuple(facts)),
        Paragraph(
            _(
                "You can withdraw your consent at any time by writing to us at %(email)s. "
                "Withdrawing is as easy as giving consent. The withdrawal takes effect from "
                "that moment and does not affect the lawfulness of the processing carried out "
                "before you withdrew it."
            )
            % {"email": email}
        ),
    ]
    if any(a.marketing_channels for a in relying):
        blocks.append(
            Paragraph(_("Every marketing message we send you also has a link to unsubscribe."))
        )
    return Section("consent", _("Withdrawing your consent"), "13(2)(c)", tuple(blocks))


def exercise_section(declaration: Declaration, lang: str) -> Section:
    """How to use the rights, and the promised answer time (Art. 12(3))."""
    controller = declaration.controller
    contact = [Fact(_("E-mail"), controller.email, href_for_email(controller.email))]
    if controller.phone:
        contact.append(Fact(_("Phone"), controller.phone))
    contact.append(Fact(_("Post"), f"{controller.name}, {controller.address}"))
    days = controller.response_days
    if days is not None and days < ONE_MONTH_DAYS:
        answer = _(
            "We answer without undue delay and no later than %(days)d days after we receive "
            "your request; the law allows at most one month (GDPR Art. 12(3))."
        ) % {"days": days}
    else:
        answer = _(
            "We answer without undue delay and no later than one month after we receive your "
            "request (GDPR Art. 12(3))."
        )
    return Section(
        "exercise",
        _("How to use your rights"),
        "12",
        (
            Paragraph(_("To use any of your rights, contact us, for example by e-mail:")),
            Facts(tuple(contact)),
            Paragraph(answer),
            Paragraph(
                _(
                    "If the request is complex or we receive many requests, the time limit may "
                    "be extended by two further months; we then tell you so, with the reason, "
                    "within the first month. Using your rights is free of charge. We may ask "
                    "you to confirm your identity before we answer, so that we never disclose "
                    "your data to anyone else."
                )
            ),
        ),
    )


def complaint_section(declaration: Declaration, lang: str) -> Section:
    """The right to complain to the supervisory authority, with its contact data (Art. 13(2)(d))."""
    authority = declaration.controller.authority
    facts = [Fact(_("Name"), authority.name), Fact(_("Address"), authority.address)]
    if authority.phone:
        facts.append(Fact(_("Phone"), authority.phone))
    if authority.email:
        facts.append(Fact(_("E-mail"), authority.email, href_for_email(authority.email)))
    if authority.website:
        facts.append(Fact(_("Website"), authority.website, href_for_website(authority.website)))
    return Section(
        "complaint",
        _("Complaints to the supervisory authority"),
        "13(2)(d)",
        (
            Paragraph(
                _(
                    "You have the right to lodge a complaint with %(authority)s if you are "
                    "dissatisfied with the way we process your personal data:"
                )
                % {"authority": authority.name}
            ),
            Facts(tuple(facts)),
        ),
    )
