"""The privacy policy, built from the declaration (GDPR Art. 13 and 14).

``build_policy`` turns a declaration into a ``PrivacyPolicy``: a title and
sections of plain-text blocks, one section for each item Art. 13 and 14
require, in the order a reader needs them. Fixed wording comes from the
gettext catalogue of the requested language; the company's own wording
(activity names, descriptions, legitimate interests, ...) comes from the
declaration's labels in that language. Activities the company carries out
as a processor (``role: processor``) are left out: they are the client
controller's to describe (Art. 28), and they appear in the Art. 30(2)
record instead.

Nothing here touches the database; ``documents/versions.py`` finds the
declaration of a stored version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.blocks import (
    Block,
    Fact,
    Facts,
    Items,
    Paragraph,
    Part,
    Section,
    href_for_email,
    href_for_website,
)
from persondata.documents.dates_in_words import date_in_words
from persondata.documents.gdpr_wording import (
    legal_basis_sentence,
    special_basis_words,
)
from persondata.documents.labels import subjects_in_text
from persondata.documents.phrasing import join_words, quote, sentence, upper_first
from persondata.documents.policy_data import DataSections
from persondata.documents.policy_rights import (
    complaint_section,
    consent_section,
    exercise_section,
    rights_section,
)
from persondata.documents.retention_wording import describe_retention
from persondata.policy.schema import Activity, Declaration


@dataclass(frozen=True)
class PolicyVersion:
    """Which version of the policy this is; ``number`` is None for an unapplied file."""

    number: int | None = None
    effective: date | None = None


@dataclass(frozen=True)
class PrivacyPolicy:
    lang: str
    title: str
    controller_name: str
    version_line: str
    intro: tuple[str, ...]
    sections: tuple[Section, ...]


def build_policy(
    declaration: Declaration, lang: str, *, version: PolicyVersion | None = None
) -> PrivacyPolicy:
    """The privacy policy for ``declaration`` in ``lang`` ("da" or "en").

    Raises ValueError for any other language. ``version`` adds the version
    number and effective date; without it the declaration's
    ``effective_from`` is used, if any.
    """
    if lang not in ("da", "en"):
        raise ValueError(f"no privacy policy in language {lang!r}; choose 'da' or 'en'")
    version = version or PolicyVersion(effective=declaration.controller.effective_from)
    with translation.override(lang):
        builder = _Builder(declaration, lang)
        sections = [
            builder.controller(),
            builder.dpo(),
            builder.purposes(),
            builder.legitimate_interests(),
            builder.categories(),
            builder.sources(),
            builder.recipients(),
            builder.transfers(),
            builder.retention(),
            rights_section(declaration, lang),
            consent_section(declaration, lang),
            exercise_section(declaration, lang),
            complaint_section(declaration, lang),
            builder.required(),
            builder.automated(),
            builder.security(),
            builder.version(version),
        ]
        name = declaration.controller.name
        return PrivacyPolicy(
            lang=lang,
            title=_("Privacy policy for %(controller)s") % {"controller": name},
            controller_name=name,
            version_line=_version_line(version, lang),
            intro=(
                _(
                    "This privacy policy describes how %(controller)s processes personal "
                    "data about you, why we do it, and the rights you have."
                )
                % {"controller": name},
            ),
            sections=tuple(section for section in sections if section is not None),
        )


def _version_line(version: PolicyVersion, lang: str) -> str:
    parts = []
    if version.number is not None:
        parts.append(_("Version %(number)d") % {"number": version.number})
    if version.effective is not None:
        parts.append(
            _("effective from %(date)s") % {"date": date_in_words(version.effective, lang)}
        )
    return upper_first(", ".join(parts))


class _Builder(DataSections):
    """Builds the sections that describe the processing itself (Art. 13(1), 14(1))."""

    def controller(self) -> Section:
        c = self.declaration.controller
        facts = [Fact(_("Name"), c.name)]
        if c.cvr:
            facts.append(Fact(_("CVR number"), c.cvr))
        facts.append(Fact(_("Address"), c.address))
        facts.append(Fact(_("E-mail"), c.email, href_for_email(c.email)))
        if c.phone:
            facts.append(Fact(_("Phone"), c.phone))
        if c.website:
            facts.append(Fact(_("Website"), c.website, href_for_website(c.website)))
        lead = _(
            "%(controller)s is the controller for the processing of the personal data we "
            "hold about you. You can reach us here:"
        ) % {"controller": c.name}
        return Section(
            "controller",
            _("Who is responsible for your data"),
            "13(1)(a)",
            (Paragraph(lead), Facts(tuple(facts))),
        )

    def dpo(self) -> Section | None:
        dpo = self.declaration.controller.dpo
        if dpo is None:
            return None
        facts = [Fact(_("Name"), dpo.name), Fact(_("E-mail"), dpo.email, href_for_email(dpo.email))]
        if dpo.phone:
            facts.append(Fact(_("Phone"), dpo.phone))
        lead = _(
            "We have appointed a data protection officer, whom you can contact about any "
            "question on our processing of your personal data and on your rights:"
        )
        return Section(
            "dpo", _("Data protection officer"), "13(1)(b)", (Paragraph(lead), Facts(tuple(facts)))
        )

    def purposes(self) -> Section:
        parts: list[Block] = [
            Paragraph(
                _(
                    "We process personal data for the purposes described below. For each "
                    "purpose we state the legal basis on which the processing rests."
                )
            )
        ]
        for activity in self.activities.values():
            blocks: list[Block] = []
            if activity.description:
                blocks.append(Paragraph(activity.description.get(self.lang)))
            subjects = join_words(subjects_in_text(activity.subjects, self.lang, self.declaration))
            blocks.append(Paragraph(_("This concerns: %(subjects)s.") % {"subjects": subjects}))
            bases = [legal_basis_sentence(basis) for basis in activity.legal_bases]
            blocks.append(Paragraph(_("Legal basis:")))
            blocks.append(Items(tuple(bases)))
            if activity.special_basis:
                blocks.append(
                    Paragraph(
                        _(
                            "We process special categories of personal data for this purpose "
                            "on the basis of %(basis)s."
                        )
                        % {"basis": special_basis_words(activity.special_basis)}
                    )
                )
            consent = self.declaration.consent_purposes.get(activity.consent or "")
            if consent is not None:
                blocks.append(
                    Paragraph(
                        _("The consent you give reads: %(text)s")
                        % {"text": quote(consent.text.get(self.lang))}
                    )
                )
            if activity.marketing_channels:
                channels = join_words(_channel_words(c) for c in activity.marketing_channels)
                blocks.append(
                    Paragraph(_("We contact you by %(channels)s.") % {"channels": channels})
                )
            if activity.existing_customer_exception:
                blocks.append(
                    Paragraph(
                        _(
                            "As an existing customer you may receive marketing of our own "
                            "similar products without a separate consent (section 10(2) of the "
                            "Danish Marketing Practices Act). You can refuse it at any time, "
                            "free of charge, also in every message we send you."
                        )
                    )
                )
            parts.append(Part(self.name_of(activity), tuple(blocks)))
        return Section("purposes", _("Purposes and legal bases"), "13(1)(c)", tuple(parts))

    def legitimate_interests(self) -> Section | None:
        relying = [a for a in self.activities.values() if "legitimate_interest" in a.legal_bases]
        if not relying:
            return None
        facts = tuple(
            Fact(
                self.name_of(a),
                sentence(a.legitimate_interests.get(self.lang)) if a.legitimate_interests else "",
            )
            for a in relying
        )
        lead = _(
            "Where we process your data on the basis of a balancing of interests "
            "(GDPR Art. 6(1)(f)), our legitimate interests are these:"
        )
        return Section(
            "legitimate-interests",
            _("Our legitimate interests"),
            "13(1)(d)",
            (Paragraph(lead), Facts(facts)),
        )

    def retention(self) -> Section:
        parts: list[Block] = [
            Paragraph(
                _(
                    "We do not keep your data for longer than the purpose requires. How long "
                    "depends on the purpose:"
                )
            )
        ]
        for activity in self.activities.values():
            lines = describe_retention(activity, self.lang, self.declaration)
            parts.append(Part(self.name_of(activity), (Items(tuple(lines)),)))
        return Section("retention", _("How long we keep your data"), "13(2)(a)", tuple(parts))

    def required(self) -> Section:
        facts = tuple(
            Fact(self.name_of(a), _required_words(a, self.lang)) for a in self.activities.values()
        )
        lead = _("Whether you must give us your data, and what happens if you do not:")
        return Section(
            "required",
            _("Do you have to give us your data?"),
            "13(2)(e)",
            (Paragraph(lead), Facts(facts)),
        )

    def automated(self) -> Section:
        used = [a for a in self.activities.values() if a.automated_decisions.used]
        if not used:
            blocks: tuple[Block, ...] = (
                Paragraph(
                    _(
                        "We do not make decisions about you based solely on automated "
                        "processing, including profiling (GDPR Art. 22)."
                    )
                ),
            )
        else:
            facts = tuple(
                Fact(
                    self.name_of(a),
                    a.automated_decisions.text.get(self.lang)
                    if a.automated_decisions.text
                    else _("We make automated decisions as part of this processing."),
                )
                for a in used
            )
            blocks = (
                Paragraph(
                    _(
                        "We make decisions based solely on automated processing, including "
                        "profiling, in the processing named here. We explain the logic "
                        "involved and the significance and consequences for you:"
                    )
                ),
                Facts(facts),
                Paragraph(
                    _(
                        "You have the right to have a person at our company look at the "
                        "decision, to express your point of view and to contest the decision "
                        "(GDPR Art. 22(3))."
                    )
                ),
            )
        return Section("automated", _("Automated decisions and profiling"), "13(2)(f)", blocks)

    def security(self) -> Section | None:
        measures = self.declaration.controller.security_measures
        if not measures:
            return None
        return Section(
            "security",
            _("How we protect your data"),
            "32",
            (
                Paragraph(_("We protect your data with technical and organisational measures:")),
                Items(tuple(m.get(self.lang) for m in measures)),
            ),
        )

    def version(self, version: PolicyVersion) -> Section:
        lines = []
        if version.number is not None:
            lines.append(
                _("This is version %(number)d of our privacy policy.") % {"number": version.number}
            )
        if version.effective is not None:
            lines.append(
                _("This privacy policy takes effect on %(date)s.")
                % {"date": date_in_words(version.effective, self.lang)}
            )
        lines.append(
            _(
                "The policy is generated from our record of processing activities, so it "
                "changes when our processing changes. You can read earlier versions on our "
                "website or ask us for them."
            )
        )
        return Section("version", _("Version and changes"), "", (Paragraph(" ".join(lines)),))


def _required_words(activity: Activity, lang: str) -> str:
    if activity.required is not None:
        return activity.required.get(lang)
    if "legal_obligation" in activity.legal_bases:
        return _(
            "The law requires us to process this data. Without it we cannot meet our "
            "obligations, and we may be unable to deal with you."
        )
    if "contract" in activity.legal_bases:
        return _(
            "The data is necessary to enter into and perform the contract with you. Without "
            "it we cannot do so."
        )
    if "consent" in activity.legal_bases:
        return _(
            "It is voluntary. If you do not give your consent, we do not process your data "
            "for this purpose, and it has no other consequences for you."
        )
    return _("You are not obliged to give us this data.")


def _channel_words(channel: str) -> str:
    return {
        "email": _("e-mail"),
        "sms": _("text message"),
        "phone": _("phone"),
        "post": _("post"),
    }[channel]
