"""Every rule form of SPEC section 3 in Danish and English, exactly as the policy prints it."""

from __future__ import annotations

import pytest

from persondata.documents.retention_wording import describe_retention, describe_rule
from persondata.documents.tests.declarations import build, minimal_dict
from persondata.policy.schema import Declaration, KeepRule, TriggerRule


def _declaration() -> Declaration:
    data = minimal_dict()
    data["subject_categories"].update(
        {
            "contact_person": {"da": "Kontaktpersoner", "en": "Contact persons"},
            "member": {"da": "Medlemmer", "en": "Members"},
        }
    )
    data["events"] = {
        "job_completed": {"da": "Seneste opgave afsluttet", "en": "Latest job completed"}
    }
    data["consent_purposes"] = {
        "newsletter": {"version": 1, "channel": "email", "text": "Send mig nyhedsbrevet."},
        "health": {"version": 1, "text": "I må behandle mine helbredsoplysninger."},
        "extended": {"version": 1, "text": "I må gemme mine oplysninger længere."},
    }
    base = data["activities"]["customers"]
    data["activities"]["newsletter"] = {
        **base,
        "name": {"da": "Nyhedsbrev", "en": "Newsletter"},
        "legal_bases": ["consent"],
        "consent": "newsletter",
        "marketing_channels": ["email"],
        "retention": [{"on": "consent_withdrawn:newsletter", "within": "5d"}],
    }
    data["activities"]["health"] = {
        **base,
        "name": {"da": "Helbred", "en": "Health"},
        "legal_bases": ["consent"],
        "consent": "health",
        "retention": [{"on": "consent_withdrawn:health", "within": "0d"}],
    }
    return build(data)


DECLARATION = _declaration()

# (rule, the activity it belongs to or None, Danish, English)
CASES = [
    (
        {
            "keep": "3y",
            "after": "relationship_ended",
            "extend": {"by": "12mo", "consent": "extended"},
        },
        None,
        "Opbevares i 3 år efter samarbejdets ophør; med dit samtykke 12 måneder mere.",
        "Kept for 3 years after our relationship ends; with your consent, 12 months more.",
    ),
    (
        {"keep": "5y", "after": "collected", "until_end_of": "financial_year"},
        None,
        "Opbevares i 5 år fra udgangen af det regnskabsår, oplysningerne vedrører.",
        "Kept for 5 years from the end of the financial year the data relates to.",
    ),
    (
        {"keep": "5y", "after": "job_completed", "until_end_of": "calendar_year"},
        None,
        "Opbevares i 5 år fra udgangen af det kalenderår, hvor hændelsen »Seneste opgave "
        "afsluttet« indtraf.",
        "Kept for 5 years from the end of the calendar year in which the event “Latest job "
        "completed” occurred.",
    ),
    (
        {"keep": "1y", "after": "relationship_started"},
        None,
        "Opbevares i 1 år efter samarbejdets begyndelse.",
        "Kept for 1 year after our relationship began.",
    ),
    (
        {"keep": "2mo", "after": "last_contact"},
        None,
        "Opbevares i 2 måneder efter vores seneste kontakt med dig.",
        "Kept for 2 months after our last contact with you.",
    ),
    (
        {"keep": "1w", "after": "last_purchase"},
        None,
        "Opbevares i 1 uge efter dit seneste køb.",
        "Kept for 1 week after your last purchase.",
    ),
    (
        {"keep": "2w", "after": "registered"},
        None,
        "Opbevares i 2 uger efter din registrering.",
        "Kept for 2 weeks after you registered.",
    ),
    (
        {"keep": "1d", "after": "employment_ended"},
        None,
        "Opbevares i 1 dag efter at du er fratrådt hos den virksomhed, du repræsenterer.",
        "Kept for 1 day after you leave the company you represent.",
    ),
    (
        {"keep": "24mo", "after": "relationship_ended:customer"},
        None,
        "Opbevares i 24 måneder efter kundeforholdets ophør.",
        "Kept for 24 months after the customer relationship ends.",
    ),
    (
        {"keep": "3y", "after": "relationship_ended:supplier_vendor"},
        None,
        "Opbevares i 3 år efter leverandørforholdets ophør.",
        "Kept for 3 years after the supplier relationship ends.",
    ),
    (
        {"keep": "5y", "after": "relationship_ended:employee", "until_end_of": "financial_year"},
        None,
        "Opbevares i 5 år fra udgangen af det regnskabsår, hvor din ansættelse ophørte.",
        "Kept for 5 years from the end of the financial year in which your employment ended.",
    ),
    (
        {"keep": "1y", "after": "relationship_ended:member"},
        None,
        "Opbevares i 1 år efter ophøret af vores forhold til dig som en af vores medlemmer.",
        "Kept for 1 year after our relationship with you as one of our members ends.",
    ),
    (
        {"keep": "6mo", "after": "consent_given:newsletter"},
        None,
        "Opbevares i 6 måneder efter at du har givet samtykke til »Nyhedsbrev«.",
        "Kept for 6 months after you gave your consent to “Newsletter”.",
    ),
    (
        {"keep": "1y", "after": "consent_given:newsletter"},
        "newsletter",
        "Opbevares i 1 år efter at du har givet dit samtykke.",
        "Kept for 1 year after you gave your consent.",
    ),
    (
        {"keep": "1y", "after": "consent_withdrawn:health"},
        None,
        "Opbevares i 1 år efter at du har trukket dit samtykke til »Helbred« tilbage.",
        "Kept for 1 year after you withdraw your consent to “Health”.",
    ),
    (
        {"keep": "0d", "after": "relationship_ended"},
        None,
        "Slettes straks efter samarbejdets ophør.",
        "Erased immediately after our relationship ends.",
    ),
    (
        {"keep": "0d", "after": "collected", "until_end_of": "calendar_year"},
        None,
        "Opbevares indtil udgangen af det kalenderår, oplysningerne vedrører.",
        "Kept until the end of the calendar year the data relates to.",
    ),
    (
        {"on": "consent_withdrawn:newsletter", "within": "5d"},
        "newsletter",
        "Slettes senest 5 dage efter at du har afmeldt dig.",
        "Erased no later than 5 days after you unsubscribe.",
    ),
    (
        {"on": "consent_withdrawn:health", "within": "0d"},
        "health",
        "Slettes straks efter at du har trukket dit samtykke tilbage.",
        "Erased immediately after you withdraw your consent.",
    ),
    (
        {"on": "consent_withdrawn:newsletter", "within": "1mo"},
        "health",
        "Slettes senest 1 måned efter at du har trukket dit samtykke til »Nyhedsbrev« tilbage.",
        "Erased no later than 1 month after you withdraw your consent to “Newsletter”.",
    ),
    (
        {"on": "employment_ended", "within": "0d", "subjects": ["contact_person"]},
        None,
        "For kontaktpersoner: slettes straks efter at du er fratrådt hos den virksomhed, du "
        "repræsenterer.",
        "For contact persons: erased immediately after you leave the company you represent.",
    ),
    (
        {"on": "job_completed", "within": "30d"},
        None,
        "Slettes senest 30 dage efter hændelsen »Seneste opgave afsluttet«.",
        "Erased no later than 30 days after the event “Latest job completed”.",
    ),
    (
        {"on": "relationship_ended", "within": "2w"},
        None,
        "Slettes senest 2 uger efter samarbejdets ophør.",
        "Erased no later than 2 weeks after our relationship ends.",
    ),
    (
        {"keep": "1y6mo", "after": "relationship_ended", "data": ["user.contact.email"]},
        None,
        "For så vidt angår e-mailadresse: opbevares i 1 år og 6 måneder efter samarbejdets ophør.",
        "As regards e-mail address: kept for 1 year and 6 months after our relationship ends.",
    ),
    (
        {"keep": "2y", "after": "collected", "subjects": ["customer"], "data": ["user.name"]},
        None,
        "For kunder, for så vidt angår navn: opbevares i 2 år efter at oplysningerne er indsamlet.",
        "For customers, as regards name: kept for 2 years after the data was collected.",
    ),
    (
        {"keep": "3y", "after": "relationship_ended", "subjects": ["customer", "contact_person"]},
        None,
        "For kunder og kontaktpersoner: opbevares i 3 år efter samarbejdets ophør.",
        "For customers and contact persons: kept for 3 years after our relationship ends.",
    ),
]


def _rule(data: dict[str, object]) -> KeepRule | TriggerRule:
    return TriggerRule.model_validate(data) if "on" in data else KeepRule.model_validate(data)


@pytest.mark.parametrize(("rule", "activity", "danish", "english"), CASES)
def test_every_rule_form_reads_correctly_in_danish_and_english(rule, activity, danish, english):
    parsed = _rule(rule)
    owner = DECLARATION.activities[activity] if activity else None
    assert describe_rule(parsed, "da", DECLARATION, activity=owner) == danish
    assert describe_rule(parsed, "en", DECLARATION, activity=owner) == english


def test_a_newsletter_kept_while_subscribed_says_so_before_its_trigger():
    activity = DECLARATION.activities["newsletter"]
    assert describe_retention(activity, "da", DECLARATION) == [
        "Vi opbevarer oplysningerne, så længe du er tilmeldt.",
        "Slettes senest 5 dage efter at du har afmeldt dig.",
    ]
    assert describe_retention(activity, "en", DECLARATION) == [
        "We keep the data for as long as you are subscribed.",
        "Erased no later than 5 days after you unsubscribe.",
    ]


def test_consent_without_a_channel_is_kept_while_the_consent_applies():
    activity = DECLARATION.activities["health"]
    assert describe_retention(activity, "da", DECLARATION)[0] == (
        "Vi opbevarer oplysningerne, så længe dit samtykke gælder."
    )
    assert describe_retention(activity, "en", DECLARATION)[0] == (
        "We keep the data for as long as your consent applies."
    )


def test_review_interval_and_anonymisation_get_a_sentence_each():
    data = minimal_dict()
    data["activities"]["customers"]["review_every"] = "1y"
    data["activities"]["customers"]["erasure"] = "anonymize"
    declaration = build(data)
    activity = declaration.activities["customers"]
    assert describe_retention(activity, "da", declaration) == [
        "Opbevares i 5 år efter samarbejdets ophør.",
        "Vi gennemgår oplysningerne med højst 1 år mellem hver gennemgang og sletter det, vi "
        "ikke længere har brug for.",
        "Når perioden udløber, anonymiseres oplysningerne, så de ikke længere kan henføres "
        "til dig.",
    ]
    assert describe_retention(activity, "en", declaration)[1] == (
        "We review the data at least every year and erase what we no longer need."
    )


def test_a_plural_review_interval_reads_naturally_in_english():
    data = minimal_dict()
    data["activities"]["customers"]["review_every"] = "18mo"
    declaration = build(data)
    lines = describe_retention(declaration.activities["customers"], "en", declaration)
    assert (
        lines[-1] == "We review the data at least every 18 months and erase what we no longer need."
    )


def test_an_undeclared_event_is_printed_as_its_key_rather_than_failing():
    rule = TriggerRule.model_validate({"on": "contract_signed", "within": "1y"})
    assert describe_rule(rule, "en", DECLARATION) == (
        "Erased no later than 1 year after the event “contract_signed”."
    )
