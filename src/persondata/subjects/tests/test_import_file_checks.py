"""The file as a whole: size, encoding, format and emptiness are checked first."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import override_settings

from persondata.subjects.actions import RegisterError
from persondata.subjects.importers import ImportRejected, import_subjects
from persondata.subjects.models import DataSubject
from persondata.subjects.tests.factories import ACTOR, write_csv


def test_a_2_gb_file_is_refused_before_it_is_read(declaration: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(2 * 1024**3)  # sparse: takes no space on disk
    with pytest.raises(ImportRejected) as caught:
        import_subjects(path=path, activity="customer_administration", actor=ACTOR)
    assert str(caught.value.problems[0]) == (
        "the file is 2,147,483,648 bytes; the largest accepted is 1,073,741,824 bytes "
        "(PERSONDATA_IMPORT_MAX_BYTES). Split it into smaller files."
    )


def test_the_size_limit_is_a_setting(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,categories\nJens,customer\n")
    with override_settings(IMPORT_MAX_BYTES=10), pytest.raises(ImportRejected, match="bytes"):
        import_subjects(path=path, activity="customer_administration", actor=ACTOR)
    assert not DataSubject.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_naming_the_row_and_byte(
    declaration: Path, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("name,categories\nJens,customer\nSøren,customer\n".encode("latin-1"))
    with pytest.raises(ImportRejected) as caught:
        import_subjects(
            path=path, activity="customer_administration", actor=ACTOR, skip_invalid=True
        )
    assert str(caught.value.problems[0]) == (
        "row 3: byte 32 (b'\\xf8') is not UTF-8; the file must be UTF-8 (in Excel: save as "
        "'CSV UTF-8'); nothing was imported"
    )
    assert not DataSubject.objects.exists()


def test_an_empty_file_is_refused(declaration: Path, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(ImportRejected, match="the file is empty"):
        import_subjects(path=path, activity="customer_administration", actor=ACTOR)


def test_a_file_of_unknown_format_is_refused(declaration: Path, tmp_path: Path) -> None:
    path = tmp_path / "subjects.xlsx"
    path.write_bytes(b"PK")
    with pytest.raises(ImportRejected, match=r"name the file .csv or .jsonl"):
        import_subjects(path=path, activity="customer_administration", actor=ACTOR)


def test_a_missing_file_is_refused(declaration: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRejected, match="cannot read"):
        import_subjects(path=tmp_path / "nope.csv", activity="customer_administration", actor=ACTOR)


def test_an_undeclared_activity_is_refused_before_reading(
    declaration: Path, tmp_path: Path
) -> None:
    path = write_csv(tmp_path, "name,categories\nJens,customer\n")
    with pytest.raises(RegisterError, match="'lottery' is not a declared activity"):
        import_subjects(path=path, activity="lottery", actor=ACTOR)
