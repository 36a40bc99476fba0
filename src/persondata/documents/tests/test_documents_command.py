"""persondata documents policy|policy-diff|records|recipients"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from persondata.documents.tests.applied import apply_data, apply_file, at
from persondata.documents.tests.declarations import EKSEMPEL, load, minimal_dict
from persondata.documents.tests.html_reading import parse_strict, text_of


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("documents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_policy_as_markdown_from_a_file_needs_no_database():
    out, _err = _run("policy", "--file", str(EKSEMPEL), "--format", "md", "--lang", "en")
    assert out.startswith("# Privacy policy for Eksempel Service ApS\n")
    assert "## Your rights" in out


def test_policy_as_standalone_html_has_its_style_inline(tmp_path):
    target = tmp_path / "politik.html"
    _out, err = _run("policy", "--file", str(EKSEMPEL), "-o", str(target))
    assert err.strip() == f"wrote {target}"
    root = parse_strict(target.read_text(encoding="utf-8"))
    assert root.get("lang") == "da"
    assert root.find(".//style") is not None
    assert root.find(".//link") is None


def test_a_pdf_without_o_is_written_to_a_named_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _out, err = _run("policy", "--file", str(EKSEMPEL), "--format", "pdf", "--lang", "en")
    assert err.strip() == "wrote privacy-policy.pdf"
    assert (tmp_path / "privacy-policy.pdf").read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
def test_policy_of_an_applied_version(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    changed = minimal_dict()
    changed["controller"]["name"] = "Ny Smedie ApS"
    apply_data(tmp_path, changed, at(2026, 2, 10))
    out, _err = _run("policy", "--version", "1", "--format", "md")
    assert out.startswith("# Privatlivspolitik for Smedie Jensen ApS\n\n*Version 1, gældende fra")
    current, _err = _run("policy", "--format", "md")
    assert current.startswith("# Privatlivspolitik for Ny Smedie ApS")


@pytest.mark.django_db
def test_policy_diff_prints_the_changes_in_words(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    changed = minimal_dict()
    changed["controller"]["email"] = "privatliv@smedie-jensen.dk"
    apply_data(tmp_path, changed, at(2026, 2, 10))
    out, _err = _run("policy-diff", "1", "2", "--lang", "en")
    assert out == (
        "- Our e-mail address changed from “kontor@smedie-jensen.dk” to "
        "“privatliv@smedie-jensen.dk”.\n"
    )
    same, _err = _run("policy-diff", "2", "2")
    assert same == "no changes to the privacy policy from version 2 to version 2\n"


@pytest.mark.django_db
def test_records_as_xlsx_to_a_file(tmp_path):
    apply_file(EKSEMPEL, at(2026, 1, 10))
    target = tmp_path / "fortegnelse.xlsx"
    _run("records", "--kind", "controller", "--format", "xlsx", "-o", str(target))
    sheet = load_workbook(target).worksheets[0]
    assert sheet.max_row == 1 + len(load(EKSEMPEL).controller_activities)


def test_records_and_recipients_as_csv_and_html_on_standard_output():
    csv_out, _err = _run(
        "records", "--kind", "processor", "--format", "csv", "--file", str(EKSEMPEL)
    )
    assert csv_out.splitlines()[0].startswith('"Dataansvarlig, som vi behandler for')
    html_out, _err = _run("recipients", "--format", "html", "--lang", "en", "--file", str(EKSEMPEL))
    root = parse_strict(html_out)
    assert text_of(root.find(".//h1")) == "Register of recipients and processors"
    assert "from a declaration file that is not applied" in text_of(root)


@pytest.mark.django_db
def test_no_applied_declaration_is_a_clear_error():
    with pytest.raises(CommandError, match="no declaration has been applied yet"):
        _run("policy")


@pytest.mark.django_db
def test_an_unknown_version_names_the_versions_that_exist(tmp_path):
    apply_data(tmp_path, minimal_dict(), at(2026, 1, 10))
    with pytest.raises(CommandError, match="there is no version 4; the versions are 1"):
        _run("records", "--version", "4")
    with pytest.raises(CommandError, match="there is no version 3"):
        _run("policy-diff", "1", "3")


def test_a_file_with_errors_writes_nothing(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ncontroller: {name: X}\n", encoding="utf-8")
    target = tmp_path / "out.html"
    err = io.StringIO()
    with pytest.raises(CommandError, match="has errors; no document was written"):
        call_command("documents", "policy", "--file", str(broken), "-o", str(target), stderr=err)
    assert "broken.yaml:" in err.getvalue()
    assert not target.exists()


def test_file_and_version_together_are_refused():
    with pytest.raises(CommandError, match="give either --file or --version, not both"):
        _run("policy", "--file", str(EKSEMPEL), "--version", "1")


def test_an_unwritable_output_is_a_clear_error(tmp_path):
    target = tmp_path / "missing-folder" / "policy.md"
    with pytest.raises(CommandError, match="cannot write"):
        _run("policy", "--file", str(EKSEMPEL), "--format", "md", "-o", str(target))
