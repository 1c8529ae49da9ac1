"""Rules that cannot match an email are left out before premailer queries them, and the
inlined HTML is byte for byte what premailer writes with every rule."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml.cssselect import CSSSelector

from kapmail.render import inliner, reach, steps
from tests.premailer_reference import premailer_writes

SELECTORS = [
    ".a",
    ".a .b",
    ".b > .a",
    "p.a",
    "td.a",
    "#x",
    "#x p",
    "#y",
    "li:first-child",
    "td:first-child",
    "a:hover",
    ".a:not(.zz)",
    "div:not(.a)",
    "[data-x] .y",
    "span[data-x]",
    "table.t tr td",
    "h1 + p",
    "h2 ~ p",
    "UL li",
    "ul li",
    "body p",
    "html body",
    ".c-d",
    "em",
    "head",
]

DOCUMENTS = [
    '<html><body><p class="a">x</p><div id="x"><p>y</p></div></body></html>',
    "<html><body>bare text, no paragraph written<ul><li>one</li></ul></body></html>",
    "<html><body><div class='b'><span class=a data-x=1>z</span></div></body></html>",
    '<html><body><table class="t"><tr><td class="a\tc-d">1</td></tr></table></body></html>',
    '<html><body><h1>T</h1><p class="amp&amp;x">p</p><h2>U</h2><p>q</p></body></html>',
    '<html><body><div data-x="1"><em class="y">e</em></div><o:p>o</o:p></body></html>',
    'words and no html, head or body written <b class="a">x</b>',
    '<html><body><p id=" y ">spaced id</p><p class="A">upper</p></body></html>',
]

STYLESHEET = "\n".join(f"{s} {{ color: #{n:06x}; }}" for n, s in enumerate(SELECTORS))


def _queried(selector: str) -> str:
    """The selector premailer queries (its own split of pseudo-classes)."""
    if ":" in selector:
        before, after = selector.split(":", 1)
        after = ":" + after
        if after not in (":last-child", ":first-child") and not after.startswith(":nth-child"):
            return before
    return selector


@pytest.mark.parametrize("document", DOCUMENTS)
def test_a_selector_that_matches_is_never_left_out(document):
    tree = etree.fromstring(document, etree.HTMLParser())
    present = reach.Present.of(tree)
    for selector in SELECTORS:
        if CSSSelector(_queried(selector))(tree):
            assert present.allows(reach.needs_of(selector)), selector


def test_selectors_naming_what_a_document_lacks_are_left_out():
    present = reach.Present.of(etree.fromstring(DOCUMENTS[0], etree.HTMLParser()))
    left_out = [s for s in SELECTORS if not present.allows(reach.needs_of(s))]
    assert "#y" in left_out and "table.t tr td" in left_out and ".a .b" in left_out
    assert ".a" not in left_out and "#x p" not in left_out and "div:not(.a)" not in left_out


def test_what_a_selector_needs():
    needs = reach.needs_of("table.t > tr td.a:hover")
    assert needs.tags == {"table", "tr", "td"} and needs.classes == {"t", "a"} and not needs.ids
    assert reach.needs_of("a[href='x:y']") is None  # cut at its colon: unreadable, kept
    assert reach.needs_of(".a:not(.b)") == reach.Needs(frozenset(), frozenset({"a"}), frozenset())
    # A namespaced tag (o|p) needs no tag of lxml's; Tailwind's escaped colon is unread.
    assert reach.needs_of("o|p .c") == reach.Needs(frozenset(), frozenset({"c"}), frozenset())
    assert reach.needs_of(".md\\:flex") is None


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_inlined_email_is_what_premailer_writes_with_every_rule(document):
    # The stylesheet in the head, and in a body with no head (premailer adds one).
    in_body = document.replace("<body>", f"<body><style>{STYLESHEET}</style>")
    for page in (f"<style>{STYLESHEET}</style>{document}", in_body):
        assert steps.inline_css(page) == premailer_writes(page)


def test_an_inliner_that_did_not_read_its_page_keeps_every_rule():
    page = f"<style>{STYLESHEET}</style>{DOCUMENTS[0]}"
    assert inliner._Inliner(page, **inliner._OPTIONS).transform(
        pretty_print=False
    ) == premailer_writes(page)
