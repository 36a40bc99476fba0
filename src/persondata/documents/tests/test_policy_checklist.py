"""A checklist of GDPR Art. 13 and 14: each item must be in the policy, in both languages.

Run for the demo declaration and for the shared reference declaration, on the
rendered HTML (so the templates are checked along with the builder). Each
test names the provision it checks; a missing item fails that test.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import ValuesView
from datetime import date
from functools import cache

import pytest

from persondata.documents.countries import is_third_country
from persondata.documents.privacy_policy import PolicyVersion, build_policy
from persondata.documents.rendering import render_policy_html
from persondata.documents.retention_wording import describe_retention
from persondata.documents.tests.declarations import REAL_FILES, load
from persondata.documents.tests.html_reading import (
    parse_strict,
    parts,
    section,
    section_text,
    text_of,
)
from persondata.policy import taxonomy
from persondata.policy.schema import Activity, Declaration

VERSION = PolicyVersion(number=3, effective=date(2026, 3, 1))
LEGAL_BASIS_ARTICLE = {
    "consent": ("artikel 6, stk. 1, litra a", "Art. 6(1)(a)"),
    "contract": ("artikel 6, stk. 1, litra b", "Art. 6(1)(b)"),
    "legal_obligation": ("artikel 6, stk. 1, litra c", "Art. 6(1)(c)"),
    "vital_interests": ("artikel 6, stk. 1, litra d", "Art. 6(1)(d)"),
    "public_task": ("artikel 6, stk. 1, litra e", "Art. 6(1)(e)"),
    "legitimate_interest": ("artikel 6, stk. 1, litra f", "Art. 6(1)(f)"),
}
SPECIAL_LETTER = {
    "explicit_consent": "a",
    "employment": "b",
    "vital_interests": "c",
    "not_for_profit": "d",
    "made_public": "e",
    "legal_claims": "f",
    "substantial_public_interest": "g",
    "health_care": "h",
    "public_health": "i",
    "archiving_research": "j",
}
SAFEGUARD_ARTICLE = {
    "adequacy": ("artikel 45", "Art. 45"),
    "scc": ("artikel 46, stk. 2, litra c", "Art. 46(2)(c)"),
    "bcr": ("artikel 47", "Art. 47"),
    "derogation": ("artikel 49", "Art. 49"),
}

CASES = [(name, lang) for name in REAL_FILES for lang in ("da", "en")]


@cache
def _rendered(name: str, lang: str) -> tuple[Declaration, ET.Element]:
    declaration = load(REAL_FILES[name])
    html = render_policy_html(build_policy(declaration, lang, version=VERSION))
    return declaration, parse_strict(html)


@pytest.fixture(params=CASES, ids=[f"{name}-{lang}" for name, lang in CASES])
def policy(request):
    name, lang = request.param
    declaration, root = _rendered(name, lang)
    return declaration, lang, root


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "da" else pair[1]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _activities(declaration: Declaration) -> ValuesView[Activity]:
    return declaration.controller_activities.values()


def test_13_1_a_controller_identity_and_contact(policy):
    declaration, _lang, root = policy
    text = section_text(root, "controller")
    c = declaration.controller
    for value in (c.name, c.address, c.email, c.phone, c.cvr, c.website):
        if value:
            assert value in text


def test_13_1_b_data_protection_officer_where_declared(policy):
    declaration, _lang, root = policy
    dpo = declaration.controller.dpo
    if dpo is None:
        assert section(root, "dpo") is None
        return
    text = section_text(root, "dpo")
    assert dpo.name in text
    assert dpo.email in text


def test_13_1_c_purpose_and_legal_basis_with_article_for_each_activity(policy):
    declaration, lang, root = policy
    found = parts(section(root, "purposes"))
    for activity in _activities(declaration):
        part = found[activity.name.get(lang)]
        if activity.description:
            assert _squash(activity.description.get(lang)) in part
        for basis in activity.legal_bases:
            assert _pick(LEGAL_BASIS_ARTICLE[basis], lang) in part


def test_13_1_d_legitimate_interests_where_relied_on(policy):
    declaration, lang, root = policy
    relying = [a for a in _activities(declaration) if "legitimate_interest" in a.legal_bases]
    if not relying:
        assert section(root, "legitimate-interests") is None
        return
    text = section_text(root, "legitimate-interests")
    for activity in relying:
        assert activity.name.get(lang) in text
        assert activity.legitimate_interests is not None
        assert _squash(activity.legitimate_interests.get(lang)).rstrip(".") in text


def test_14_1_d_categories_with_special_confidential_and_cpr_named_as_such(policy):
    declaration, lang, root = policy
    element = section(root, "categories")
    found = parts(element)
    levels: set[str] = set()
    for activity in _activities(declaration):
        part = found[activity.name.get(lang)]
        for key in activity.data:
            label = taxonomy.category_label(key, lang, declaration)
            assert label in part
            level = taxonomy.sensitivity_of(key, declaration)
            levels.add(level)
            if level == "special":
                assert re.search(rf"{re.escape(label)} \([^)]*(artikel|Art\.) 9", part)
        if activity.special_basis:
            letter = SPECIAL_LETTER[activity.special_basis]
            article = (
                f"artikel 9, stk. 2, litra {letter}" if lang == "da" else f"Art. 9(2)({letter})"
            )
            assert article in text_of(element)
    titles = {
        "special": ("Følsomme personoplysninger", "Special categories of personal data"),
        "national_id": ("CPR-nummer", "CPR number"),
        "confidential": ("Fortrolige oplysninger", "Confidential data"),
        "criminal": ("Strafbare forhold", "Criminal convictions and offences"),
    }
    for kind, pair in titles.items():
        has_title = any(title.startswith(_pick(pair, lang)) for title in found)
        assert has_title == (kind in levels), kind


def test_13_1_e_recipients_with_processors_named_with_their_service(policy):
    declaration, lang, root = policy
    text = section_text(root, "recipients")
    used = {key for a in _activities(declaration) for key in a.recipients}
    for key in used:
        recipient = declaration.recipients[key]
        assert recipient.name.get(lang) in text
        if recipient.role == "processor":
            assert recipient.service is not None
            assert recipient.service.get(lang) in text
    processors = parts(section(root, "recipients"))
    if any(declaration.recipients[k].role == "processor" for k in used):
        assert _pick(("Databehandlere", "Processors"), lang) in processors


def test_13_1_f_third_country_transfers_with_safeguard_and_how_to_get_a_copy(policy):
    declaration, lang, root = policy
    text = section_text(root, "transfers")
    used = {key for a in _activities(declaration) for key in a.recipients}
    abroad = [
        declaration.recipients[k]
        for k in used
        if is_third_country(declaration.recipients[k].country)
    ]
    if not abroad:
        assert _pick(("uden for EU/EØS", "outside the EU/EEA"), lang) in text
        return
    for recipient in abroad:
        assert recipient.name.get(lang) in text
        assert _pick(SAFEGUARD_ARTICLE[recipient.transfer_safeguard], lang) in text
    assert _pick(("kopi", "copy"), lang) in text
    assert declaration.controller.email in text


def test_13_2_a_retention_period_or_criteria_for_each_activity(policy):
    declaration, lang, root = policy
    found = parts(section(root, "retention"))
    for activity in _activities(declaration):
        part = found[activity.name.get(lang)]
        for line in describe_retention(activity, lang, declaration):
            assert _squash(line) in part


def test_13_2_b_every_right_with_its_conditions(policy):
    declaration, lang, root = policy
    found = parts(section(root, "rights"))
    titles = " | ".join(found)
    for article in ("15", "16", "17", "18", "20", "21"):
        assert _pick((f"(artikel {article})", f"(Art. {article})"), lang) in titles
    portability = next(text for title, text in found.items() if "20)" in title)
    objection = next(text for title, text in found.items() if "21)" in title)
    quote = ("»{}«", "“{}”")
    for activity in _activities(declaration):
        named = _pick(quote, lang).format(activity.name.get(lang))
        covered = (
            "consent" in activity.legal_bases
            or "contract" in activity.legal_bases
            or activity.special_basis == "explicit_consent"
        )
        assert (named in portability) == covered, activity.name.get(lang)
        marketing = bool(activity.marketing_channels) or activity.data_use.startswith("marketing")
        if marketing:
            assert named in objection
    if any(a.marketing_channels for a in _activities(declaration)):
        assert _pick(("ubetinget", "unconditional"), lang) in objection
        notice = root.find(".//section[@id='rights']//p[@class='notice']")
        assert notice is not None


def test_13_2_c_withdrawing_consent_does_not_affect_earlier_processing(policy):
    declaration, lang, root = policy
    relying = [a for a in _activities(declaration) if "consent" in a.legal_bases]
    if not relying:
        assert section(root, "consent") is None
        return
    text = section_text(root, "consent")
    assert _pick(("påvirker ikke lovligheden", "does not affect the lawfulness"), lang) in text
    for activity in relying:
        purpose = declaration.consent_purposes[activity.consent]
        assert _squash(purpose.text.get(lang)) in text


def test_13_2_d_complaint_to_the_supervisory_authority_with_its_contact_data(policy):
    declaration, _lang, root = policy
    text = section_text(root, "complaint")
    authority = declaration.controller.authority
    for value in (authority.name, authority.address, authority.phone, authority.email):
        if value:
            assert value in text


def test_13_2_e_whether_data_is_required_and_what_happens_if_not(policy):
    declaration, lang, root = policy
    text = section_text(root, "required")
    for activity in _activities(declaration):
        assert activity.name.get(lang) in text
        if activity.required is not None:
            assert _squash(activity.required.get(lang)) in text


def test_13_2_f_automated_decisions(policy):
    declaration, lang, root = policy
    text = section_text(root, "automated")
    used = [a for a in _activities(declaration) if a.automated_decisions.used]
    if not used:
        assert _pick(("træffer ikke afgørelser", "do not make decisions"), lang) in text
    for activity in used:
        assert activity.name.get(lang) in text
        if activity.automated_decisions.text:
            assert _squash(activity.automated_decisions.text.get(lang)) in text
        assert _pick(("artikel 22, stk. 3", "Art. 22(3)"), lang) in text


def test_14_2_f_sources_where_data_does_not_come_from_the_subject(policy):
    declaration, lang, root = policy
    text = section_text(root, "sources")
    for activity in _activities(declaration):
        assert activity.name.get(lang) in text
        for source in activity.sources:
            if source.startswith("public:"):
                assert source.split(":", 1)[1].strip() in text
            elif source in declaration.recipients:
                assert declaration.recipients[source].name.get(lang) in text
            elif source != "data_subject":
                label = taxonomy.subject_label(source, lang, declaration)
                assert label[1:] in text  # the first letter is lower-cased in a sentence


def test_how_to_exercise_the_rights_and_the_promised_answer_time(policy):
    declaration, lang, root = policy
    text = section_text(root, "exercise")
    assert declaration.controller.email in text
    days = declaration.controller.response_days
    if days is not None and days < 31:
        assert _pick((f"senest {days} dage", f"no later than {days} days"), lang) in text
    else:
        assert _pick(("senest en måned", "no later than one month"), lang) in text
    assert _pick(("artikel 12, stk. 3", "Art. 12(3)"), lang) in text


def test_the_effective_date_and_version(policy):
    _declaration, lang, root = policy
    header = text_of(root.find(".//p[@class='version-line']"))
    assert header == _pick(
        ("Version 3, gældende fra 1. marts 2026", "Version 3, effective from 1 March 2026"), lang
    )
    text = section_text(root, "version")
    assert _pick(("version 3", "version 3"), lang) in text
    assert _pick(("1. marts 2026", "1 March 2026"), lang) in text


def test_processor_activities_are_not_in_the_policy(policy):
    declaration, lang, root = policy
    text = text_of(root)
    for activity in declaration.processor_activities.values():
        assert activity.name.get(lang) not in text
