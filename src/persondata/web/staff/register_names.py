"""The register's keys as staff pages show them: by their names in the page's language.

Subject categories, sources, consent purposes, events and relationship
kinds are stored as keys (``customer``, ``data_subject``, ``newsletter``).
Their names come from the applied declaration (its da/en labels), the
built-in taxonomy (``persondata.policy.taxonomy``) and, for the subject as a
source, this app's translations. A key nothing names is shown as it is, so a
page still renders for data stored under an earlier declaration. Expects
``lang`` to be active when a translated word is needed (the subject page
renders under ``override(lang)``).
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from persondata.policy import taxonomy
from persondata.policy.schema import Declaration

# How a consent reached the company (consent.models.Channel keeps English
# labels for the CLI and the audit trail; staff pages show these).
CHANNEL_NAMES = {
    "web_form": gettext_lazy("web form"),
    "email_link": gettext_lazy("e-mail link"),
    "phone": gettext_lazy("phone"),
    "paper": gettext_lazy("paper"),
    "import": gettext_lazy("import"),
    "staff": gettext_lazy("staff"),
}


def channel_name(channel: str) -> str:
    """A consent channel in the active language (the key itself if unknown)."""
    return str(CHANNEL_NAMES.get(channel, channel))


def subject_category_name(key: str, lang: str, declaration: Declaration | None) -> str:
    """Subject category (or relationship kind) ``key`` by its name, e.g. "Kunder"."""
    try:
        return taxonomy.subject_label(key, lang, declaration)
    except taxonomy.UnknownKeyError:
        return key


def purpose_name(key: str, lang: str, declaration: Declaration | None) -> str:
    """Consent purpose ``key`` by the name of the activity that asks for it.

    A purpose has only its consent text in the declaration (a full sentence);
    the activity that needs the consent names it briefly. A purpose no
    activity asks for (one that extends a keep rule, say) is shown by its
    consent text; an undeclared one by its key with spaces ("sms offers").
    """
    if declaration is not None:
        for activity in declaration.activities.values():
            if activity.consent == key:
                return activity.name.get(lang)
    return purpose_text(key, lang, declaration) or key.replace("_", " ")


def purpose_text(key: str, lang: str, declaration: Declaration | None) -> str:
    """The declared consent text of ``key`` in ``lang``; "" when it is not declared."""
    if declaration is None or key not in declaration.consent_purposes:
        return ""
    return declaration.consent_purposes[key].text.get(lang)


def source_name(source: str, lang: str, declaration: Declaration | None) -> str:
    """Where a record came from: the subject, a recipient, a subject category
    or a public source (``public: <text>``), in words."""
    if source == "data_subject":
        return _("the data subject")
    if source.startswith("public:"):
        return _("public source: %(source)s") % {"source": source.split(":", 1)[1].strip()}
    if declaration is not None and source in declaration.recipients:
        return declaration.recipients[source].name.get(lang)
    return subject_category_name(source, lang, declaration)


def event_name(event: str, lang: str, declaration: Declaration | None) -> str:
    """An event by its label ("Seneste køb"); a consent event names its purpose."""
    base, parameter = taxonomy.split_event(event)
    if base in ("consent_given", "consent_withdrawn") and parameter:
        words = {
            "consent_given": _("Consent given: %(purpose)s"),
            "consent_withdrawn": _("Consent withdrawn: %(purpose)s"),
        }[base]
        return words % {"purpose": purpose_name(parameter, lang, declaration)}
    try:
        return taxonomy.event_label(event, lang, declaration)
    except taxonomy.UnknownKeyError:
        return event
