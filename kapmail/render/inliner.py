"""premailer, used well: `inlined(html)` is `Premailer(html).transform()` with kapmail's
options, writing the same bytes, with the work a series repeats done once per process.

- Each stylesheet's rules are parsed once (premailer re-serialises every declaration of every
  rule for each email; a series' emails share one stylesheet).
- Only the rules that can match the email are queried (`reach`): premailer runs one XPath
  query over the whole email per selector, and most of the template's match nothing.
- An element's merged style and the HTML attributes premailer derives from it (`bgcolor`,
  `align`, `width`) are computed once per distinct input: the template's chrome repeats in
  every email, and so do the article's paragraphs.
- Each element's own style is parsed without cssutils' validation (below).
"""

from __future__ import annotations

import functools
import logging
from typing import Any

from kapmail.render import premailer_env  # noqa: F401  (sets what premailer reads on import)

# isort: split
from lxml import etree
from premailer import Premailer, merge_style
from premailer import premailer as premailer_module

from kapmail.render import reach


class _Inliner(Premailer):
    """premailer with each stylesheet's rules parsed once per process, and only those that
    can match the email queried; no rule list is computed twice for the same key."""

    present: reach.Present | None = None  # what the page holds (`inlined` reads it)

    def _parse_style_rules(self, css_body: str, ruleset_index: int) -> tuple[Any, Any]:
        """premailer's own, once per (stylesheet, index): every inliner has the options of
        `_INLINER`, so they are part of no key. Rules that cannot match this email are
        left out (`reach`): premailer would query them and find nothing. Without `present`
        (an inliner not made by `inlined`) every rule is kept."""
        rules, leftover = _cached_rules(css_body, ruleset_index)
        if self.present is None:
            return list(rules), list(leftover)
        return list(_reachable(css_body, ruleset_index, self.present)), list(leftover)

    def _style_to_basic_html_attributes(
        self, element: etree._Element, style_content: str, force: bool = False
    ) -> None:
        """premailer's own, with the attributes a style gives computed once per style."""
        for key, value in _basic_attributes(style_content):
            if key in element.attrib and not force:
                continue  # premailer never overwrites an attribute unless forced
            element.attrib[key] = value


def inlined(html: str) -> str:
    """premailer's `Premailer(html).transform(pretty_print=False)`, parsed and written
    as premailer parses and writes it, but parsed here so that `present` is read off
    the tree premailer then inlines (premailer takes a parsed page as well)."""
    stripped = html.strip()
    tree = etree.fromstring(stripped, etree.HTMLParser()).getroottree()
    page = tree.getroot()
    inliner = _Inliner(None, **_OPTIONS)
    inliner.present = reach.Present.of(page)
    inliner.transform(page, pretty_print=False)
    # premailer keeps the doctype only when the page starts with it as libxml2 writes it
    root = tree if stripped.startswith(tree.docinfo.doctype) else page
    return str(etree.tostring(root, method="html", pretty_print=False, encoding="utf-8"), "utf-8")


@functools.lru_cache(maxsize=16)
def _cached_rules(css_body: str, ruleset_index: int) -> tuple[Any, Any]:
    rules, leftover = Premailer._parse_style_rules(_INLINER, css_body, ruleset_index)
    return tuple(rules), tuple(leftover)


@functools.lru_cache(maxsize=256)
def _reachable(css_body: str, ruleset_index: int, present: reach.Present) -> tuple[Any, ...]:
    """The stylesheet's rules a page holding `present` can match, in the stylesheet's
    order: emails that hold the same tags, classes and ids share one list."""
    rules, _ = _cached_rules(css_body, ruleset_index)
    return tuple(rule for rule in rules if present.allows(reach.needs_of(rule[1])))


@functools.lru_cache(maxsize=4096)
def _basic_attributes(style: str) -> tuple[tuple[str, str], ...]:
    """The HTML attributes premailer gives an element with this style, in its order:
    premailer's own method run once on a bare element (it reads nothing else of it)."""
    bare = etree.Element("bare")
    Premailer._style_to_basic_html_attributes(_INLINER, bare, style, force=True)
    return tuple(bare.attrib.items())


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


@functools.lru_cache(maxsize=4096)
def _merged_once(
    inline_style: str,
    new_styles: tuple[tuple[tuple[str, str], ...], ...],
    classes: tuple[str, ...],
    remove_unset_properties: bool,
) -> str:
    return _PREMAILER_MERGE(inline_style, new_styles, list(classes), remove_unset_properties)


def _merged(
    inline_style: str,
    new_styles: list[list[tuple[str, str]]],
    classes: list[str],
    remove_unset_properties: bool = False,
) -> str:
    """premailer's `merge_styles`, once per distinct element style in a process: it is a
    function of its arguments alone (each rule's pairs, the element's own style)."""
    key = tuple(tuple(pairs) for pairs in new_styles)
    return _merged_once(inline_style, key, tuple(classes), remove_unset_properties)


_PREMAILER_MERGE = merge_style.merge_styles
premailer_module.merge_styles = _merged  # transform() looks it up in its module
