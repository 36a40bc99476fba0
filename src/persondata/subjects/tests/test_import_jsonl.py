from __future__ import annotations

import json
from pathlib import Path

import pytest

from persondata.subjects.importers import ImportRejected, import_subjects
from persondata.subjects.models import DataSubject, Record
from persondata.subjects.tests.factories import ACTOR


def write_jsonl(directory: Path, lines: list[object | str]) -> Path:
    path = directory / "subjects.jsonl"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n",
        encoding="utf-8",
    )
    return path


def test_each_line_is_one_subject_with_categories_as_a_list_or_text(
    declaration: Path, tmp_path: Path
) -> None:
    path = write_jsonl(
        tmp_path,
        [
            {
                "name": "Jens",
                "email": "jens@example.dk",
                "categories": ["customer"],
                "user.contact.email": "jens@example.dk",
            },
            "",
            {"name": "Hanne", "categories": "customer;newsletter_subscriber", "phone": None},
        ],
    )
    report = import_subjects(path=path, activity="newsletter", actor=ACTOR)
    assert (report.imported, report.records) == (2, 1)
    hanne = DataSubject.objects.get(display_name="Hanne")
    assert hanne.categories == ["customer", "newsletter_subscriber"]
    assert Record.objects.get().value == "jens@example.dk"


def test_bad_lines_are_named_by_line_number(declaration: Path, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path,
        [
            {"name": "Jens", "categories": ["customer"], "cpr": 2110625629},
            "[1, 2]",
            '{"name": "Hanne", ',
            {"categories": ["customer"], "user.shoe_size": "44"},
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        import_subjects(path=path, activity="newsletter", actor=ACTOR)
    assert [str(p) for p in caught.value.problems] == [
        "row 1, column cpr: give the value as a JSON string, not int",
        "row 2: is not a JSON object",
        "row 3: is not valid JSON: Expecting property name enclosed in double quotes",
        "row 4, column name: is missing",
        "row 4, column user.shoe_size: 'user.shoe_size' is neither an identity column (name, "
        "email, phone, customer_number, cpr, categories, organisation, organisation_cvr, "
        "collected_at, source, language) nor a known data category",
    ]
    assert not DataSubject.objects.exists()
