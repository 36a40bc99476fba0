"""The policy page is valid HTML with a language, ordered headings and escaped text."""

from __future__ import annotations

import itertools

import pytest

from persondata.documents.privacy_policy import build_policy
from persondata.documents.rendering import render_policy_html, render_policy_markdown
from persondata.documents.tests.declarations import REAL_FILES, build, load, minimal_dict
from persondata.documents.tests.html_reading import headings, parse_strict, text_of

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize("name", sorted(REAL_FILES))
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("standalone", [False, True])
def test_the_policy_parses_without_errors_and_declares_its_language(name, lang, standalone):
    html = render_policy_html(build_policy(load(REAL_FILES[name]), lang), standalone=standalone)
    root = parse_strict(html)
    assert root.get("lang") == lang


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_headings_start_with_one_h1_and_never_skip_a_level(name):
    root = parse_strict(render_policy_html(build_policy(load(REAL_FILES[name]), "da")))
    found = headings(root)
    assert found[0][0] == 1
    assert [level for level, _text in found].count(1) == 1
    for (previous, _a), (level, text) in itertools.pairwise(found):
        assert level <= previous + 1, f"heading '{text}' skips from h{previous} to h{level}"
        assert text


def _hostile_declaration():
    data = minimal_dict()
    data["controller"]["name"] = f"Evil & Co {SCRIPT}"
    activity = data["activities"]["customers"]
    activity["name"] = {"da": SCRIPT, "en": SCRIPT}
    activity["description"] = "<img src=x onerror=alert(1)> *not bold* [link](javascript:x)"
    activity["legal_bases"] = ["legitimate_interest"]
    activity["legitimate_interests"] = "</section><h1>injected</h1>"
    return build(data)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_declaration_text_is_escaped_and_shown_as_text(lang):
    html = render_policy_html(build_policy(_hostile_declaration(), lang), standalone=True)
    root = parse_strict(html)
    assert root.find(".//script") is None
    assert root.find(".//img") is None
    assert [text for level, text in headings(root) if level == 1] == [text_of(root.find(".//h1"))]
    assert "injected" not in [text for _level, text in headings(root)]
    text = text_of(root)
    assert SCRIPT in text
    assert "</section><h1>injected</h1>" in text
    assert "&lt;script&gt;" in html


def test_markdown_escapes_markup_and_html_from_the_declaration():
    markdown = render_policy_markdown(build_policy(_hostile_declaration(), "en"))
    assert "<script>" not in markdown
    assert "<img" not in markdown
    assert "&lt;script&gt;" in markdown or "&lt;script>" in markdown
    assert "\\*not bold\\*" in markdown
    assert "\\[link\\]" in markdown
    assert markdown.startswith("# Privacy policy for Evil &amp; Co")


@pytest.mark.parametrize("name", sorted(REAL_FILES))
def test_markdown_has_the_same_sections_as_the_html(name):
    policy = build_policy(load(REAL_FILES[name]), "da")
    markdown = render_policy_markdown(policy)
    titles = [line[3:] for line in markdown.splitlines() if line.startswith("## ")]
    assert len(titles) == len(policy.sections)
    assert "\n\n\n" not in markdown


def test_only_danish_and_english_policies_exist():
    with pytest.raises(ValueError, match="choose 'da' or 'en'"):
        build_policy(load(REAL_FILES["demo"]), "de")
