"""Retention rules in words, for the privacy policy (GDPR Art. 13(2)(a)) and the
Art. 30(1)(f) record.

Pure functions over the declaration; no database. Every fixed word comes
from the gettext catalogue, so the same code writes Danish and English:

- keep rules: "opbevares i 3 år efter samarbejdets ophør; med dit samtykke
  12 måneder mere", "opbevares i 5 år fra udgangen af det regnskabsår,
  oplysningerne vedrører";
- trigger rules: "slettes senest 5 dage efter at du har afmeldt dig",
  "slettes straks efter at du er fratrådt hos den virksomhed, du
  repræsenterer";
- selectors in front: "For kontaktpersoner: …".

A zero duration reads "straks" / "immediately", never "0 dage".
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from persondata.documents.labels import categories_in_text, subjects_in_text
from persondata.documents.phrasing import join_words, quote, sentence
from persondata.lib.durations import Duration
from persondata.policy.schema import Activity, Declaration, KeepRule, TriggerRule

CONSENT_GIVEN = "consent_given"
CONSENT_WITHDRAWN = "consent_withdrawn"


def describe_duration(duration: Duration, lang: str) -> str:
    """``duration`` in words: "1 år og 6 måneder", "2 weeks"; zero is "straks" / "immediately"."""
    with translation.override(lang):
        return _duration_words(duration)


def describe_rule(
    rule: KeepRule | TriggerRule,
    lang: str,
    declaration: Declaration,
    *,
    activity: Activity | None = None,
) -> str:
    """One retention rule as one sentence in ``lang``.

    ``activity`` is the activity the rule belongs to, when known: a
    withdrawal of that activity's own consent then reads "after you withdraw
    your consent" instead of naming the purpose. Keys the declaration does
    not define are printed as they are (the lint rules reject them before a
    declaration is applied).
    """
    with translation.override(lang):
        if isinstance(rule, KeepRule):
            text = _keep_phrase(rule, declaration, activity)
        else:
            text = _trigger_phrase(rule, declaration, activity)
        prefix = _selector_prefix(rule, lang, declaration)
        if prefix:
            return sentence(_("%(selector)s: %(rule)s") % {"selector": prefix, "rule": text})
        return sentence(text)


def describe_retention(activity: Activity, lang: str, declaration: Declaration) -> list[str]:
    """The activity's retention in sentences: one per rule, then what happens at the end.

    An activity whose only rules are triggers on withdrawing its own consent
    first says that the data is kept while the consent lasts. The review
    interval (``review_every``) and anonymisation (``erasure: anonymize``)
    get a sentence each.
    """
    with translation.override(lang):
        lines: list[str] = []
        if not activity.keep_rules and _ends_with_own_consent(activity):
            if _is_unsubscribe(activity.consent or "", declaration, activity):
                lines.append(_("We keep the data for as long as you are subscribed."))
            else:
                lines.append(_("We keep the data for as long as your consent applies."))
        lines.extend(
            describe_rule(rule, lang, declaration, activity=activity) for rule in activity.retention
        )
        if activity.review_every is not None:
            lines.append(
                _(
                    "We review the data at least every %(interval)s and erase what we "
                    "no longer need."
                )
                % {"interval": _duration_words(activity.review_every, singular_unit=True)}
            )
        if activity.erasure == "anonymize":
            lines.append(
                _(
                    "When the period ends, the data is anonymised so that it can no longer "
                    "be linked to you."
                )
            )
        return lines


def _duration_words(duration: Duration, *, singular_unit: bool = False) -> str:
    if duration.is_zero:
        return _("immediately")
    parts: list[str] = []
    for count, unit in (
        (duration.years, "y"),
        (duration.months, "mo"),
        (duration.weeks, "w"),
        (duration.days, "d"),
    ):
        if count:
            parts.append(_unit_words(count, unit, bare=singular_unit and count == 1))
    return join_words(parts)


def _unit_words(count: int, unit: str, *, bare: bool) -> str:
    if bare:
        # "every year" rather than "every 1 year".
        return {"y": _("year"), "mo": _("month"), "w": _("week"), "d": _("day")}[unit]
    if unit == "y":
        return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}
    if unit == "mo":
        return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}
    if unit == "w":
        return ngettext("%(count)d week", "%(count)d weeks", count) % {"count": count}
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _keep_phrase(rule: KeepRule, declaration: Declaration, activity: Activity | None) -> str:
    after, year_clause = _event_phrases(rule.after, declaration, activity)
    zero = rule.keep.is_zero
    values = {"duration": _duration_words(rule.keep), "event": after, "clause": year_clause}
    if rule.until_end_of == "financial_year":
        text = (
            _("kept until the end of the financial year %(clause)s")
            if zero
            else _("kept for %(duration)s from the end of the financial year %(clause)s")
        ) % values
    elif rule.until_end_of == "calendar_year":
        text = (
            _("kept until the end of the calendar year %(clause)s")
            if zero
            else _("kept for %(duration)s from the end of the calendar year %(clause)s")
        ) % values
    else:
        text = (
            _("erased immediately %(event)s") if zero else _("kept for %(duration)s %(event)s")
        ) % values
    if rule.extend is not None and not rule.extend.by.is_zero:
        text += _("; with your consent, %(duration)s more") % {
            "duration": _duration_words(rule.extend.by)
        }
    return text


def _trigger_phrase(rule: TriggerRule, declaration: Declaration, activity: Activity | None) -> str:
    after, _clause = _event_phrases(rule.on, declaration, activity)
    if rule.within.is_zero:
        return _("erased immediately %(event)s") % {"event": after}
    return _("erased no later than %(duration)s %(event)s") % {
        "duration": _duration_words(rule.within),
        "event": after,
    }


def _selector_prefix(
    rule: KeepRule | TriggerRule, lang: str, declaration: Declaration
) -> str | None:
    subjects = join_words(subjects_in_text(rule.subjects or [], lang, declaration))
    data = join_words(categories_in_text(rule.data or [], lang, declaration))
    if subjects and data:
        return _("For %(subjects)s, as regards %(data)s") % {"subjects": subjects, "data": data}
    if subjects:
        return _("For %(subjects)s") % {"subjects": subjects}
    if data:
        return _("As regards %(data)s") % {"data": data}
    return None


def _event_phrases(
    event: str, declaration: Declaration, activity: Activity | None
) -> tuple[str, str]:
    """``event`` as (a phrase after a period, a clause after "the year"), in the active language.

    For example ("after our relationship ends", "in which our relationship ended").
    """
    name, _sep, qualifier = event.partition(":")
    if name == CONSENT_WITHDRAWN:
        return _withdrawal_phrases(qualifier, declaration, activity)
    if name == CONSENT_GIVEN:
        if activity is not None and activity.consent == qualifier:
            return _("after you gave your consent"), _("in which you gave your consent")
        purpose = _purpose_name(qualifier, declaration)
        return (
            _("after you gave your consent to %(purpose)s") % {"purpose": purpose},
            _("in which you gave your consent to %(purpose)s") % {"purpose": purpose},
        )
    if name in ("relationship_ended", "relationship_started") and qualifier:
        return _relationship_phrases(name, qualifier, declaration)
    builtin = _builtin_phrases(event)
    if builtin is not None:
        return builtin
    label = declaration.events.get(event)
    named = quote(label.get(translation.get_language() or "da") if label else event)
    return (
        _("after the event %(event)s") % {"event": named},
        _("in which the event %(event)s occurred") % {"event": named},
    )


def _builtin_phrases(event: str) -> tuple[str, str] | None:
    if event == "collected":
        return _("after the data was collected"), _("the data relates to")
    if event == "relationship_started":
        return _("after our relationship began"), _("in which our relationship began")
    if event == "relationship_ended":
        return _("after our relationship ends"), _("in which our relationship ended")
    if event == "last_contact":
        return (
            _("after our last contact with you"),
            _("in which we were last in contact with you"),
        )
    if event == "last_purchase":
        return _("after your last purchase"), _("in which you last bought from us")
    if event == "employment_ended":
        return (
            _("after you leave the company you represent"),
            _("in which you left the company you represent"),
        )
    if event == "registered":
        return _("after you registered"), _("in which you registered")
    return None


def _relationship_phrases(name: str, kind: str, declaration: Declaration) -> tuple[str, str]:
    ended = name == "relationship_ended"
    if ended and kind == "customer":
        return (
            _("after the customer relationship ends"),
            _("in which the customer relationship ended"),
        )
    if ended and kind == "supplier_vendor":
        return (
            _("after the supplier relationship ends"),
            _("in which the supplier relationship ended"),
        )
    if ended and kind == "employee":
        return _("after your employment ends"), _("in which your employment ended")
    label = join_words(subjects_in_text([kind], translation.get_language() or "da", declaration))
    if ended:
        return (
            _("after our relationship with you as one of our %(kind)s ends") % {"kind": label},
            _("in which our relationship with you as one of our %(kind)s ended") % {"kind": label},
        )
    return (
        _("after our relationship with you as one of our %(kind)s began") % {"kind": label},
        _("in which our relationship with you as one of our %(kind)s began") % {"kind": label},
    )


def _withdrawal_phrases(
    purpose: str, declaration: Declaration, activity: Activity | None
) -> tuple[str, str]:
    if activity is not None and activity.consent == purpose:
        if _is_unsubscribe(purpose, declaration, activity):
            return _("after you unsubscribe"), _("in which you unsubscribed")
        return (
            _("after you withdraw your consent"),
            _("in which you withdrew your consent"),
        )
    name = _purpose_name(purpose, declaration)
    return (
        _("after you withdraw your consent to %(purpose)s") % {"purpose": name},
        _("in which you withdrew your consent to %(purpose)s") % {"purpose": name},
    )


def _is_unsubscribe(purpose: str, declaration: Declaration, activity: Activity) -> bool:
    """True when withdrawing ``purpose`` means unsubscribing from marketing messages."""
    declared = declaration.consent_purposes.get(purpose)
    return bool(declared and declared.channel and activity.marketing_channels)


def _ends_with_own_consent(activity: Activity) -> bool:
    return activity.consent is not None and any(
        rule.on == f"{CONSENT_WITHDRAWN}:{activity.consent}" for rule in activity.trigger_rules
    )


def _purpose_name(purpose: str, declaration: Declaration) -> str:
    """A consent purpose by the name of the activity that asks for it (quoted)."""
    lang = translation.get_language() or "da"
    for activity in declaration.activities.values():
        if activity.consent == purpose:
            return quote(activity.name.get(lang))
    return quote(purpose.replace("_", " "))
