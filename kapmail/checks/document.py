"""An HTML email parsed once for every rule: elements, visible text and computed style.

Style is computed the way the email's inlined CSS asks for it, which is all most clients
use: the element's own `style` attribute, inherited from its ancestors, plus presentational
attributes (`bgcolor`, `<font color>`). For the dark palette, the rules of the
`@media (prefers-color-scheme: dark)` blocks are applied by simple selector (see css.py):
`!important` ones beat inline styles, others lose to them. Limits, stated plainly: no
specificity beyond that, no stylesheet rules outside the dark block (premailer has inlined
them), no images behind text, no opacity. Over 300 lines: everything the rules read of
the parsed email is computed here once, so no rule walks the tree on its own.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from kapmail.checks import css
from kapmail.checks.palette import DarkPalette, Declarations
from kapmail.checks.tree import (
    Link,
    classes_of,
    hidden_by_style,
    inherited,
    parse_email,
    style_of,
)

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
        self.root = parse_email(source)
        self.body = self.root.find("body")
        if self.body is None:
            self.body = self.root
        stylesheets = tuple(el.text or "" for el in self.root.iter("style"))
        self.stylesheet = "\n".join(stylesheets)
        self.dark = DarkPalette(stylesheets)
        self.dark_rules = self.dark.rules
        self.has_dark_palette = self.dark.present
        self._font_cache: dict[etree._Element, float] = {}
        self._text_cache: dict[etree._Element, str] = {}
        self._hidden_cache: dict[etree._Element, bool] = {}
        self._within_cache: dict[frozenset[str], dict[etree._Element, bool]] = {}
        self._bold_cache: dict[etree._Element, bool] = {}
        self._line_cache: dict[etree._Element, tuple[bool, float]] = {}
        self._colour_cache: dict[bool, dict[etree._Element, css.RGB | None]] = {False: {}, True: {}}
        self._background_cache: dict[bool, dict[etree._Element, css.RGB | None]] = {
            False: {},
            True: {},
        }

    # ---- elements -------------------------------------------------------------------------

    def elements(self, *tags: str) -> Iterator[etree._Element]:
        """Real elements (no comments), in document order; only `tags` when given."""
        if not tags:
            yield from self._every_element
            return
        for el in self.root.iter(*tags):
            if isinstance(el.tag, str):
                yield el

    @functools.cached_property
    def _every_element(self) -> tuple[etree._Element, ...]:
        return tuple(el for el in self.root.iter() if isinstance(el.tag, str))

    @functools.cached_property
    def urls(self) -> tuple[tuple[str, int | None, str], ...]:
        """Every URL the email names, read once for the URL rules: (URL, line, what names
        it) for each href, src, background and CSS url(), in document order."""
        attributes = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src"}
        found = []
        for el in _NAMES_A_URL(self.root):  # in document order, picked out in C
            name = attributes.get(el.tag)
            if name and el.get(name) is not None:
                said = excerpt(self.link(el).said, 30) if el.tag == "a" else ""
                what = f"link {said!r}" if el.tag == "a" else f"<{el.tag}>"
                found.append((el.get(name, ""), self.line(el), what))
            if el.get("background") is not None:
                found.append((el.get("background", ""), self.line(el), f"<{el.tag} background>"))
            for match in URL_IN_CSS.finditer(el.get("style") or ""):
                found.append((match.group(1), self.line(el), f"<{el.tag}> CSS url()"))
        for match in URL_IN_CSS.finditer(self.stylesheet):
            found.append((match.group(1), None, "stylesheet url()"))
        return tuple(found)

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

    @functools.cached_property
    def links(self) -> list[Link]:
        """Every `<a>` in document order, read once for every link rule."""
        found = []
        for el in self.elements("a"):
            text = self.text_of(el)
            said = text or " ".join((i.get("alt") or "").strip() for i in el.iter("img")).strip()
            hidden = self.is_hidden(el)
            found.append(Link(el, el.get("href"), text, said, self.line(el), hidden))
        return found

    @functools.cached_property
    def _link_of(self) -> dict[etree._Element, Link]:
        return {link.element: link for link in self.links}

    def link(self, el: etree._Element) -> Link:
        """The `Link` of an `<a>` element of this document."""
        return self._link_of[el]

    def text_of(self, el: etree._Element) -> str:
        """An element's text content, whitespace collapsed (read once per element)."""
        if el not in self._text_cache:
            self._text_cache[el] = " ".join(el.text_content().split())
        return self._text_cache[el]

    def is_hidden(self, el: etree._Element) -> bool:
        """Whether el or an ancestor is hidden (each element's answer kept)."""
        path: list[etree._Element] = []
        node: etree._Element | None = el
        while node is not None and node not in self._hidden_cache:
            path.append(node)
            node = node.getparent()
        hidden = node is not None and self._hidden_cache[node]
        for step in reversed(path):  # root-most first: an ancestor hidden hides the rest
            hidden = hidden or self.hidden_here(step)
            self._hidden_cache[step] = hidden
        return self._hidden_cache[el]

    def within_class(self, el: etree._Element, classes: frozenset[str]) -> bool:
        """Whether el or an ancestor has one of `classes` (each element's answer kept)."""
        known = self._within_cache.setdefault(classes, {})
        path: list[etree._Element] = []
        node: etree._Element | None = el
        while node is not None and node not in known:
            path.append(node)
            node = node.getparent()
        inside = node is not None and known[node]
        for step in reversed(path):  # root-most first: an ancestor's class covers the rest
            inside = inside or bool(classes_of(step) & classes)
            known[step] = inside
        return known[el]

    def hidden_here(self, el: etree._Element) -> bool:
        return hidden_by_style(el) or el.get("hidden") is not None

    # ---- style -----------------------------------------------------------------------------

    def style(self, el: etree._Element) -> dict[str, tuple[str, bool]]:
        return style_of(el)

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

    def _dark(self, el: etree._Element) -> Declarations:
        """Dark-palette declarations matching `el`: (!important ones, the others)."""
        return self.dark.declarations(el)

    def colour(self, el: etree._Element, *, dark: bool = False) -> css.RGB | None:
        """The text colour: inherited `color` (or `<font color>`), black by default."""
        known = self._colour_cache[dark]
        if el in known:
            return known[el]

        def here(node: etree._Element) -> tuple[css.RGB | None] | None:
            value = self.own(node, "color", dark=dark) or (
                node.get("color") if node.tag == "font" else None
            )
            if not value:
                return None
            found = css.colour(value)
            return (found if isinstance(found, tuple) else None,)

        return inherited(el, known, here, BLACK)

    def background(self, el: etree._Element, *, dark: bool = False) -> css.RGB | None:
        """The nearest painted background behind the element; white at the root."""
        known = self._background_cache[dark]
        if el in known:
            return known[el]

        def here(node: etree._Element) -> tuple[css.RGB | None] | None:
            found = self._own_background(node, dark=dark)
            if found == css.TRANSPARENT or found is None:
                return None
            return (found if isinstance(found, tuple) else None,)

        return inherited(el, known, here, WHITE)

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

        def here(node: etree._Element) -> tuple[tuple[bool, float]] | None:
            value = (self.own(node, "line-height") or "").strip().lower()
            if not value:
                return None
            if value == "normal":
                return ((False, NORMAL_LINE_HEIGHT),)
            plain = css.number(value)
            if plain is not None:
                return ((False, plain),)
            px = css.length(value, base=self.font_px(node))
            return None if px is None else ((True, px),)

        in_px, value = inherited(el, self._line_cache, here, (False, NORMAL_LINE_HEIGHT))
        return value / (self.font_px(el) or DEFAULT_FONT_PX) if in_px else value

    def bold(self, el: etree._Element) -> bool:
        """Whether the text is bold: font-weight 600 or more, or a bold tag, inherited."""
        if el in self._bold_cache:
            return self._bold_cache[el]

        def here(node: etree._Element) -> tuple[bool] | None:
            value = (self.own(node, "font-weight") or "").strip().lower()
            if value:
                weight = css.number(value)
                return (value in {"bold", "bolder"} or (weight is not None and weight >= 600),)
            return (True,) if node.tag in _BOLD_TAGS else None

        return inherited(el, self._bold_cache, here, False)


URL_IN_CSS = re.compile(r"url\(\s*['\"]?([^'\")]*)['\"]?\s*\)", re.IGNORECASE)
# The elements that may name a URL: an href, src or background, or url( in any case in
# their style (URL_IN_CSS then reads it).
_NAMES_A_URL = etree.XPath(
    "//*[@href or @src or @background or contains(translate(@style, 'URL', 'url'), 'url(')]"
)
