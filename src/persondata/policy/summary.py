"""The applied declaration in words, for ``persondata policy show``.

One block per activity: its role, legal bases, subjects, data, recipients
and its retention rules written out in words (the same sentences as the
privacy policy and the Art. 30 record, from
``persondata.documents.retention_wording``).
"""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from persondata.documents.gdpr_wording import legal_basis_short, special_basis_words
from persondata.documents.labels import categories_in_text, subjects_in_text
from persondata.documents.phrasing import join_words
from persondata.documents.retention_wording import describe_retention
from persondata.policy.models import DeclarationVersion
from persondata.policy.schema import Activity, Declaration


def summarize(declaration: Declaration, *, version: DeclarationVersion, lang: str) -> str:
    """The declaration as plain text in ``lang`` ("da" or "en"; ValueError otherwise)."""
    if lang not in ("da", "en"):
        raise ValueError(f"no summary in language {lang!r}; choose 'da' or 'en'")
    with translation.override(lang):
        applied = timezone.localtime(version.applied_at)
        lines = [
            _("%(controller)s — declaration version %(number)d (applied %(when)s by %(who)s)")
            % {
                "controller": declaration.controller.name,
                "number": version.number,
                "when": f"{applied:%Y-%m-%d %H:%M}",
                "who": version.applied_by_label or "?",
            },
            "",
        ]
        for key, activity in declaration.activities.items():
            lines.extend(_activity_lines(key, activity, declaration, lang))
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _activity_lines(key: str, activity: Activity, declaration: Declaration, lang: str) -> list[str]:
    role = _("processor") if activity.role == "processor" else _("controller")
    bases = [legal_basis_short(basis) for basis in activity.legal_bases]
    if activity.special_basis:
        bases.append(special_basis_words(activity.special_basis))
    recipients = [
        declaration.recipients[r].name.get(lang) if r in declaration.recipients else r
        for r in activity.recipients
    ]
    lines = [
        f"{activity.name.get(lang)} [{key}] ({role})",
        "  " + _("legal bases: %(bases)s") % {"bases": join_words(bases)},
        "  "
        + _("subjects: %(subjects)s")
        % {"subjects": join_words(subjects_in_text(activity.subjects, lang, declaration))},
        "  "
        + _("data: %(data)s")
        % {"data": join_words(categories_in_text(activity.data, lang, declaration))},
        "  "
        + _("recipients: %(recipients)s")
        % {"recipients": join_words(recipients) if recipients else _("none")},
        "  " + _("retention:"),
    ]
    lines.extend(f"    - {line}" for line in describe_retention(activity, lang, declaration))
    return lines
