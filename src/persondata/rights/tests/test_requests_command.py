"""`persondata requests`: staff handle requests from the command line, with days left."""

from __future__ import annotations

import json
from datetime import date, datetime, time
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from persondata.rights.models import RightsRequest
from persondata.rights.tests.factories import make_request, staff_user, verified_request

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def run(*args: str) -> str:
    out = StringIO()
    call_command("requests", *args, stdout=out)
    return out.getvalue()


def test_list_shows_days_left_and_marks_what_is_urgent(customer):
    make_request("access")  # due 27 March
    make_request(
        "erasure", channel="letter", received_at=datetime(2026, 2, 3, 9, tzinfo=COPENHAGEN)
    )
    with time_machine.travel(datetime.combine(date(2026, 3, 2), time(12), COPENHAGEN)):
        output = run("list")
    lines = {
        line.split("│")[1].strip(): line
        for line in output.splitlines()
        if "│" in line and line.split("│")[1].strip().isdigit()
    }
    assert "25" in lines["1"]
    # Received 3 February under the 25-day promise: due 27 February, 3 days ago.
    assert "-3 (overdue)" in lines["2"]


def test_list_marks_near_due_and_due_today(customer):
    make_request("access")
    with time_machine.travel(datetime.combine(date(2026, 3, 24), time(12), COPENHAGEN)):
        assert "3 (near due)" in run("list")
    with time_machine.travel(datetime.combine(date(2026, 3, 27), time(12), COPENHAGEN)):
        assert "0 (due today)" in run("list")


def test_list_as_json(customer):
    make_request("access")
    (row,) = json.loads(run("list", "--json"))
    assert row["number"] == 1
    assert row["deadline"] == "2026-03-27"
    assert row["days_left"] == 25
    assert row["urgency"] == "on_time"
    assert row["verified"] is False


def test_staff_take_a_phone_request_from_intake_to_closing(customer, tmp_path: Path):
    staff_user()
    created = run(
        "--actor",
        "staff:karen",
        "create",
        "--kind",
        "access",
        "--channel",
        "phone",
        "--name",
        "Mette Holm",
        "--language",
        "en",
    )
    assert created.startswith("request 1: received; answer by 2026-03-27")
    assert "verified; the person is found" in run(
        "verify",
        "1",
        "--how",
        "called back on the registered number",
        "--email",
        "mette.holm@example.dk",
    )
    assert "assigned to karen" in run("assign", "1", "karen")
    assert "extended until 2026-06-02; the notice was e-mailed" in run(
        "extend", "1", "--months", "2", "--reason", "three systems to search"
    )
    assert "answer files: access-report-1.html" in run("execute", "1")
    assert "download link e-mailed to mette.holm@example.dk" in run("answer", "1")
    written = run("documents", "1", "--out", str(tmp_path))
    assert "3 file(s) written" in written
    assert (tmp_path / "access-report-1.pdf").read_bytes().startswith(b"%PDF")
    assert "closed (completed)" in run("close", "1")
    shown = run("show", "1")
    assert "deadline 2026-06-02" in shown
    for step in ("received", "verified", "assigned", "extended", "executed", "answered", "closed"):
        assert step in shown
    details = json.loads(run("show", "1", "--json"))
    assert details["status"] == "closed"
    assert [d["name"] for d in details["documents"] if d["bundle"]]
    assert len(mail.outbox) == 2


def test_refusals_are_one_clear_error(customer):
    make_request("access")
    with pytest.raises(CommandError, match="is not verified; an unverified request is never"):
        run("execute", "1")
    with pytest.raises(CommandError, match="reason: is required"):
        run("extend", "1", "--months", "1", "--reason", " ")
    with pytest.raises(CommandError, match="there is no request 9"):
        run("show", "9")
    with pytest.raises(CommandError, match="there is no user 'nobody'"):
        run("assign", "1", "nobody")
    assert RightsRequest.objects.get().status == "received"


def test_rectification_from_the_command_line(customer):
    verified_request("rectification")
    record = customer.records["address"].pk
    assert "proposal 1 waits for review" in run(
        "propose", "1", "--record", str(record), "--value", "Nørregade 2, 5000 Odense C"
    )
    assert "proposal 1 accepted" in run("review", "1", "--accept")
    assert "carried out" in run("execute", "1")


def test_remind_and_purge(customer):
    rights_request = make_request("access")
    from persondata.rights.actions import assign_request

    assign_request(actor="t", rights_request=rights_request, user=staff_user())
    assert run("remind", "--date", "2026-03-20") == "1 reminder(s) sent\n"
    assert run("remind", "--date", "2026-03-20") == "0 reminder(s) sent\n"
    assert "0 answer file(s) removed" in run("purge")
