"""An HTML email parsed once for every rule: elements, visible text and computed style.

Style is computed the way the email's inlined CSS asks for it, which is all most clients
use: the element's own `style` attribute, inherited from its ancestors, plus presentational
attributes (`bgcolor`, `<font color>`). For the dark palette, the rules of the
`@media (prefers-color-scheme: dark)` blocks are applied by simple selector (see css.py):
`!important` ones beat inline styles, others lose to them. Limits, stated plainly: no
specificity beyond that, no stylesheet rules outside the dark block (premailer has inlined
them), no images behind text, no opacity.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.html
from lxml import etree

from kapmail.checks import css
from kapmail.text import WBR

SKIP = {"head", "script", "style", "title", "template", "noscript", "svg"}
WHITE: css.RGB = (255, 255, 255)
BLACK: css.RGB = (0, 0, 0)
DEFAULT_FONT_PX = 16.0
NORMAL_LINE_HEIGHT = 1.2
_TAG_EM = {"h1": 2.0, "h2": 1.5, "h3": 1.17, "h5": 0.83, "h6": 0.67, "small": 0.83}
_BOLD_TAGS = {"b", "strong", "th", "h1", "h2", "h3", "h4", "h5", "h6"}
_SIZE_KEYWORDS = {"x-small": 10.0, "small": 13.0, "medium": 16.0, "large": 18.0}


@dataclass(frozen=True)
class TextRun:
    """A piece of visible text and the element whose style it takes."""

    text: str
    element: etree._Element
    line: int


def excerpt(text: str, limit: int = 40) -> str:
    """A short quotable piece of text for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


class Document:
    """One parsed HTML email."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.root = _parse(source)
        self.body = self.root.find("body")
        if self.body is None:
            self.body = self.root
        stylesheets = [el.text or "" for el in self.root.iter("style")]
        self.stylesheet = "\n".join(stylesheets)
        dark = [b for s in stylesheets for b in css.media_blocks(s, css.DARK_SCHEME)]
        self.dark_rules = [r for block in dark for r in css.rules(block)]
        self.has_dark_palette = bool(dark)
        self._font_cache: dict[etree._Element, float] = {}
        self._dark_cache: dict[etree._Element, tuple[dict[str, str], dict[str, str]]] = {}

    # ---- elements -------------------------------------------------------------------------

    def elements(self, *tags: str) -> Iterator[etree._Element]:
        """Real elements (no comments), in document order; only `tags` when given."""
        for el in self.root.iter(*tags) if tags else self.root.iter():
            if isinstance(el.tag, str):
                yield el

    def line(self, el: etree._Element | None) -> int | None:
        return el.sourceline if el is not None else None

    def line_of_offset(self, offset: int) -> int:
        return self.source.count("\n", 0, offset) + 1

    @functools.cached_property
    def runs(self) -> list[TextRun]:
        """Visible text in reading order: no head, no hidden elements, no comments."""
        found: list[TextRun] = []
        self._walk(self.body, found)
        return found

    def _walk(self, el: etree._Element, found: list[TextRun]) -> None:
        if self.hidden_here(el):
            return
        if el.text and el.text.strip():
            found.append(TextRun(el.text, el, el.sourceline or 1))
        for child in el:
            if isinstance(child.tag, str) and child.tag not in SKIP:
                self._walk(child, found)
            if child.tail and child.tail.strip():
                found.append(TextRun(child.tail, el, child.sourceline or el.sourceline or 1))

    @functools.cached_property
    def visible_text(self) -> str:
        return " ".join(" ".join(run.text.split()) for run in self.runs)

    def text_of(self, el: etree._Element) -> str:
        """An element's text content, whitespace collapsed."""
        return " ".join(el.text_content().split())

    def is_hidden(self, el: etree._Element) -> bool:
        return any(self.hidden_here(a) for a in _self_and_ancestors(el))

    def within_class(self, el: etree._Element, classes: frozenset[str]) -> bool:
        """Whether el or an ancestor has one of `classes`."""
        return any(_classes(a) & classes for a in _self_and_ancestors(el))

    def hidden_here(self, el: etree._Element) -> bool:
        style = self.style(el)
        display = style.get("display", ("", False))[0].lower()
        visibility = style.get("visibility", ("", False))[0].lower()
        return display == "none" or visibility == "hidden" or el.get("hidden") is not None

    # ---- style -----------------------------------------------------------------------------

    def style(self, el: etree._Element) -> dict[str, tuple[str, bool]]:
        return _style(el)

    def own(self, el: etree._Element, prop: str, *, dark: bool = False) -> str | None:
        """The element's own value for `prop` (not inherited) in the light or dark palette."""
        if dark:
            important, normal = self._dark(el)
            if prop in important:
                return important[prop]
        inline = self.style(el).get(prop)
        if inline:
            return inline[0]
        if dark and prop in normal:
            return normal[prop]
        return None

    def _dark(self, el: etree._Element) -> tuple[dict[str, str], dict[str, str]]:
        """Dark-palette declarations matching `el`: (!important ones, the others)."""
        if el not in self._dark_cache:
            important: dict[str, str] = {}
            normal: dict[str, str] = {}
            for rule in self.dark_rules:
                if any(_matches(sel, el) for sel in rule.selectors):
                    for prop, (value, imp) in rule.declarations.items():
                        (important if imp else normal)[prop] = value
            self._dark_cache[el] = (important, normal)
        return self._dark_cache[el]

    def colour(self, el: etree._Element, *, dark: bool = False) -> css.RGB | None:
        """The text colour: inherited `color` (or `<font color>`), black by default."""
        for node in _self_and_ancestors(el):
            value = self.own(node, "color", dark=dark) or (
                node.get("color") if node.tag == "font" else None
            )
            if value:
                found = css.colour(value)
                return found if isinstance(found, tuple) else None
        return BLACK

    def background(self, el: etree._Element, *, dark: bool = False) -> css.RGB | None:
        """The nearest painted background behind the element; white at the root."""
        for node in _self_and_ancestors(el):
            found = self._own_background(node, dark=dark)
            if found == css.TRANSPARENT or found is None:
                continue
            return found if isinstance(found, tuple) else None
        return WHITE

    def _own_background(self, el: etree._Element, *, dark: bool) -> css.RGB | str | None:
        if dark:
            important, normal = self._dark(el)
            for prop in ("background-color", "background"):
                if prop in important:
                    return css.first_colour(important[prop])
        style = self.style(el)
        inline = [v for p, (v, _) in style.items() if p in {"background", "background-color"}]
        if inline:
            return css.first_colour(inline[-1])
        if dark:
            for prop in ("background-color", "background"):
                if prop in normal:
                    return css.first_colour(normal[prop])
        return css.colour(el.get("bgcolor"))

    def font_px(self, el: etree._Element) -> float:
        """The computed font size in px (16 px at the root)."""
        if el not in self._font_cache:
            self._font_cache[el] = self._font_px(el)
        return self._font_cache[el]

    def _font_px(self, el: etree._Element) -> float:
        parent = el.getparent()
        base = self.font_px(parent) if parent is not None else DEFAULT_FONT_PX
        value = self.own(el, "font-size")
        if value:
            keyword = _SIZE_KEYWORDS.get(value.strip().lower())
            if keyword is not None:
                return keyword
            size = css.length(value, base=base)
            if size is not None:
                return size
        return base * _TAG_EM.get(el.tag, 1.0) if el.tag in _TAG_EM else base

    def line_height(self, el: etree._Element) -> float:
        """Line height as a multiple of the element's font size."""
        size = self.font_px(el) or DEFAULT_FONT_PX
        for node in _self_and_ancestors(el):
            value = self.own(node, "line-height")
            if not value:
                continue
            value = value.strip().lower()
            if value == "normal":
                return NORMAL_LINE_HEIGHT
            plain = css.number(value)
            if plain is not None:
                return plain
            px = css.length(value, base=self.font_px(node))
            if px is not None:
                return px / size
        return NORMAL_LINE_HEIGHT

    def bold(self, el: etree._Element) -> bool:
        for node in _self_and_ancestors(el):
            value = self.own(node, "font-weight")
            if value:
                value = value.strip().lower()
                if value in {"bold", "bolder"}:
                    return True
                weight = css.number(value)
                return weight is not None and weight >= 600
            if node.tag in _BOLD_TAGS:
                return True
        return False


def _parse(source: str) -> etree._Element:
    if not source.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    try:
        # <wbr> only marks where a word may wrap; libxml2 takes it for a container.
        return lxml.html.document_fromstring(WBR.sub("", source))
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def _self_and_ancestors(el: etree._Element) -> Iterator[etree._Element]:
    node: etree._Element | None = el
    while node is not None:
        yield node
        node = node.getparent()


@functools.lru_cache(maxsize=8192)
def _style_text(text: str) -> dict[str, tuple[str, bool]]:
    return css.declarations(text)


def _style(el: etree._Element) -> dict[str, tuple[str, bool]]:
    return _style_text(el.get("style") or "")


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _matches(selector: tuple[css.Compound, ...], el: etree._Element) -> bool:
    """Descendant-combinator matching, right to left."""
    *ancestors, last = selector
    if not _matches_compound(last, el):
        return False
    node = el.getparent()
    for compound in reversed(ancestors):
        while node is not None and not _matches_compound(compound, node):
            node = node.getparent()
        if node is None:
            return False
        node = node.getparent()
    return True


def _matches_compound(compound: css.Compound, el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return False
    if compound.tag and compound.tag != el.tag:
        return False
    return compound.classes <= _classes(el)


URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]*)['\"]?\s*\)", re.IGNORECASE)
