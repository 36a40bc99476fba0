"""Portability (Art. 20): the data the person gave us under consent or contract,
as JSON and CSV in one zip; legitimate-interest and legal-obligation data are left out."""

from __future__ import annotations

import csv
import io
import json

from persondata.rights.answers import portable_items
from persondata.rights.datastores import FoundItem
from persondata.rights.execution import execute_request
from persondata.rights.tests.factories import ACTOR, EMAIL, verified_request
from persondata.rights.tests.reports import file_ending, unzip


def _export(customer):
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("portability"))
    return unzip(file_ending(rights_request, ".zip"))


def test_portability_excludes_legitimate_interest_data(customer):
    files = _export(customer)
    data = json.loads(files["data.json"])
    categories = {row["category"] for row in data["records"]}
    # Purchase history (offers to existing customers) and the IP address (security
    # log) rest on legitimate interests only; the invoice on a legal obligation only.
    assert "user.behavior.purchase_history" not in categories
    assert "user.device.ip_address" not in categories
    assert "user.payment" not in categories
    assert categories == {"user.name", "user.contact.email", "user.contact.address"}


def test_only_the_consent_and_contract_activities_are_named(customer):
    data = json.loads(_export(customer)["data.json"])
    activities = {row["category"]: row["activities"] for row in data["records"]}
    assert activities["user.contact.email"] == ["subscriptions", "newsletter"]
    assert activities["user.contact.address"] == ["subscriptions"]


def test_the_csv_holds_the_same_rows(customer):
    files = _export(customer)
    rows = list(csv.DictReader(io.StringIO(files["data.csv"].decode("utf-8"))))
    assert [r["category"] for r in rows] == [
        "user.name",
        "user.contact.email",
        "user.contact.address",
    ]
    assert rows[1]["value"] == EMAIL
    assert rows[2]["value"] == "Vestergade 1, 5000 Odense C"


def test_data_from_others_is_not_portable(demo):
    from persondata.policy.queries import current_declaration

    declaration = current_declaration()
    assert declaration is not None
    items = [
        FoundItem(
            "register",
            "record",
            "user.name",
            "A",
            source="customer",
            held_for=(("subscriptions", None),),
        ),
        FoundItem(
            "register",
            "record",
            "user.name",
            "B",
            source="data_subject",
            held_for=(("subscriptions", None),),
        ),
        FoundItem("register", "event", "last_purchase", "", held_for=(("subscriptions", None),)),
    ]
    assert [i.value for i in portable_items(items, declaration)] == ["B"]
