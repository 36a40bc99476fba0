"""Properties of the row checker, which runs without a database: any row,
however broken, gives either a clean row or problems that name it."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from persondata.policy.loader import load_file
from persondata.subjects.importrows import IDENTITY_COLUMNS, CleanRow, RowChecker
from persondata.subjects.tests.factories import DECLARATION_PATH

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
_loaded = load_file(DECLARATION_PATH)
assert _loaded.declaration is not None
CHECKER = RowChecker(_loaded.declaration, activity="customer_administration", now=NOW)

columns = st.sampled_from([*IDENTITY_COLUMNS, "user.contact.address", "user.job_title"])
values = st.one_of(st.text(max_size=40), st.none(), st.integers(), st.lists(st.text(max_size=5)))


@settings(max_examples=300)
@given(row=st.integers(min_value=1, max_value=10**6), fields=st.dictionaries(columns, values))
def test_any_row_is_either_clean_or_has_problems_that_name_it(
    row: int, fields: dict[str, object]
) -> None:
    result = CHECKER.clean(row, fields)
    if isinstance(result, CleanRow):
        assert result.row == row
        assert result.name and result.categories
        return
    assert result
    for problem in result:
        assert problem.row == row
        assert (
            problem.column is None
            or problem.column in fields
            or problem.column
            in (
                "name",
                "categories",
                "organisation",
            )
        )
        assert str(problem).startswith(f"row {row}")


@given(
    number=st.integers(min_value=0, max_value=99_999_999),
    name=st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå ", min_size=1, max_size=30).filter(
        str.strip
    ),
)
def test_a_valid_row_is_stored_in_normal_form(number: int, name: str) -> None:
    result = CHECKER.clean(
        2,
        {
            "name": f"  {name}  ",
            "email": f"Person.{number}@Example.DK",
            "categories": "customer; contact_person;customer",
            "user.contact.address": f" Vej {number} ",
        },
    )
    assert isinstance(result, CleanRow)
    assert result.name == name.strip()
    assert result.email == f"person.{number}@example.dk"
    assert result.categories == ["customer", "contact_person"]
    assert result.records == [("user.contact.address", f"Vej {number}")]
    assert (result.collected_at, result.source, result.language) == (NOW, "data_subject", "da")
