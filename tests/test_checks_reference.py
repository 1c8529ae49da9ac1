"""docs/checks.md's table of rules is generated from the registry (each rule's docstring):
this test fails when the page is stale, or when a rule has no docstring to give it."""

from __future__ import annotations

import inspect

import pytest

from kapmail.checks import REGISTRY
from kapmail.checks.reference import END, START, table, updated
from tests.conftest import ROOT

PAGE = ROOT / "docs" / "checks.md"


def test_the_checks_page_is_current():
    page = PAGE.read_text(encoding="utf-8")
    assert page == updated(page), (
        "docs/checks.md is stale: run `python -m kapmail.checks.reference docs/checks.md`"
    )


def test_every_rule_has_a_docstring_with_its_severity():
    bare = [r.id for r in REGISTRY.rules.values() if "Severity:" not in (r.check.__doc__ or "")]
    assert not bare, f"rules without a 'Severity:' docstring: {bare}"


def test_every_rule_is_in_the_table_once():
    rows = [line.split(" | ")[0].lstrip("| ") for line in table().splitlines()[2:]]
    assert sorted(rows) == sorted(REGISTRY.rules)


def test_a_changed_docstring_makes_the_page_stale():
    rule = REGISTRY.rules["F5"]
    page = PAGE.read_text(encoding="utf-8")
    original = rule.check.__doc__
    try:
        rule.check.__doc__ = "subject ≤ 40 characters\n\nSeverity: W."
        assert updated(page) != page
        assert "| F5 | W | subject ≤ 40 characters |" in updated(page)
    finally:
        rule.check.__doc__ = original
    assert inspect.getdoc(rule.check) == inspect.cleandoc(original or "")


def test_a_page_without_markers_is_refused():
    with pytest.raises(ValueError, match="markers"):
        updated(f"# Checks\n{START}\nno end")
    assert END in updated(f"{START}\nold\n{END}\n")


def test_the_names_a_campaign_may_switch_are_the_registrys() -> None:
    from kapmail.checks import REGISTRY
    from kapmail.checks.names import NAMES
    from kapmail.checks.reference import NAMES_FILE, names_module

    assert list(NAMES) == REGISTRY.names()
    assert NAMES_FILE.read_text(encoding="utf-8") == names_module(), (
        "kapmail/checks/names.py is stale: run `python -m kapmail.checks.reference`"
    )
