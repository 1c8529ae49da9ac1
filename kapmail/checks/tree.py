"""Element helpers the parsed email shares: the parse itself, a link as the rules read it,
ancestors, inline styles, classes, the simple selectors of the dark palette, and inherited
values read once per element."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import lxml.html
from lxml import etree

from kapmail.checks import css
from kapmail.text import WBR

T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    """An `<a>` of the email as the link rules read it, walked once for all of them: its
    `href` (None when it has none), its text (whitespace collapsed), what it says (`said`:
    that text, else its images' alt text), its line and whether it is hidden."""

    element: etree._Element
    href: str | None
    text: str
    said: str
    line: int | None
    hidden: bool


def parse_email(source: str) -> etree._Element:
    if not source.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    try:
        # <wbr> only marks where a word may wrap; libxml2 takes it for a container.
        return lxml.html.document_fromstring(WBR.sub("", source))
    except (etree.ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


@functools.lru_cache(maxsize=8192)
def _style_text(text: str) -> dict[str, tuple[str, bool]]:
    return css.declarations(text)


def style_of(el: etree._Element) -> dict[str, tuple[str, bool]]:
    return _style_text(el.get("style") or "")


def hidden_by_style(el: etree._Element) -> bool:
    """Whether the element's own style hides it (`display:none`, `visibility:hidden`)."""
    return _hides(el.get("style") or "")


@functools.lru_cache(maxsize=8192)
def _hides(text: str) -> bool:
    style = _style_text(text)
    display = style.get("display", ("", False))[0].lower()
    visibility = style.get("visibility", ("", False))[0].lower()
    return display == "none" or visibility == "hidden"


def classes_of(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def matches(selector: tuple[css.Compound, ...], el: etree._Element) -> bool:
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
    return not compound.classes or compound.classes <= classes_of(el)


def inherited(
    el: etree._Element,
    cache: dict[etree._Element, T],
    here: Callable[[etree._Element], tuple[T] | None],
    default: T,
) -> T:
    """The value of the nearest of el and its ancestors that sets one (`here` gives it as a
    1-tuple, None when the node sets none), else `default`. Every element walked keeps its
    answer in `cache`, so each element is read once however many ask."""
    walked: list[etree._Element] = []
    node: etree._Element | None = el
    result = default
    while node is not None:
        if node in cache:
            result = cache[node]
            break
        walked.append(node)
        found = here(node)
        if found is not None:
            result = found[0]
            break
        node = node.getparent()
    for step in walked:
        cache[step] = result
    return result


class RuleIndex:
    """Stylesheet rules by what their selectors' last part needs: one of its classes, else
    its tag ("" for any), so an element is matched only against rules that may apply."""

    def __init__(self, rules: list[css.CssRule]) -> None:
        self.by_class: dict[str, set[int]] = {}
        self.by_tag: dict[str, set[int]] = {}
        for index, rule in enumerate(rules):
            for selector in rule.selectors:
                last = selector[-1]
                if last.classes:
                    self.by_class.setdefault(min(last.classes), set()).add(index)
                else:
                    self.by_tag.setdefault(last.tag or "", set()).add(index)

    def candidates(self, el: etree._Element) -> list[int]:
        """The indexes of the rules that may match `el`, in stylesheet order."""
        if not isinstance(el.tag, str):
            return []
        found = self.by_tag.get(el.tag, set()) | self.by_tag.get("", set())
        for name in classes_of(el):
            found |= self.by_class.get(name, set())
        return sorted(found)
