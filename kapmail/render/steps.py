"""Small pure text -> text steps, run in the listed order: the HTML ones after MJML, the
plain-text ones after its template. Both complete lists live here (`html_steps`,
`text_steps`); each step is named so a failure or a benchmark can point at it.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any

from kapmail.render import premailer_env  # noqa: F401  (sets what premailer reads on import)

# isort: split
from lxml import etree
from premailer import Premailer, merge_style

from kapmail.errors import KapmailError
from kapmail.render import reach, utm
from kapmail.text import WBR

DOCTYPE = "<!doctype html>"
SIGNATURE = "-- "  # RFC 3676 signature separator, trailing space included
_MJ_TAG = re.compile(r"<\s*/?\s*mj-[a-z-]*", re.IGNORECASE)
# Searched from the ">" (a pattern that starts with a literal is found fast), which stays.
_BLOCK_START = re.compile(r">(?=<(?:p|h[1-6]|div|table|tr|ul|ol|li|blockquote|hr)[\s>/])")

Step = Callable[[str], str]


# A comment no article can write: U+FDD0 is a non-character, refused in every article.
_WBR_KEPT = "<!--wbr\ufdd0-->"


class _Inliner(Premailer):
    """premailer with each stylesheet's rules parsed once per process, and only those that
    can match the email queried.

    premailer parses a `<style>` block with cssutils and re-serialises every declaration of
    every rule for each email; a series' emails share one stylesheet, so its rules are kept
    here, keyed by the stylesheet's text, its place among the blocks and the options (no
    rule list is computed twice for the same key in one process).
    """

    present: reach.Present | None = None  # what the page holds (`inlined` reads it)

    def _parse_style_rules(self, css_body: str, ruleset_index: int) -> tuple[Any, Any]:
        """premailer's own, once per (stylesheet, index): every inliner has the options of
        `_INLINER`, so they are part of no key. Rules that cannot match this email are
        left out (`reach`): premailer would query them and find nothing. Without `present`
        (an inliner not made by `inlined`) every rule is kept."""
        rules, leftover = _cached_rules(css_body, ruleset_index)
        present = self.present
        if present is None:
            return list(rules), list(leftover)
        return [r for r in rules if present.allows(reach.needs_of(r[1]))], list(leftover)

    @classmethod
    def inlined(cls, html: str) -> str:
        """premailer's `Premailer(html).transform(pretty_print=False)`, parsed and written
        as premailer parses and writes it, but parsed here so that `present` is read off
        the tree premailer then inlines (premailer takes a parsed page as well)."""
        stripped = html.strip()
        tree = etree.fromstring(stripped, etree.HTMLParser()).getroottree()
        page = tree.getroot()
        inliner = cls(None, **_OPTIONS)
        inliner.present = reach.Present.of(page)
        inliner.transform(page, pretty_print=False)
        # premailer keeps the doctype only when the page starts with it as libxml2 writes it
        root = tree if stripped.startswith(tree.docinfo.doctype) else page
        return str(
            etree.tostring(root, method="html", pretty_print=False, encoding="utf-8"), "utf-8"
        )


@functools.lru_cache(maxsize=16)
def _cached_rules(css_body: str, ruleset_index: int) -> tuple[Any, Any]:
    rules, leftover = Premailer._parse_style_rules(_INLINER, css_body, ruleset_index)
    return tuple(rules), tuple(leftover)


_OPTIONS: dict[str, Any] = {
    "allow_network": False,
    "strip_important": False,
    "keep_style_tags": True,
    "remove_classes": False,
    "disable_validation": True,
    # Not CSS height onto a height attribute: it would overwrite an article image's
    # height="268" with "auto" (its CSS height:auto lets it shrink on phones).
    "disable_basic_attributes": ["height"],
    "cssutils_logging_level": logging.CRITICAL,
}
_INLINER = _Inliner(**_OPTIONS)


def _pairs_unvalidated(csstext: str, validate: bool = True) -> Any:
    """premailer's `csstext_to_pairs`, never validating. premailer honours its
    `disable_validation` for the rules it applies but not in `merge_styles`, which parses
    each element's own style with cssutils' validation on: it only logs (the pairs are the
    same) and compiling its property grammars was a quarter of a short build's first email."""
    return _PREMAILER_PAIRS(csstext, validate=False)


_PREMAILER_PAIRS = merge_style.csstext_to_pairs
# Its body finds its lock through the module's name for it, which now names this function.
_pairs_unvalidated._lock = _PREMAILER_PAIRS._lock  # type: ignore[attr-defined]
merge_style.csstext_to_pairs = _pairs_unvalidated


def inline_css(html: str) -> str:
    """Inline <style> rules into style attributes; media queries stay in <style>.

    libxml2, under premailer, does not know <wbr> is empty and wraps the rest of its parent
    in it: each <wbr> crosses the inliner as a comment and comes back afterwards.
    """
    html = _IMG_WIDTH.sub(r"\1data-km-width=", WBR.sub(_WBR_KEPT, html))
    inlined = _Inliner.inlined(html)
    return _KEPT_WIDTH.sub(_pixel_width, inlined.replace(_WBR_KEPT, "<wbr>"))


# A picture's pixel `width` attribute crosses premailer under another name: premailer would
# overwrite it with its CSS `width:100%` ("100%"), and Outlook on Windows, which ignores the
# CSS, then shows the picture at its own size. Tables keep premailer's width="100%".
_IMG_WIDTH = re.compile(r'(<img\b[^>]*?\s)width=(?="\d+")')
_KEPT_WIDTH = re.compile(r'<img\b[^>]*\bdata-km-width="\d+"[^>]*>')
_WIDTH_ATTRIBUTE = re.compile(r'\swidth="[^"]*"')


def _pixel_width(match: re.Match[str]) -> str:
    tag = _WIDTH_ATTRIBUTE.sub("", match.group(0))
    return tag.replace("data-km-width=", "width=", 1)


def restore_doctype(html: str) -> str:
    """premailer drops the doctype; without it Chromium and others use quirks mode."""
    body = re.sub(r"^\s*<!doctype[^>]*>\s*", "", html, flags=re.IGNORECASE)
    return f"{DOCTYPE}\n{body}"


class LeftoverTagError(KapmailError):
    """An <mj-*> tag mjml-python did not know; `tag` is it as written (`<mj-sectoin`)."""

    def __init__(self, tag: str, line: int) -> None:
        super().__init__(
            f"unknown MJML tag {tag!r} left in the HTML at line {line}",
            hint="check the template for a misspelt <mj-…> tag",
        )
        self.tag = tag


def refuse_mjml_leftovers(html: str) -> str:
    """mjml-python copies unknown <mj-*> tags through: treat any survivor as a bug."""
    match = _MJ_TAG.search(html)
    if match:
        raise LeftoverTagError(match.group(0), html.count("\n", 0, match.start()) + 1)
    return html


def break_lines(html: str) -> str:
    """Start each block element of the body on its own line (between tags only).

    MJML and premailer write the whole body on one line, so every finding would point at
    the same line; with one block per line a finding points at its element's own. A line
    break between block-level tags is collapsed whitespace: it changes nothing rendered
    (columns sit in `font-size:0` cells, and no `<pre>` holds these tags).
    """
    body = html.find("<body")
    if body < 0:
        return html
    return html[:body] + _BLOCK_START.sub(">\n", html[body:])


_BODY_TAG = re.compile(r"<body(?![^>]*\bclass=)", re.IGNORECASE)


def mark_body(html: str) -> str:
    """`class="body"` on <body> itself: Gmail turns the body into a div, keeps its class and
    puts a `<u></u>` before it, so `u + .body` rules apply in Gmail only (MJML's `css-class`
    on mj-body lands on the wrapper inside the body, where that selector cannot match)."""
    return _BODY_TAG.sub('<body class="body"', html, count=1)


def final_newline(html: str) -> str:
    return html.rstrip("\n") + "\n"


def tidy_text(text: str) -> str:
    """No trailing spaces (but the signature separator keeps its own: "-- "), at most one
    blank line in a row, one final newline."""
    lines = [line if line == SIGNATURE else line.rstrip() for line in text.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"


Steps = tuple[tuple[str, Step], ...]

# The HTML steps that need nothing but the HTML (benchmarks time these alone).
STEPS: Steps = (
    ("refuse_mjml_leftovers", refuse_mjml_leftovers),
    ("inline_css", inline_css),
    ("restore_doctype", restore_doctype),
    ("mark_body", mark_body),
    ("break_lines", break_lines),
    ("final_newline", final_newline),
)


_LINK_START = re.compile(r"<a(?=[\s>])(?![^>]*\sdir=)", re.IGNORECASE)


def isolate_links(html: str) -> str:
    """Every link `dir="auto"`: in a right-to-left email a Latin URL, address or DOI keeps its
    own order inside an Arabic sentence (and an Arabic link text stays right to left)."""
    return _LINK_START.sub('<a dir="auto"', html)


def html_steps(tagging: utm.Utm, *, rtl: bool = False) -> Steps:
    """Every HTML step, in order: `STEPS` (and, right to left, `isolate_links`), then link
    tagging once the doctype is back."""
    mirrored: Steps = (("isolate_links", isolate_links),) if rtl else ()
    return (*STEPS, *mirrored, ("tag_links", functools.partial(utm.tag_html, utm=tagging)))


def text_steps(tagging: utm.Utm) -> Steps:
    """Every plain-text step, in order: tidy the template's output, then tag its links."""
    return (("tidy_text", tidy_text), ("tag_links", functools.partial(utm.tag_text, utm=tagging)))


def run(html: str, steps: Steps = STEPS) -> str:
    """Apply each step in order."""
    for _name, step in steps:
        html = step(html)
    return html
