"""persondata marketing filter --channel email|sms"""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from persondata.consent.actions import object_to_direct_marketing
from persondata.consent.tests.factories import ACTOR, consent, last_audit, make_subject

pytestmark = pytest.mark.usefixtures("declaration")


@pytest.fixture
def register():
    anna = make_subject(display_name="Anna", email="anna@example.dk", phone="+4520123456")
    consent(anna)
    consent(anna, "sms_offers")
    carl = make_subject(display_name="Carl", email="carl@example.dk")
    object_to_direct_marketing(actor=ACTOR, subject=carl)
    make_subject(display_name="Bo", email="bo@example.dk")


def _filter(tmp_path: Path, text: str, *args: str) -> tuple[str, str]:
    source = tmp_path / "list.csv"
    source.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command("marketing", "filter", "-i", str(source), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_plain_list_keeps_the_allowed_addresses_and_reports_the_rest(register, tmp_path):
    out, err = _filter(
        tmp_path,
        "anna@example.dk\nstranger@example.dk\n\ncarl@example.dk\nbo@example.dk\n",
        "--channel",
        "email",
    )
    assert out == "anna@example.dk\n"
    assert "line 2: stranger@example.dk: not eligible" in err
    assert "line 4: carl@example.dk: objected 2026-03-02" in err
    assert "line 5: bo@example.dk: not eligible" in err
    assert "1 of 4 address(es) may receive marketing by email; 3 may not" in err


def test_a_csv_list_keeps_whole_rows_and_its_header(register, tmp_path):
    text = "name;Email;town\nAnna;anna@example.dk;Odense\nCarl;carl@example.dk;Vejle\n"
    out, _err = _filter(tmp_path, text, "--channel", "email")
    assert out == "name;Email;town\nAnna;anna@example.dk;Odense\n"


def test_sms_reads_the_phone_column(register, tmp_path):
    text = "email,phone\nanna@example.dk,20 12 34 56\nbo@example.dk,+4540123456\n"
    out, err = _filter(tmp_path, text, "--channel", "sms")
    assert out == "email,phone\nanna@example.dk,20 12 34 56\n"
    assert "line 3: +4540123456: not eligible" in err


def test_the_reasons_can_go_to_a_report_file(register, tmp_path):
    report = tmp_path / "report.csv"
    _out, err = _filter(
        tmp_path, "anna@example.dk\nnonsense\n", "--channel", "email", "--report", str(report)
    )
    rows = list(csv.reader(report.open(encoding="utf-8")))
    assert rows == [["line", "address", "reason"], ["2", "nonsense", "not an e-mail address"]]
    assert f"(reasons in {report})" in err
    assert "line 2" not in err


def test_the_answer_can_be_asked_as_of_an_earlier_time(register, tmp_path):
    out, _err = _filter(
        tmp_path, "anna@example.dk\n", "--channel", "email", "--at", "2026-03-01T12:00"
    )
    assert out == ""


def test_the_run_is_audited_with_counts_only(register, tmp_path):
    _filter(tmp_path, "anna@example.dk\nbo@example.dk\n", "--channel", "email")
    audit = last_audit("marketing.filter")
    assert audit.details == {"channel": "email", "checked": 2, "eligible": 1, "via": "cli"}


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("email\nanna@example.dk\n", ("--channel", "sms"), "line 1: the CSV header has no 'phone'"),
        ("anna@example.dk\n", ("--channel", "email", "--at", "yesterday"), "--at: 'yesterday'"),
        ("anna@example.dk\n", ("--channel", "email", "--at", "2030-01-01"), "is in the future"),
    ],
)
def test_bad_lists_and_options_are_errors(register, tmp_path, text, args, message):
    with pytest.raises(CommandError, match=message):
        _filter(tmp_path, text, *args)


def test_a_missing_input_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match=r"--input: .* is not a file"):
        call_command("marketing", "filter", "--channel", "email", "-i", str(tmp_path / "no.csv"))
