"""`persondata requests`: staff handle requests from the command line, with days left."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from persondata.rights.actions import assign_request
from persondata.rights.models import RectificationProposal, RightsRequest
from persondata.rights.tests.factories import make_request, staff_user, verified_request

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def run(*args: str) -> str:
    out = StringIO()
    call_command("requests", *args, stdout=out)
    return out.getvalue()


def _row(output: str, number: int) -> str:
    """The table row of request ``number``."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) > 2 and cells[1] == str(number):
            return line
    raise AssertionError(f"no row for request {number} in:\n{output}")


def _on(day: date):
    return time_machine.travel(datetime.combine(day, time(12), COPENHAGEN), tick=False)


def test_list_shows_days_left_and_marks_what_is_urgent(customer):
    fresh = make_request("access")  # due 27 March
    late = make_request(
        "erasure", channel="letter", received_at=datetime(2026, 2, 3, 9, tzinfo=COPENHAGEN)
    )
    output = run("list")
    assert "25" in _row(output, fresh.pk)
    # Received 3 February under the 25-day promise: due 27 February, 3 days ago.
    assert "-3 (overdue)" in _row(output, late.pk)
    # The most urgent comes first.
    assert output.index(_row(output, late.pk)) < output.index(_row(output, fresh.pk))


def test_list_marks_near_due_and_due_today(customer):
    rights_request = make_request("access")
    with _on(date(2026, 3, 24)):
        assert "3 (near due)" in _row(run("list"), rights_request.pk)
    with _on(date(2026, 3, 27)):
        assert "0 (due today)" in _row(run("list"), rights_request.pk)


def test_list_as_json(customer):
    rights_request = make_request("access")
    (row,) = json.loads(run("list", "--json"))
    assert row["number"] == rights_request.pk
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
    match = re.match(r"request (\d+): received; answer by 2026-03-27", created)
    assert match, created
    number = match.group(1)
    assert "verified; the person is found" in run(
        "verify",
        number,
        "--how",
        "called back on the registered number",
        "--email",
        "mette.holm@example.dk",
    )
    assert "assigned to karen" in run("assign", number, "karen")
    assert "extended until 2026-06-02; the notice was e-mailed" in run(
        "extend", number, "--months", "2", "--reason", "three systems to search"
    )
    assert f"answer files: access-report-{number}.html" in run("execute", number)
    assert "download link e-mailed to mette.holm@example.dk" in run("answer", number)
    written = run("documents", number, "--out", str(tmp_path))
    assert "3 file(s) written" in written
    assert (tmp_path / f"access-report-{number}.pdf").read_bytes().startswith(b"%PDF")
    assert "closed (completed)" in run("close", number)
    shown = run("show", number)
    assert "deadline 2026-06-02" in shown
    for step in ("received", "verified", "assigned", "extended", "executed", "answered", "closed"):
        assert step in shown
    details = json.loads(run("show", number, "--json"))
    assert details["status"] == "closed"
    assert [d["name"] for d in details["documents"] if d["bundle"]]
    assert len(mail.outbox) == 2


def test_show_prints_the_labels_in_english_whatever_the_site_language(customer):
    rights_request = make_request("access", channel="phone")
    with translation.override("da"):
        shown = run("show", str(rights_request.pk))
        assert str(RightsRequest.Kind.ACCESS.label) == "indsigt (art. 15)"
    assert f"request {rights_request.pk}: access (Art. 15), received" in shown
    assert "by phone;" in shown


def test_refusals_are_one_clear_error(customer):
    number = str(make_request("access").pk)
    with pytest.raises(CommandError, match="is not verified; an unverified request is never"):
        run("execute", number)
    with pytest.raises(CommandError, match="reason: is required"):
        run("extend", number, "--months", "1", "--reason", " ")
    with pytest.raises(CommandError, match="there is no user 'nobody'"):
        run("assign", number, "nobody")
    with pytest.raises(CommandError, match=r"there is no request 0"):
        run("show", "0")
    assert RightsRequest.objects.get().status == "received"


def test_rectification_from_the_command_line(customer):
    number = str(verified_request("rectification").pk)
    record = customer.records["address"].pk
    proposed = run(
        "propose", number, "--record", str(record), "--value", "Nørregade 2, 5000 Odense C"
    )
    proposal = RectificationProposal.objects.get()
    assert proposed == f"proposal {proposal.pk} waits for review\n"
    assert f"proposal {proposal.pk} accepted" in run("review", str(proposal.pk), "--accept")
    assert "carried out" in run("execute", number)


def test_remind_and_purge(customer):
    rights_request = make_request("access")
    assign_request(actor="t", rights_request=rights_request, user=staff_user())
    assert run("remind", "--date", "2026-03-20") == "1 reminder(s) sent\n"
    assert run("remind", "--date", "2026-03-20") == "0 reminder(s) sent\n"
    assert "0 answer file(s) removed" in run("purge")
