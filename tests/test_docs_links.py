"""The README and docs point only at files that exist, and show what kapmail makes."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").rglob("*.md"))]
TARGET = re.compile(r'\]\(([^)\s]+)\)|\bsrc="([^"]+)"')


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_local_link_and_picture_exists(doc):
    text = re.sub(r"```.*?```", "", doc.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"`[^`\n]*`", "", text)  # examples in code, not links
    targets = [a or b for a, b in TARGET.findall(text)]
    local = [t.split("#")[0] for t in targets if not re.match(r"[a-z]+:|#", t)]
    missing = [t for t in local if t and not (doc.parent / t).exists()]
    assert not missing, missing


def test_the_readme_shows_the_series_at_both_widths_in_light_and_dark():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r'<img src="docs/images/([^"]+\.png)"', readme))
    for width in (375, 600):
        for mode in ("light", "dark"):
            assert f"02-depressive-disorders-{width}-{mode}.png" in shown
    assert "series-light.png" in shown
    for name in shown:
        assert (ROOT / "docs/images" / name).read_bytes().startswith(b"\x89PNG")


def test_the_readme_is_short_and_points_into_the_manual():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("\n") <= 150
    assert "Python 3.11" in readme and "pipx install" in readme and "uv tool install" in readme
    for page in ("getting-started", "platforms", "sending", "security", "checks"):
        assert f"](docs/{page}.md)" in readme
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")


def test_the_python_version_in_the_readme_is_the_one_pyproject_requires():
    import tomllib

    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"Python {spec.removeprefix('>=')} or newer" in (ROOT / "README.md").read_text()


def test_every_docs_page_is_in_the_site_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = [p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")]
    assert not [page for page in pages if f": {page}" not in nav]


def test_the_example_article_of_the_tutorial_exists():
    assert "examples/weekly-planning.md" in (ROOT / "docs/getting-started.md").read_text()
    assert (ROOT / "examples/weekly-planning.md").read_text().startswith("# ")
