"""Small pure text -> text steps, run in the listed order: the HTML ones after MJML, the
plain-text ones after its template. Both complete lists live here (`html_steps`,
`text_steps`); each step is named so a failure or a benchmark can point at it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from kapmail.errors import KapmailError
from kapmail.render import inliner, utm
from kapmail.text import WBR

DOCTYPE = "<!doctype html>"
SIGNATURE = "-- "  # RFC 3676 signature separator, trailing space included
_MJ_TAG = re.compile(r"<\s*/?\s*mj-[a-z-]*", re.IGNORECASE)
# Searched from the ">" (a pattern that starts with a literal is found fast), which stays.
_BLOCK_START = re.compile(r">(?=<(?:p|h[1-6]|div|table|tr|ul|ol|li|blockquote|hr)[\s>/])")

Step = Callable[[str], str]


# A comment no article can write: U+FDD0 is a non-character, refused in every article.
_WBR_KEPT = "<!--wbr\ufdd0-->"


def inline_css(html: str) -> str:
    """Inline <style> rules into style attributes; media queries stay in <style>.

    libxml2, under premailer, does not know <wbr> is empty and wraps the rest of its parent
    in it: each <wbr> crosses the inliner as a comment and comes back afterwards.
    """
    html = _IMG_WIDTH.sub(r"\1data-km-width=", WBR.sub(_WBR_KEPT, html))
    inlined = inliner.inlined(html)
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
