"""Broken variants of the demo declaration: each small edit of examples/demo.yaml
gets its own precise message at the line and column of the offending text.

Each case names the edit (old text -> new text, done inside the test), where
the error must point (the ``^^`` mark inside a unique piece of the edited
text) and the exact message.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from persondata.policy.tests.declaration_texts import check, edited, only_error, position_of


class Variant(NamedTuple):
    name: str
    old: str
    new: str
    at: str
    message: str


VARIANTS = [
    Variant(
        "yaml_syntax_error",
        "  name: Nordlys IT ApS\n",
        "  name: [Nordlys IT ApS\n",
        '  cvr^^: "41526300"',
        (
            "YAML syntax error: expected ',' or ']', but got ':' (while parsing a flow "
            "sequence that starts at line 13, column 9)"
        ),
    ),
    Variant(
        "unknown_top_level_key",
        "subject_categories:\n",
        "subject_category:\n",
        "subject_category:",
        "unknown key 'subject_category' in the declaration; did you mean 'subject_categories'?",
    ),
    Variant(
        "unknown_activity_key",
        "    review_every: 6mo\n",
        "    reviw_every: 6mo\n",
        "reviw_every",
        "unknown key 'reviw_every' in activities.sales_prospects; did you mean 'review_every'?",
    ),
    Variant(
        "missing_required_field",
        "    data_use: sales\n",
        "",
        "sales_prospects:",
        "activities.sales_prospects is missing the required key 'data_use'",
    ),
    Variant(
        "unknown_data_category",
        (
            "user.contact.organization, user.job_title]\n    legal_bases: "
            "[legitimate_interest]\n    legitimate_interests:\n      da: At præsentere"
        ),
        (
            "user.contact.organisation, user.job_title]\n    legal_bases: "
            "[legitimate_interest]\n    legitimate_interests:\n      da: At præsentere"
        ),
        "user.contact.organisation",
        (
            "'user.contact.organisation' is not a data category; declare it under "
            "data_categories or use a fideslang data category; did you mean "
            "'user.contact.organization'?"
        ),
    ),
    Variant(
        "unknown_subject",
        "subjects: [webinar_participant]",
        "subjects: [webinar_participants]",
        "webinar_participants]",
        (
            "'webinar_participants' is not a subject category; declare it under "
            "subject_categories or use a fideslang data subject; did you mean "
            "'webinar_participant'?"
        ),
    ),
    Variant(
        "unknown_recipient",
        "recipients: [cloudforum, mailflow]",
        "recipients: [cloudforum, mailflo]",
        "mailflo]",
        "'mailflo' is not a recipient declared under recipients; did you mean 'mailflow'?",
    ),
    Variant(
        "unknown_consent_purpose",
        "    consent: sms_offers\n",
        "    consent: sms_offer\n",
        "sms_offer\n",
        (
            "'sms_offer' is not a consent purpose declared under consent_purposes; did you "
            "mean 'sms_offers'?"
        ),
    ),
    Variant(
        "unknown_extend_purpose",
        "consent: applicant_pool}",
        "consent: talent_pool}",
        "talent_pool",
        (
            "'talent_pool' is not a consent purpose declared under consent_purposes; did you "
            "mean 'applicant_pool'?"
        ),
    ),
    Variant(
        "unknown_event_purpose",
        "on: consent_withdrawn:newsletter",
        "on: consent_withdrawn:newsleter",
        "consent_withdrawn:newsleter",
        (
            "'newsleter' in 'consent_withdrawn:newsleter' is not a consent purpose declared "
            "under consent_purposes"
        ),
    ),
    Variant(
        "unknown_event",
        "after: webinar_held",
        "after: webinar_ended",
        "webinar_ended",
        (
            "'webinar_ended' is not a known event; the built-in events are collected, "
            "relationship_started, relationship_ended, last_contact, last_purchase, "
            "employment_ended, registered, consent_given:<purpose> and "
            "consent_withdrawn:<purpose>; declare other events under 'events'"
        ),
    ),
    Variant(
        "unknown_relationship_kind",
        "after: relationship_ended:customer\n",
        "after: relationship_ended:customers\n",
        "relationship_ended:customers",
        (
            "'customers' in 'relationship_ended:customers' is not a subject category; declare "
            "it under subject_categories or use a fideslang data subject"
        ),
    ),
    Variant(
        "invalid_cvr",
        'cvr: "41526300"',
        'cvr: "41526301"',
        '"41526301"',
        "controller.cvr: '41526301' is not a valid CVR number (8 digits with a valid check digit)",
    ),
    Variant(
        "invalid_duration",
        "- keep: 18mo",
        "- keep: 3x",
        "3x",
        (
            "activities.card_payments.retention[0].keep: '3x' is not a duration; use a number "
            "followed by d (days), w (weeks), mo (months) or y (years), for example 5d, 2w, "
            "2mo, 3y or 1y6mo"
        ),
    ),
    Variant(
        "impossible_date",
        "effective_from: 2026-01-01",
        "effective_from: 2025-02-30",
        "2025-02-30",
        (
            "'2025-02-30' is not a date that exists (day is out of range for month); write "
            "dates as YYYY-MM-DD, e.g. 2025-07-01"
        ),
    ),
    Variant(
        "impossible_quoted_date",
        "dpa_signed: 2024-05-15",
        'dpa_signed: "2025-02-30"',
        '"2025-02-30"',
        (
            "recipients.kortbetaling.dpa_signed must be a date written YYYY-MM-DD that exists; "
            "got '2025-02-30'"
        ),
    ),
    Variant(
        "interest_without_interests",
        (
            "    legitimate_interests:\n      da: At holde hjemmesiden sikker og i drift.\n    "
            "  en: To keep the website secure and running.\n"
        ),
        "",
        (
            "legal_bases: [^^legitimate_interest]\n    sources: [data_subject]\n    "
            "recipients: [fjordhost]\n    erasure: anonymize"
        ),
        (
            "activity 'website_logs' rests on legitimate interest but does not state the "
            "interests; add legitimate_interests: {da: ..., en: ...} (Art. 13(1)(d))"
        ),
    ),
    Variant(
        "consent_without_purpose",
        "    consent: newsletter\n",
        "",
        "legal_bases: [^^consent]\n    marketing_channels: [email]",
        (
            "activity 'newsletter' rests on consent but names no consent purpose; add consent: "
            "<a key of consent_purposes> (Art. 6(1)(a), Art. 7(1))"
        ),
    ),
    Variant(
        "purpose_without_consent",
        "    legal_bases: [consent]\n    consent: sms_offers\n",
        "    legal_bases: [contract]\n    consent: sms_offers\n",
        "consent: sms_offers",
        (
            "activity 'sms_offers' names the consent purpose 'sms_offers' but consent is not "
            "among its legal_bases; add consent to legal_bases or remove this key"
        ),
    ),
    Variant(
        "special_without_basis",
        "    special_basis: employment\n",
        "",
        "dk.union_membership\n",
        (
            "activity 'employee_administration' processes special category data "
            "(dk.union_membership, dk.sick_leave) but has no special_basis; add one of the "
            "Art. 9(2) bases, e.g. special_basis: explicit_consent"
        ),
    ),
    Variant(
        "processor_without_dpa",
        "    dpa_signed: 2024-05-15\n",
        "",
        'role: ^^processor\n    cvr: "29461708"',
        (
            "recipient 'kortbetaling' is a processor but has no dpa_signed date; a processor "
            "needs a signed data processing agreement (Art. 28(3)): add dpa_signed: YYYY-MM-DD"
        ),
    ),
    Variant(
        "third_country_without_safeguard",
        "    transfer_safeguard: scc\n",
        "",
        "    country: ^^US",
        (
            "recipient 'mailflow' is in US, outside the EU/EEA, so it needs a "
            "transfer_safeguard (Art. 44-49): adequacy, scc, bcr or derogation"
        ),
    ),
    Variant(
        "processor_activity_without_on_behalf_of",
        '    on_behalf_of: ["Vores hostingkunder, som er navngivet i hver databehandleraftale"]\n',
        "",
        "role: ^^processor\n    data_use: essential.service.operations",
        (
            "activity 'client_hosting' is done as processor but does not name the controllers "
            "it is done for; add on_behalf_of: [<client>] (Art. 30(2)(a))"
        ),
    ),
    Variant(
        "keep_and_on",
        "      - keep: 18mo\n        after: collected\n",
        "      - keep: 18mo\n        on: collected\n",
        "      - ^^keep: 18mo",
        (
            "activities.card_payments.retention[0]: a retention rule is either a keep rule "
            "(keep/after) or a trigger rule (on/within), not both; split it into two rules"
        ),
    ),
    Variant(
        "financial_year_end",
        'financial_year_end: "09-30"',
        'financial_year_end: "02-30"',
        '"02-30"',
        "controller.financial_year_end: '02-30' is not a day that exists every year",
    ),
    Variant(
        "response_days",
        "response_days: 25",
        "response_days: 45",
        "response_days: ^^45",
        (
            "controller.response_days: 45 days is longer than the legal maximum of one month "
            "(Art. 12(3)); promise at most 31 days, or leave response_days out"
        ),
    ),
    Variant(
        "unknown_legal_basis",
        "legal_bases: [vital_interests]",
        "legal_bases: [vital_interest]",
        "vital_interest]",
        (
            "'vital_interest' is not a legal basis (Art. 6(1)); expected one of: consent, "
            "contract, legal_obligation, vital_interests, public_task, legitimate_interest"
        ),
    ),
    Variant(
        "portability",
        "    consent: newsletter\n",
        "    consent: newsletter\n    portability: true\n",
        "portability",
        (
            "'portability' is derived, never declared: persondata works it out from the legal "
            "bases (data the subject provided under consent or contract, Art. 20); remove this "
            "key"
        ),
    ),
    Variant(
        "duplicate_key",
        "    consent: newsletter\n",
        "    consent: newsletter\n    consent: sms_offers\n",
        "consent: sms_offers\n    marketing_channels: [email]",
        "the key 'consent' appears twice in the same mapping (first on line 308); keep only one",
    ),
    Variant(
        "tab",
        "  name: Nordlys IT ApS\n",
        "\tname: Nordlys IT ApS\n",
        "\tname",
        (
            "YAML syntax error: a tab character here; YAML does not allow tabs for "
            "indentation, indent with spaces instead"
        ),
    ),
    Variant(
        "on_needs_within",
        "      - on: dpa_terminated\n        within: 30d\n",
        "      - on: dpa_terminated\n",
        "      - ^^on: dpa_terminated",
        "activities.client_hosting.retention[0] is missing the required key 'within'",
    ),
    Variant(
        "automated_without_text",
        "    data_use: employment.recruitment\n",
        "    data_use: employment.recruitment\n    automated_decisions: true\n",
        "automated_decisions: ^^true",
        (
            "activity 'recruitment' makes automated decisions but does not say which; add "
            "automated_decisions: {used: true, text: ...} describing the logic and its "
            "consequences (Art. 13(2)(f))"
        ),
    ),
    Variant(
        "recipient_role_typo",
        "    role: joint_controller\n",
        "    role: joint_controler\n",
        "joint_controler",
        (
            "'joint_controler' is not a recipient role; expected one of: processor, "
            "controller, joint_controller, authority"
        ),
    ),
    Variant(
        "rule_subject_selector",
        "        after: relationship_ended:customer\n        subjects: [customer]\n",
        "        after: relationship_ended:customer\n        subjects: [prospect]\n",
        "prospect]\n      - keep: 12mo",
        (
            "the rule names the subject category 'prospect', which is not among the activity's "
            "subjects (customer, contact_person)"
        ),
    ),
    Variant(
        "rule_data_selector",
        "        data: [dk.criminal_record]\n",
        "        data: [dk.application]\n",
        "dk.application]\n\n  emergency",
        (
            "the rule names the data category 'dk.application', which is neither among the "
            "activity's data nor a parent of it (user.name, user.contact.address, "
            "user.contact.email, user.contact.phone_number, "
            "user.government_id.national_identification_number, user.financial.bank_account, "
            "dk.tax_card, dk.union_membership, dk.sick_leave, dk.criminal_record)"
        ),
    ),
    Variant(
        "unknown_source",
        "sources: [data_subject, cloudforum]",
        "sources: [data_subject, cloudfourm]",
        "cloudfourm",
        (
            "'cloudfourm' is not a source; write data_subject, a recipient key, a subject "
            "category key, or 'public: <where>'; did you mean 'cloudforum'?"
        ),
    ),
    Variant(
        "unknown_data_use",
        "data_use: employment.recruitment",
        "data_use: employment.recruiting",
        "employment.recruiting",
        (
            "'employment.recruiting' is not a fideslang data use; did you mean "
            "'employment.recruitment'? (for example essential.service, "
            "marketing.communications.email)"
        ),
    ),
    Variant(
        "unknown_parent",
        "parent: user.criminal_history",
        "parent: user.criminal_record",
        "user.criminal_record",
        (
            "the parent 'user.criminal_record' of 'dk.criminal_record' is not a known data "
            "category; use a fideslang category (such as user or user.contact) or a declared "
            "one; did you mean 'user.criminal_history'?"
        ),
    ),
    Variant(
        "language_literal",
        "languages: [da, en]",
        "languages: [da, de]",
        "de]",
        "'de' is not a supported language; expected one of: da, en",
    ),
    Variant(
        "consent_version_zero",
        "    version: 3\n",
        "    version: 0\n",
        "0\n    channel: email",
        "consent_purposes.newsletter.version must be at least 1",
    ),
    Variant(
        "empty_text",
        "name: {da: Webinarer, en: Webinars}",
        "name: {}",
        "{}",
        "activities.webinars.name: give the text in Danish (da) or English (en), or both",
    ),
    Variant(
        "country_code",
        "country: US",
        "country: usa",
        "usa",
        "recipients.mailflow.country: 'usa' is not a two-letter ISO country code such as DK or US",
    ),
    Variant(
        "authority_typo",
        "supervisory_authority: datatilsynet",
        "supervisory_authority: datatilsyn",
        "datatilsyn\n",
        (
            "controller.supervisory_authority must be 'datatilsynet' or a mapping with name "
            "and address (and optionally phone, email, website); got 'datatilsyn'"
        ),
    ),
    Variant(
        "list_for_text",
        "data_use: sales",
        "data_use: [sales]",
        "[sales]",
        "activities.sales_prospects.data_use must be a text; got a list",
    ),
    Variant(
        "not_list",
        "subjects: [webinar_participant]",
        "subjects: webinar_participant",
        "webinar_participant\n",
        (
            "activities.webinars.subjects must be a list, written [a, b] or one '- item' per "
            "line; got 'webinar_participant'"
        ),
    ),
]


@pytest.mark.parametrize("variant", VARIANTS, ids=[v.name for v in VARIANTS])
def test_a_broken_variant_gets_its_own_message_at_the_right_place(variant: Variant) -> None:
    text = edited(variant.old, variant.new)
    error = only_error(check(text))
    assert error.message == variant.message
    assert (error.line, error.column) == position_of(text, variant.at)
    assert str(error).startswith(f"demo.yaml:{error.line}:{error.column}: error: ")


def test_there_are_at_least_thirty_variants_each_with_its_own_message() -> None:
    assert len(VARIANTS) >= 30
    assert len({v.message for v in VARIANTS}) == len(VARIANTS)
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
