"""What changed in the privacy policy between two declaration versions, in words.

``describe_changes(old, new, lang)`` compares the parts of two declarations
that the privacy policy shows and returns one sentence per change: a
purpose added or ended, a retention period changed from one wording to
another, a new processor, a new legal basis, and so on. Activities are
matched by their key, recipients and consent purposes likewise. Processor
activities are not part of the policy, so their changes are not listed;
an activity that moves between roles is reported as added or ended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.utils import translation
from django.utils.translation import gettext as _

from persondata.documents.countries import country_name
from persondata.documents.gdpr_wording import legal_basis_short, role_words, safeguard_short
from persondata.documents.labels import category_label, subject_label
from persondata.documents.phrasing import join_words, quote
from persondata.documents.policy_data import describe_sources
from persondata.documents.retention_wording import describe_retention
from persondata.policy.schema import Activity, Declaration, Recipient, Text

T = TypeVar("T")


def describe_changes(old: Declaration, new: Declaration, lang: str) -> list[str]:
    """The policy's changes from ``old`` to ``new`` as sentences in ``lang``; [] if none."""
    with translation.override(lang):
        differ = _Differ(old, new, lang)
        return [
            *differ.controller(),
            *differ.activities(),
            *differ.recipients(),
            *differ.consent_purposes(),
        ]


def _text(value: Text | None, lang: str) -> str:
    return value.get(lang) if value is not None else ""


def _shown(value: str) -> str:
    # The value is quoted inside a sentence, so its own final full stop goes.
    value = value.strip().removesuffix(".")
    return quote(value) if value else _("(nothing)")


class _Differ:
    def __init__(self, old: Declaration, new: Declaration, lang: str) -> None:
        self.old = old
        self.new = new
        self.lang = lang

    def changed(self, what: str, before: str, after: str) -> list[str]:
        if before == after:
            return []
        return [
            _("%(what)s changed from %(old)s to %(new)s.")
            % {"what": what, "old": _shown(before), "new": _shown(after)}
        ]

    def controller(self) -> list[str]:
        old, new = self.old.controller, self.new.controller
        changes = [
            *self.changed(_("The controller's name"), old.name, new.name),
            *self.changed(_("The CVR number"), old.cvr or "", new.cvr or ""),
            *self.changed(_("Our address"), old.address, new.address),
            *self.changed(_("Our e-mail address"), old.email, new.email),
            *self.changed(_("Our phone number"), old.phone or "", new.phone or ""),
            *self.changed(_("Our website"), old.website or "", new.website or ""),
        ]
        old_dpo = f"{old.dpo.name}, {old.dpo.email}" if old.dpo else ""
        new_dpo = f"{new.dpo.name}, {new.dpo.email}" if new.dpo else ""
        changes += self.changed(_("The data protection officer"), old_dpo, new_dpo)
        changes += self.changed(
            _("The promised answer time in days"),
            str(old.response_days or ""),
            str(new.response_days or ""),
        )
        changes += self.changed(
            _("The supervisory authority"), old.authority.name, new.authority.name
        )
        changes += self._list_change(
            [m.get(self.lang) for m in old.security_measures],
            [m.get(self.lang) for m in new.security_measures],
            added=_("New security measure: %(items)s."),
            removed=_("Security measure removed: %(items)s."),
        )
        return changes

    def _list_change(
        self,
        before: Iterable[T],
        after: Iterable[T],
        *,
        added: str,
        removed: str,
        show: Callable[[T], str] = str,
        name: str = "",
    ) -> list[str]:
        """Sentences for items gained and lost; ``added``/``removed`` use %(items)s, %(name)s."""
        before_list, after_list = list(before), list(after)
        gained = [item for item in after_list if item not in before_list]
        lost = [item for item in before_list if item not in after_list]
        changes = []
        if gained:
            items = join_words(quote(show(i)) for i in gained)
            changes.append(added % {"items": items, "name": name})
        if lost:
            items = join_words(quote(show(i)) for i in lost)
            changes.append(removed % {"items": items, "name": name})
        return changes

    def activities(self) -> list[str]:
        old_acts = self.old.controller_activities
        new_acts = self.new.controller_activities
        changes = []
        for key, activity in new_acts.items():
            if key not in old_acts:
                changes.append(
                    _("New purpose: %(name)s.") % {"name": quote(activity.name.get(self.lang))}
                )
        for key, activity in old_acts.items():
            if key not in new_acts:
                changes.append(
                    _("The purpose %(name)s has ended.")
                    % {"name": quote(activity.name.get(self.lang))}
                )
        for key, new_activity in new_acts.items():
            if key in old_acts:
                changes.extend(self._activity(old_acts[key], new_activity))
        return changes

    def _activity(self, old: Activity, new: Activity) -> list[str]:
        lang = self.lang
        name = quote(new.name.get(lang))
        changes = self.changed(
            _("The name of the purpose %(name)s") % {"name": quote(old.name.get(lang))},
            old.name.get(lang),
            new.name.get(lang),
        )
        changes += self.changed(
            _("The description of %(name)s") % {"name": name},
            _text(old.description, lang),
            _text(new.description, lang),
        )
        changes += self.changed(
            _("The legal basis of %(name)s") % {"name": name},
            join_words(legal_basis_short(b) for b in old.legal_bases),
            join_words(legal_basis_short(b) for b in new.legal_bases),
        )
        changes += self.changed(
            _("Our legitimate interests in %(name)s") % {"name": name},
            _text(old.legitimate_interests, lang),
            _text(new.legitimate_interests, lang),
        )
        changes += self.changed(
            _("The retention of %(name)s") % {"name": name},
            " ".join(describe_retention(old, lang, self.old)),
            " ".join(describe_retention(new, lang, self.new)),
        )
        changes += self._list_change(
            old.subjects,
            new.subjects,
            added=_("%(name)s now also concerns %(items)s."),
            removed=_("%(name)s no longer concerns %(items)s."),
            show=lambda key: subject_label(key, lang, self.new),
            name=name,
        )
        changes += self._list_change(
            old.data,
            new.data,
            added=_("%(name)s now also processes %(items)s."),
            removed=_("%(name)s no longer processes %(items)s."),
            show=lambda key: category_label(key, lang, self.new),
            name=name,
        )
        changes += self._list_change(
            [self._recipient_name(k) for k in old.recipients],
            [self._recipient_name(k) for k in new.recipients],
            added=_("%(name)s now also discloses data to %(items)s."),
            removed=_("%(name)s no longer discloses data to %(items)s."),
            name=name,
        )
        changes += self.changed(
            _("The sources of %(name)s") % {"name": name},
            join_words(describe_sources(old.sources, lang, self.old)),
            join_words(describe_sources(new.sources, lang, self.new)),
        )
        changes += self.changed(
            _("Whether you must give data for %(name)s") % {"name": name},
            _text(old.required, lang),
            _text(new.required, lang),
        )
        if old.automated_decisions != new.automated_decisions:
            changes.append(_("The automated decisions in %(name)s have changed.") % {"name": name})
        return changes

    def _recipient_name(self, key: str) -> str:
        recipient = self.new.recipients.get(key) or self.old.recipients.get(key)
        return recipient.name.get(self.lang) if recipient else key

    def recipients(self) -> list[str]:
        old, new = self.old.recipients, self.new.recipients
        changes = []
        for key, recipient in new.items():
            if key not in old:
                changes.append(self._new_recipient(recipient))
        for key, recipient in old.items():
            if key not in new:
                changes.append(
                    _("%(name)s is no longer a recipient.")
                    % {"name": quote(recipient.name.get(self.lang))}
                )
        for key, recipient in new.items():
            if key in old:
                changes.extend(self._recipient(old[key], recipient))
        return changes

    def _new_recipient(self, recipient: Recipient) -> str:
        values = {
            "name": quote(recipient.name.get(self.lang)),
            "service": _text(recipient.service, self.lang) or role_words(recipient.role),
            "country": country_name(recipient.country),
        }
        if recipient.role == "processor":
            return _("New processor: %(name)s (%(service)s, %(country)s).") % values
        return _("New recipient: %(name)s (%(service)s, %(country)s).") % values

    def _recipient(self, old: Recipient, new: Recipient) -> list[str]:
        name = quote(new.name.get(self.lang))
        changes = self.changed(
            _("The name of the recipient %(name)s") % {"name": quote(old.name.get(self.lang))},
            old.name.get(self.lang),
            new.name.get(self.lang),
        )
        changes += self.changed(
            _("The role of %(name)s") % {"name": name}, role_words(old.role), role_words(new.role)
        )
        changes += self.changed(
            _("The service of %(name)s") % {"name": name},
            _text(old.service, self.lang),
            _text(new.service, self.lang),
        )
        changes += self.changed(
            _("The country of %(name)s") % {"name": name},
            country_name(old.country),
            country_name(new.country),
        )
        changes += self.changed(
            _("The transfer safeguard for %(name)s") % {"name": name},
            safeguard_short(old.transfer_safeguard),
            safeguard_short(new.transfer_safeguard),
        )
        return changes

    def consent_purposes(self) -> list[str]:
        changes = []
        for key, purpose in self.new.consent_purposes.items():
            before = self.old.consent_purposes.get(key)
            if before is None or before.text.get(self.lang) == purpose.text.get(self.lang):
                continue
            changes.append(
                _(
                    "The consent text for %(purpose)s changed from %(old)s to %(new)s "
                    "(version %(version)d)."
                )
                % {
                    "purpose": self._purpose_name(key),
                    "old": quote(before.text.get(self.lang)),
                    "new": quote(purpose.text.get(self.lang)),
                    "version": purpose.version,
                }
            )
        return changes

    def _purpose_name(self, key: str) -> str:
        for activity in self.new.activities.values():
            if activity.consent == key:
                return quote(activity.name.get(self.lang))
        return quote(key.replace("_", " "))
