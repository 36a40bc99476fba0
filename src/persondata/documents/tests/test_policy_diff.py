"""What changed between two declarations, in words a reader of the policy understands."""

from __future__ import annotations

from persondata.documents.policy_diff import describe_changes
from persondata.documents.tests.declarations import REAL_FILES, build, load, minimal_dict

CLOUD = {
    "name": "Cloud Inc.",
    "role": "processor",
    "service": {"da": "Drift af CRM", "en": "CRM hosting"},
    "country": "US",
    "dpa_signed": "2024-05-01",
    "transfer_safeguard": "scc",
}


def test_the_same_declaration_has_no_changes():
    declaration = load(REAL_FILES["eksempel"])
    assert describe_changes(declaration, declaration, "da") == []
    assert describe_changes(declaration, declaration, "en") == []


def test_an_added_activity_is_a_new_purpose_and_a_removed_one_has_ended():
    old = minimal_dict()
    new = minimal_dict()
    new["activities"]["newsletter"] = {
        **new["activities"]["customers"],
        "name": {"da": "Nyhedsbrev", "en": "Newsletter"},
    }
    assert describe_changes(build(old), build(new), "da") == ["Nyt formål: »Nyhedsbrev«."]
    assert describe_changes(build(new), build(old), "en") == ["The purpose “Newsletter” has ended."]


def test_a_retention_change_reads_from_the_old_rule_to_the_new():
    old = minimal_dict()
    new = minimal_dict()
    new["activities"]["customers"]["retention"] = [{"keep": "3y", "after": "relationship_ended"}]
    assert describe_changes(build(old), build(new), "da") == [
        "Opbevaringsperioden for »Kundeforhold« er ændret fra »Opbevares i 5 år efter "
        "samarbejdets ophør« til »Opbevares i 3 år efter samarbejdets ophør«."
    ]
    assert describe_changes(build(old), build(new), "en") == [
        "The retention of “Customer relations” changed from “Kept for 5 years after our "
        "relationship ends” to “Kept for 3 years after our relationship ends”."
    ]


def test_a_new_processor_is_named_with_its_service_and_country():
    old = minimal_dict()
    new = minimal_dict()
    new["recipients"] = {"cloud": CLOUD}
    new["activities"]["customers"]["recipients"] = ["cloud"]
    assert describe_changes(build(old), build(new), "en") == [
        "“Customer relations” now also discloses data to “Cloud Inc.”.",
        "New processor: “Cloud Inc.” (CRM hosting, the United States).",
    ]
    assert describe_changes(build(old), build(new), "da")[1] == (
        "Ny databehandler: »Cloud Inc.« (Drift af CRM, USA)."
    )


def test_a_moved_processor_and_a_new_safeguard_are_reported():
    old = minimal_dict()
    old["recipients"] = {"cloud": CLOUD}
    new = minimal_dict()
    new["recipients"] = {"cloud": {**CLOUD, "country": "GB", "transfer_safeguard": "adequacy"}}
    assert describe_changes(build(old), build(new), "en") == [
        "The country of “Cloud Inc.” changed from “the United States” to “the United Kingdom”.",
        "The transfer safeguard for “Cloud Inc.” changed from “standard contractual clauses "
        "(Art. 46(2)(c))” to “adequacy decision (Art. 45)”.",
    ]


def test_changed_data_subjects_and_legal_basis_are_named():
    old = minimal_dict()
    new = minimal_dict()
    new["subject_categories"]["prospect"] = {"da": "Kundeemner", "en": "Prospects"}
    activity = new["activities"]["customers"]
    activity["subjects"] = ["customer", "prospect"]
    activity["data"] = ["user.name"]
    activity["legal_bases"] = ["contract", "legitimate_interest"]
    activity["legitimate_interests"] = {"da": "At følge op", "en": "To follow up"}
    assert describe_changes(build(old), build(new), "en") == [
        "The legal basis of “Customer relations” changed from “contract (Art. 6(1)(b))” to "
        "“contract (Art. 6(1)(b)) and legitimate interests (Art. 6(1)(f))”.",
        "Our legitimate interests in “Customer relations” changed from (nothing) to "
        "“To follow up”.",
        "“Customer relations” now also concerns “Prospects”.",
        "“Customer relations” no longer processes “E-mail address”.",
    ]


def test_controller_contact_and_consent_text_changes_are_reported():
    old = minimal_dict()
    old["consent_purposes"] = {"news": {"version": 1, "text": "Send mig nyheder."}}
    new = minimal_dict()
    new["controller"]["address"] = "Havnen 2, 7100 Vejle"
    new["consent_purposes"] = {"news": {"version": 2, "text": "Send mig nyheder og tilbud."}}
    assert describe_changes(build(old), build(new), "da") == [
        "Vores adresse er ændret fra »Smedevej 1, 7100 Vejle« til »Havnen 2, 7100 Vejle«.",
        "Samtykketeksten for »news« er ændret fra »Send mig nyheder.« til "
        "»Send mig nyheder og tilbud.« (version 2).",
    ]


def test_an_activity_that_becomes_a_processor_activity_leaves_the_policy():
    old = minimal_dict()
    new = minimal_dict()
    new["activities"]["customers"]["role"] = "processor"
    new["activities"]["customers"]["on_behalf_of"] = ["Kunde A/S"]
    assert describe_changes(build(old), build(new), "en") == [
        "The purpose “Customer relations” has ended."
    ]
