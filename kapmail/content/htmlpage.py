"""A web page before it is read: parsed, and what it says beyond its tags.

Google Docs' "Web page" export sets bold and italic with CSS classes (`css_marks` reads the
page's `<style>` rules; `declared` reads a `style` attribute too), nests lists only by a class
suffix (`nest_google_lists` nests them for real), and wraps links in a Google redirect
(`unwrap`). `title_element` finds the title, `numbers` numbers the paragraphs of a one-line
page, and `NOTE_BODY` recognises the footnotes and comments Google and mammoth append.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
from lxml import etree

from kapmail.content.spans import SECTION_LEVELS
from kapmail.errors import KapmailError
from kapmail.text import CONTROLS

HEADINGS = {f"h{n}": n for n in range(1, 7)}
PARAGRAPHS = {"p", "li", "pre", *HEADINGS}  # what a one-line page's line numbers count
Marks = tuple[bool | None, bool | None]  # bold, italic: on, off (normal), or not said
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CLASS_SELECTOR = re.compile(r"\s*\.(-?[_a-zA-Z][\w-]*)\s*")
_DECLARATION = re.compile(r"(font-weight|font-style)\s*:\s*([^;]+)", re.IGNORECASE)
_BOLD_WEIGHT = re.compile(r"bold|bolder|[6-9]00", re.IGNORECASE)
_GOOGLE_LIST = re.compile(r"lst-kix_(\w+)-(\d+)")
NOTE_BODY = re.compile(r"(?:ftnt|cmnt)\d+|(?:footnote|endnote|comment)-\d+")
_CONTROL = re.compile(f"[{CONTROLS}]")


def parse(html: str, path: Path, noun: str) -> etree._Element:
    html = _CONTROL.sub("", html)
    if not html.strip():
        raise KapmailError(f"the {noun} is empty", file=path, hint="add an intro and sections")
    try:
        return lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise KapmailError(f"cannot read the page: {exc}", file=path) from None


def numbers(body: etree._Element, by_paragraph: bool | None) -> dict[etree._Element, int] | None:
    """Paragraph numbers, when lines are counted by paragraph (else None: source lines)."""
    paragraphs = [el for el in body.iter() if el.tag in PARAGRAPHS and not _inner_li(el)]
    if by_paragraph is None:
        by_paragraph = len({el.sourceline for el in paragraphs}) <= 1 < len(paragraphs)
    if not by_paragraph:
        return None
    return {el: number for number, el in enumerate(paragraphs, start=1)}


def _inner_li(el: etree._Element) -> bool:
    """An `<li>` whose text sits in a `<p>` of its own (counted once, as that paragraph)."""
    return el.tag == "li" and not (el.text or "").strip() and len(el) > 0 and el[0].tag == "p"


def css_marks(root: etree._Element) -> dict[str, Marks]:
    """Class name -> (bold, italic) from the page's `<style>` rules such as `.c2{…}`."""
    marks: dict[str, Marks] = {}
    for style in root.iter("style"):
        for selectors, body in _CSS_RULE.findall(style.text or ""):
            found = declared(body)
            if found == (None, None):
                continue
            for selector in selectors.split(","):
                match = _CLASS_SELECTOR.fullmatch(selector)
                if match:
                    bold, italic = marks.get(match[1], (None, None))
                    marks[match[1]] = (
                        found[0] if found[0] is not None else bold,
                        found[1] if found[1] is not None else italic,
                    )
    return marks


def declared(css: str) -> Marks:
    """(bold, italic) as CSS declarations set them: True, False (normal), or None (unset)."""
    bold = italic = None
    for name, value in _DECLARATION.findall(css):
        value = value.replace("!important", "").strip().lower()
        if name.lower() == "font-weight":
            bold = bool(_BOLD_WEIGHT.fullmatch(value))
        else:
            italic = value in ("italic", "oblique")
    return bold, italic


def nest_google_lists(body: etree._Element) -> None:
    """Google Docs' flat sibling lists (`lst-kix_<id>-<level>`) nested as real markup: a
    deeper list goes into the last item of the list above it, and a list that continues
    the one open at its level gives it its items."""
    for parent in list(body.iter()):
        stack: list[tuple[str, etree._Element]] = []  # (list id, list element) per level
        for child in list(parent):
            match = _google_list(child)
            if match is None:
                stack = []
                continue
            name, level = match
            above = min(level, len(stack)) - 1
            if level < len(stack) and stack[level][0] == name and not _tail(child):
                stack[level][1].extend(list(child))
                parent.remove(child)
                del stack[level + 1 :]
            elif level > 0 and above >= 0 and len(stack[above][1]):
                stack[above][1][-1].append(child)
                del stack[above + 1 :]
                stack.append((name, child))
            else:
                stack = [(name, child)]
            if _tail(child):
                stack = []


def _tail(el: etree._Element) -> str:
    return (el.tail or "").strip()


def _google_list(el: etree._Element) -> tuple[str, int] | None:
    if el.tag not in ("ul", "ol"):
        return None
    match = _GOOGLE_LIST.search(el.get("class") or "")
    return (match[1], int(match[2])) if match else None


def title_element(body: etree._Element, sections: str | None) -> etree._Element | None:
    """The element with class `title`, else a lone first `<h1>` that has headings after it."""
    for el in body.iter("p", "div", *HEADINGS):
        if "title" in classes(el) and has_text(el):
            return el
    headings = [h for h in outline_headings(body) if has_text(h)]
    ones = [h for h in headings if h.tag == "h1"]
    forced = SECTION_LEVELS.get((sections or "").strip().lower())
    if len(ones) == 1 and headings[0] is ones[0] and len(headings) > 1 and forced != 1:
        return ones[0]
    return None


def page_title(root: etree._Element) -> str | None:
    """The page's `<title>`, without the site's name after a ` | `, ` – ` or ` - `."""
    found = root.find(".//title")
    text = " ".join("".join(found.itertext()).split()) if found is not None else ""
    for separator in (" | ", " – ", " — ", " - ", " :: "):
        if separator in text:
            text = text.split(separator)[0].strip()
            break
    return text or None


def outline_headings(body: etree._Element) -> Iterator[etree._Element]:
    """Headings outside lists, quotes and tables (those are always sub-headings)."""
    for el in body.iter(*HEADINGS):
        if not any(a.tag in ("li", "blockquote", "table") for a in el.iterancestors()):
            yield el


def classes(el: etree._Element) -> list[str]:
    return (el.get("class") or "").split()


def has_text(el: etree._Element) -> bool:
    return bool("".join(el.itertext()).strip())


def unwrap(href: str) -> str:
    """The real URL of a Google redirect (`https://www.google.com/url?q=<url>&sa=…`)."""
    href = href.strip()
    parts = urlsplit(href)
    if parts.hostname in ("www.google.com", "google.com") and parts.path == "/url":
        target = parse_qs(parts.query).get("q")
        if target:
            return target[0].strip()
    return href


def text_before(el: etree._Element, target: etree._Element) -> str:
    """The text of `el` before `target` (one of its descendants)."""
    ancestors = set(target.iterancestors())
    seen: list[str] = []
    for node in el.iter():
        if node is target:
            break
        seen.append(node.text or "")
        if node is not el and node not in ancestors:
            seen.append(node.tail or "")
    return "".join(seen).strip()
