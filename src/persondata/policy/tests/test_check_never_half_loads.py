"""Properties of the check over many damaged copies of the demo: it never
crashes, every problem points at a real place in the file, and a text with
any error yields no declaration (SPEC 2: the check never half-loads)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from persondata.policy.loader import LoadResult
from persondata.policy.tests.declaration_texts import check, demo_text

LINES = demo_text().split("\n")
DAMAGE = st.sampled_from(["delete", "duplicate", "dedent", "indent", "truncate", "garble"])


def damaged(line: int, how: str, junk: str) -> str:
    lines = list(LINES)
    text = lines[line]
    if how == "delete":
        del lines[line]
    elif how == "duplicate":
        lines.insert(line, text)
    elif how == "dedent":
        lines[line] = text.removeprefix("  ")
    elif how == "indent":
        lines[line] = "  " + text
    elif how == "truncate":
        lines[line] = text[: len(text) // 2]
    else:
        middle = len(text) // 2
        lines[line] = text[:middle] + junk + text[middle:]
    return "\n".join(lines)


def assert_sound(result: LoadResult, text: str) -> None:
    line_count = text.count("\n") + 1
    for problem in result.problems:
        assert 1 <= problem.line <= line_count, str(problem)
        assert problem.column >= 1, str(problem)
        assert problem.message and problem.message[0] != " "
    if result.errors:
        assert result.declaration is None
        assert not result.ok
    else:
        assert result.declaration is not None
        assert result.ok


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    line=st.integers(min_value=0, max_value=len(LINES) - 1),
    how=DAMAGE,
    junk=st.text(alphabet=":-[]{}&*!|>'\"#,? \tx0", min_size=1, max_size=4),
)
def test_a_damaged_demo_is_either_fully_loaded_or_refused_with_located_problems(
    line: int, how: str, junk: str
) -> None:
    text = damaged(line, how, junk)
    assert_sound(check(text), text)


def test_deleting_any_activity_key_line_is_an_error_not_a_crash() -> None:
    # Every activity's `retention:` line: without it the rules hang under another key.
    for index, text in enumerate(LINES):
        if text == "    retention:":
            broken = damaged(index, "delete", "")
            result = check(broken)
            assert result.errors, f"line {index + 1}"
            assert_sound(result, broken)
