"""Real Chromium: an Arabic email lays out right to left (issue 24) and still fits a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import make_campaign
from tests.test_languages import ARTICLES, CAMPAIGNS, campaign_toml

pytestmark = pytest.mark.browser

URL = "https://www.sleepfoundation.org/sleep-hygiene"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Arabic test series built through the CLI: each email's HTML file by position."""
    article, setting, section, words = CAMPAIGNS["ar"]
    root = tmp_path_factory.mktemp("rtl")
    toml = campaign_toml(setting, section, words)
    folder = make_campaign(root, (ARTICLES / article).read_text(), toml, name=article)
    out = root / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    return {p.name[:2]: p for p in (out / "campaign").glob("0*.html")}


def open_page(browser, path: Path, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(path.as_uri())
    return page


def test_an_arabic_email_reads_right_to_left_at_600(browser, arabic):
    page = open_page(browser, arabic["02"], 600)
    try:
        assert page.evaluate("document.documentElement.dir") == "rtl"
        paragraph = page.locator(".km-text p").first
        style = paragraph.evaluate(
            "p => ({direction: getComputedStyle(p).direction,"
            " align: getComputedStyle(p).textAlign})"
        )
        assert style == {"direction": "rtl", "align": "right"}
        box = paragraph.bounding_box()
        assert box is not None
        # The title's words (not its block) start at the right edge of the text column.
        title = page.locator("h1").evaluate(
            "h => { const r = document.createRange(); r.selectNodeContents(h);"
            " const b = r.getBoundingClientRect(); return {left: b.left, right: b.right}; }"
        )
        assert abs(title["right"] - (box["x"] + box["width"])) < 1
        assert title["left"] > 300  # a short title sits on the right
        # The list indents on the right, where its markers are.
        item = page.locator(".km-text li").first
        assert item.evaluate("li => getComputedStyle(li).direction") == "rtl"
        marker_side = item.evaluate(
            "li => { const l = li.parentElement, s = getComputedStyle(l);"
            " return [parseFloat(s.marginRight), parseFloat(s.marginLeft)]; }"
        )
        assert marker_side == [24, 0]
        item_box = item.bounding_box()
        assert item_box is not None
        assert item_box["x"] + item_box["width"] <= box["x"] + box["width"] - 20
        # The button on the right of the card.
        button = page.locator(".km-button a, td.km-button a").first.bounding_box()
        assert button is not None
        assert button["x"] > 300 and abs(button["x"] + button["width"] - (600 - 32)) <= 2
    finally:
        page.close()


def test_a_latin_url_inside_an_arabic_paragraph_keeps_its_order(browser, arabic):
    page = open_page(browser, arabic["03"], 600)
    try:
        link = page.locator(f'a[href="{URL}"]')
        assert link.get_attribute("dir") == "auto"
        assert link.evaluate("a => getComputedStyle(a).direction") == "ltr"
        # Every character's box, in the order it is written: on each line, left to right.
        boxes = link.evaluate(
            """a => {
                const out = [], walk = document.createTreeWalker(a, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                    for (let i = 0; i < n.length; i++) {
                        const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
                        const b = r.getBoundingClientRect();
                        out.push([n.data[i], Math.round(b.top), b.left]);
                    }
                }
                return out;
            }"""
        )
        assert "".join(c for c, _, _ in boxes) == URL
        lines = sorted({top for _, top, _ in boxes})
        for line in lines:
            lefts = [left for _, top, left in boxes if top == line]
            assert lefts == sorted(lefts), line
        # Read in writing order, a wrapped URL goes down the lines, never back up.
        tops = [top for _, top, _ in boxes]
        assert tops == sorted(tops)
    finally:
        page.close()


@pytest.mark.parametrize("position", ["01", "02", "03", "04"])
def test_no_horizontal_overflow_at_375(browser, arabic, position):
    page = open_page(browser, arabic[position], 375)
    try:
        assert page.evaluate("document.compatMode") == "CSS1Compat"
        assert page.evaluate("document.documentElement.scrollWidth") == 375
        heading = page.locator("h1").bounding_box()
        assert heading is not None and heading["x"] >= 16
        assert heading["x"] + heading["width"] <= 375 - 16
    finally:
        page.close()
