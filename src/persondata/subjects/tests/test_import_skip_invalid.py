from __future__ import annotations

from pathlib import Path

import pytest

from persondata.audit.models import AuditEntry
from persondata.subjects.importers import ImportRejected, import_subjects
from persondata.subjects.models import DataSubject
from persondata.subjects.tests.factories import ACTOR, make_subject, write_csv


def test_skip_invalid_imports_the_good_rows_and_reports_each_skipped_one(
    declaration: Path, tmp_path: Path
) -> None:
    make_subject(email="taken@example.dk")
    path = write_csv(
        tmp_path,
        """
        name,email,cpr,categories
        Jens,jens@example.dk,,customer
        Hanne,x@,320162-1234,customer
        Ole,ole@example.dk,,customer
        Jens igen,jens@example.dk,,customer
        Optaget,taken@example.dk,,customer
        Bo,bo@example.dk,,customer,extra
        """,
    )
    report = import_subjects(
        path=path, activity="customer_administration", actor=ACTOR, skip_invalid=True
    )
    assert (report.rows, report.imported) == (6, 2)
    assert report.skipped_rows == [3, 5, 6, 7]
    assert [str(p) for p in report.skipped][:3] == [
        "row 3, column cpr: '320162-****' is not a CPR number: 32-01-62 is not a date",
        "row 3, column email: 'x@' is not an e-mail address",
        "row 5, column email: the same e-mail address as row 2",
    ]
    assert sorted(DataSubject.objects.values_list("display_name", flat=True)) == [
        "Jens",
        "Jens Hansen",
        "Ole",
    ]
    summary = AuditEntry.objects.get(action="subjects.import")
    assert summary.details["skipped_rows"] == [3, 5, 6, 7]
    assert summary.details["imported"] == 2


def test_a_bad_header_is_refused_even_with_skip_invalid(declaration: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path, "name,categories,user.shoe_size\nJens,customer,44\n")
    with pytest.raises(ImportRejected, match=r"user.shoe_size"):
        import_subjects(
            path=path, activity="customer_administration", actor=ACTOR, skip_invalid=True
        )
    assert not DataSubject.objects.exists()
