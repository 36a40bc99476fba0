"""External datastores plug into access and erasure through the registry,
without any change to the execution code."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from persondata.rights.datastores import (
    REGISTER,
    ErasurePlan,
    ErasureResult,
    FoundItem,
    register_datastore,
    registered_datastores,
    unregister_datastore,
)
from persondata.rights.execution import execute_request
from persondata.rights.models import RequestStep
from persondata.rights.tests.factories import ACTOR, verified_request
from persondata.rights.tests.reports import report_html, report_json
from persondata.subjects.models import DataSubject


@dataclass
class FakeCrm:
    """A CRM holding a phone number and a purchase note per e-mail address."""

    name: str = "crm"
    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    plans: list[ErasurePlan] = field(default_factory=list)
    fail_on: set[str] = field(default_factory=set)
    explode: bool = False

    def access(self, subject: DataSubject, *, actor: str, purpose: str) -> list[FoundItem]:
        row = self.rows.get(subject.email, {})
        return [
            FoundItem(self.name, "record", category, value, reference=f"crm.customers.{category}")
            for category, value in row.items()
        ]

    def erase(
        self, subject: DataSubject, plan: ErasurePlan, *, actor: str, reason: str
    ) -> ErasureResult:
        if self.explode:
            raise RuntimeError("connection refused")
        self.plans.append(plan)
        row = self.rows.get(subject.email, {})
        result = ErasureResult(datastore=self.name)
        for category in list(row):
            if plan.keeps(category):
                result.kept += 1
            elif category in self.fail_on:
                result.failures.append(f"crm.customers.{category}: column is NOT NULL")
            else:
                del row[category]
                result.erased += 1
        return result


@pytest.fixture
def crm(customer) -> Iterator[FakeCrm]:
    store = FakeCrm(
        rows={
            customer.subject.email: {
                "user.contact.phone_number": "+4520304050",
                "user.name": "Mette H.",
            }
        }
    )
    register_datastore(store)
    yield store
    unregister_datastore(store.name)


def test_the_register_is_always_the_first_datastore(crm):
    names = [store.name for store in registered_datastores()]
    assert names == [REGISTER, "crm"]


def test_an_access_report_includes_what_another_datastore_holds(crm):
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("access"))
    report = report_json(rights_request)
    crm_rows = [row for row in report["data"] if row["datastore"] == "crm"]
    assert {row["value"] for row in crm_rows} == {"+4520304050", "Mette H."}
    assert "+4520304050" in report_html(rights_request)


def test_an_erasure_runs_the_same_plan_on_every_datastore(crm):
    execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    (plan,) = crm.plans
    # The name is kept for bookkeeping in the register, so the CRM keeps it too.
    assert plan.keeps("user.name")
    assert not plan.keeps("user.contact.phone_number")
    assert crm.rows["mette.holm@example.dk"] == {"user.name": "Mette H."}


def test_a_datastore_that_cannot_erase_reports_it_and_the_answer_says_so(crm):
    crm.fail_on.add("user.contact.phone_number")
    rights_request = execute_request(
        actor=ACTOR, rights_request=verified_request("erasure", language="en")
    )
    step = rights_request.steps.get(kind=RequestStep.Kind.EXECUTED)
    assert step.detail["datastores"]["crm"] == {"erased": 0, "kept": 1, "failures": 1}
    assert "the erasure could not be completed yet" in report_html(rights_request)


def test_a_broken_datastore_is_a_failure_not_a_silent_success(crm):
    crm.explode = True
    rights_request = execute_request(actor=ACTOR, rights_request=verified_request("erasure"))
    step = rights_request.steps.get(kind=RequestStep.Kind.EXECUTED)
    assert step.detail["datastores"]["crm"]["failures"] == 1
    # The register's own erasure still happened.
    assert step.detail["datastores"][REGISTER]["erased"] == 3


def test_names_are_unique_and_the_register_cannot_be_removed(crm):
    with pytest.raises(ValueError, match="already registered"):
        register_datastore(FakeCrm())
    with pytest.raises(ValueError, match="cannot be removed"):
        unregister_datastore(REGISTER)
    with pytest.raises(ValueError, match="no datastore named 'erp'"):
        unregister_datastore("erp")
