"""The privacy policy's sections on the data itself: categories (Art. 14(1)(d)),
sources (Art. 14(2)(f)), recipients (Art. 13(1)(e)) and third-country
transfers (Art. 13(1)(f)).

Special categories (Art. 9), CPR numbers (section 11 of the Danish Data
Protection Act), confidential data and criminal offences (Art. 10) are named
as such, each with its own sub-section. Methods expect the caller to have
activated the policy's language (``translation.override``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from persondata.documents.blocks import Block, Fact, Facts, Items, Paragraph, Part, Section, Table
from persondata.documents.countries import country_name, is_third_country
from persondata.documents.gdpr_wording import role_words, safeguard_words, special_basis_words
from persondata.documents.labels import category_label, sensitivity_of, subjects_in_text
from persondata.documents.phrasing import join_words, lower_first, quote, sentence, upper_first
from persondata.policy.schema import Activity, Declaration, Recipient


def policy_recipients(declaration: Declaration) -> dict[str, Recipient]:
    """The recipients that at least one controller activity discloses data to."""
    used = {key for a in declaration.controller_activities.values() for key in a.recipients}
    return {key: r for key, r in declaration.recipients.items() if key in used}


class DataSections:
    """The data sections; ``privacy_policy._Builder`` adds the others."""

    def __init__(self, declaration: Declaration, lang: str) -> None:
        self.declaration = declaration
        self.lang = lang
        self.activities = declaration.controller_activities

    def name_of(self, activity: Activity) -> str:
        return activity.name.get(self.lang)

    def categories(self) -> Section:
        parts: list[Block] = [
            Paragraph(_("We process these categories of personal data about you:"))
        ]
        by_level: dict[str, list[tuple[str, Activity]]] = {}
        for activity in self.activities.values():
            items = []
            for key in activity.data:
                label = category_label(key, self.lang, self.declaration)
                level = sensitivity_of(key, self.declaration)
                if level != "ordinary":
                    by_level.setdefault(level, []).append((label, activity))
                if level != "ordinary" and not (level == "national_id" and "CPR" in label):
                    label = _("%(category)s (%(kind)s)") % {
                        "category": label,
                        "kind": _short_sensitivity(level),
                    }
                items.append(label)
            parts.append(Part(self.name_of(activity), (Items(tuple(items)),)))
        parts.extend(self._sensitive_parts(by_level))
        return Section("categories", _("The personal data we process"), "14(1)(d)", tuple(parts))

    def _sensitive_parts(self, by_level: dict[str, list[tuple[str, Activity]]]) -> list[Block]:
        parts: list[Block] = []
        special = by_level.get("special", [])
        if special:
            lines = []
            for activity in _unique(a for _label, a in special):
                labels = join_words(lower_first(lbl) for lbl, a in special if a is activity)
                basis = (
                    special_basis_words(activity.special_basis)
                    if activity.special_basis
                    else _("a condition in GDPR Art. 9(2)")
                )
                lines.append(
                    _("%(data)s for %(activity)s, on the basis of %(basis)s.")
                    % {
                        "data": upper_first(labels),
                        "activity": quote(self.name_of(activity)),
                        "basis": basis,
                    }
                )
            parts.append(
                Part(
                    _("Special categories of personal data (sensitive data)"),
                    (
                        Paragraph(
                            _(
                                "Some of the data is a special category of personal data "
                                "(GDPR Art. 9). We process it only where a condition in "
                                "Art. 9(2) applies:"
                            )
                        ),
                        Items(tuple(lines)),
                    ),
                )
            )
        parts.extend(
            self._level_part(
                by_level.get("national_id", []),
                _("CPR number"),
                _(
                    "We process your CPR number only within the limits of section 11 of the "
                    "Danish Data Protection Act, for:"
                ),
            )
        )
        parts.extend(
            self._level_part(
                by_level.get("confidential", []),
                _("Confidential data"),
                _(
                    "Some of the data concerns purely private matters and is confidential. "
                    "We treat it with particular care and use it only for the purpose stated:"
                ),
            )
        )
        parts.extend(
            self._level_part(
                by_level.get("criminal", []),
                _("Criminal convictions and offences"),
                _(
                    "We process data on criminal convictions and offences (GDPR Art. 10) only "
                    "within the limits of section 8 of the Danish Data Protection Act, for:"
                ),
            )
        )
        return parts

    def _level_part(self, found: list[tuple[str, Activity]], title: str, lead: str) -> list[Block]:
        if not found:
            return []
        lines = tuple(
            _("%(data)s: %(activity)s")
            % {
                "data": upper_first(
                    join_words(lower_first(lbl) for lbl, a in found if a is activity)
                ),
                "activity": quote(self.name_of(activity)),
            }
            for activity in _unique(a for _label, a in found)
        )
        return [Part(title, (Paragraph(lead), Items(lines)))]

    def sources(self) -> Section:
        facts = tuple(
            Fact(
                self.name_of(a),
                sentence(join_words(describe_sources(a.sources, self.lang, self.declaration))),
            )
            for a in self.activities.values()
        )
        lead = _(
            "We collect most of the data from you. Where we receive it from others, the "
            "source is named below (GDPR Art. 14(2)(f)):"
        )
        return Section(
            "sources", _("Where the data comes from"), "14(2)(f)", (Paragraph(lead), Facts(facts))
        )

    def recipients(self) -> Section:
        recipients = policy_recipients(self.declaration)
        if not recipients:
            return Section(
                "recipients",
                _("Who receives your data"),
                "13(1)(e)",
                (Paragraph(_("We do not disclose your personal data to anyone else.")),),
            )
        blocks: list[Block] = [
            Paragraph(_("We disclose or entrust personal data to these recipients:"))
        ]
        groups = (
            (
                "processor",
                _("Processors"),
                _(
                    "Processors process the data on our behalf and on our instructions only, "
                    "under a data processing agreement (GDPR Art. 28)."
                ),
            ),
            (
                "controller",
                _("Other controllers"),
                _("They process the data for their own purposes."),
            ),
            (
                "joint_controller",
                _("Joint controllers"),
                _(
                    "We decide together with them how the data is processed, and we have agreed "
                    "who answers which obligations (GDPR Art. 26). You may exercise your "
                    "rights with either of us."
                ),
            ),
            (
                "authority",
                _("Public authorities"),
                _("We disclose data to public authorities only where the law requires it."),
            ),
        )
        header = (_("Recipient"), _("Task"), _("Country"), _("Used for"))
        for role, title, lead in groups:
            members = [(key, r) for key, r in recipients.items() if r.role == role]
            if not members:
                continue
            rows = tuple(
                (
                    r.name.get(self.lang),
                    r.service.get(self.lang) if r.service else role_words(r.role),
                    upper_first(country_name(r.country)),
                    join_words(
                        self.name_of(a) for a in self.activities.values() if key in a.recipients
                    ),
                )
                for key, r in members
            )
            blocks.append(Part(title, (Paragraph(lead), Table(header, rows))))
        return Section("recipients", _("Who receives your data"), "13(1)(e)", tuple(blocks))

    def transfers(self) -> Section:
        abroad = [
            r for r in policy_recipients(self.declaration).values() if is_third_country(r.country)
        ]
        email = self.declaration.controller.email
        if not abroad:
            blocks: tuple[Block, ...] = (
                Paragraph(
                    _("We do not transfer your personal data to countries outside the EU/EEA.")
                ),
            )
        else:
            lines = tuple(
                _("%(recipient)s in %(country)s: the transfer rests on %(safeguard)s.")
                % {
                    "recipient": r.name.get(self.lang),
                    "country": country_name(r.country),
                    "safeguard": safeguard_words(r.transfer_safeguard)
                    if r.transfer_safeguard
                    else _("no safeguard declared"),
                }
                for r in abroad
            )
            blocks = (
                Paragraph(
                    _(
                        "Some recipients are in countries outside the EU/EEA (third countries). "
                        "We transfer data to them only with the safeguards named here:"
                    )
                ),
                Items(lines),
                Paragraph(
                    _(
                        "You can get a copy of the safeguards, or learn where they are "
                        "available, by writing to us at %(email)s."
                    )
                    % {"email": email}
                ),
            )
        return Section(
            "transfers", _("Transfers to countries outside the EU/EEA"), "13(1)(f)", blocks
        )


def describe_sources(sources: list[str], lang: str, declaration: Declaration) -> list[str]:
    """Where an activity's data comes from, one phrase per source ("from you", ...).

    Expects the caller to have activated ``lang``. A source is the subject
    (``data_subject``), a recipient key, a subject category key, or
    ``public: <text>``.
    """
    words = []
    for source in sources:
        if source == "data_subject":
            words.append(_("from you"))
        elif source.startswith("public:"):
            words.append(
                _("from publicly available sources: %(sources)s")
                % {"sources": source.split(":", 1)[1].strip()}
            )
        elif source in declaration.recipients:
            words.append(
                _("from %(name)s") % {"name": declaration.recipients[source].name.get(lang)}
            )
        else:
            label = join_words(subjects_in_text([source], lang, declaration))
            words.append(_("from %(name)s") % {"name": label})
    return words


def _short_sensitivity(level: str) -> str:
    return {
        "national_id": _("CPR number"),
        "confidential": _("confidential"),
        "special": _("sensitive, GDPR Art. 9"),
        "criminal": _("criminal offences, GDPR Art. 10"),
    }[level]


def _unique(activities: Iterable[Activity]) -> list[Activity]:
    seen: list[Activity] = []
    for activity in activities:
        if all(activity is not other for other in seen):
            seen.append(activity)
    return seen
