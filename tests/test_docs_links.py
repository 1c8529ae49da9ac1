"""The README and docs point only at files that exist, and show what kapmail makes."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TARGET = re.compile(r'\]\(([^)\s]+)\)|\bsrc="([^"]+)"')


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
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
