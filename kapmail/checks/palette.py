"""The dark palette of one email: the rules of its `@media (prefers-color-scheme: dark)`
blocks (see css.py for the simple selectors they may use), and which of them apply to each
element, `!important` ones apart.

Which rules apply depends only on the dark rules and on the tags and classes of an element
and its ancestors (its path), so each (dark stylesheet, path) is matched once per process:
the template's chrome, the same in every email of a series, is matched in the first email.
The memos are emptied when they reach `MEMO_LIMIT` (a long `preview --watch`).
"""

from __future__ import annotations

import functools
import itertools

from lxml import etree

from kapmail.checks import css
from kapmail.checks.tree import RuleIndex, matches

Declarations = tuple[dict[str, str], dict[str, str]]  # (!important ones, the others)

MEMO_LIMIT = 200_000
_PATHS: dict[tuple[int, object, str], int] = {}  # (parent's path, tag, class) -> path
_PATH_NUMBERS = itertools.count()
_SHEETS: dict[str, int] = {}  # each dark stylesheet's number
_MATCHES: dict[tuple[int, int], Declarations] = {}  # (sheet, path) -> declarations


@functools.lru_cache(maxsize=16)
def _read(stylesheets: tuple[str, ...]) -> tuple[tuple[css.CssRule, ...], RuleIndex, int, bool]:
    """The dark rules of a set of stylesheets, indexed, the dark stylesheet's number, and
    whether there is any dark block: read once per distinct set (a series shares one)."""
    dark = [b for sheet in stylesheets for b in css.media_blocks(sheet, css.DARK_SCHEME)]
    rules = tuple(r for block in dark for r in css.rules(block))
    number = _SHEETS.setdefault("\n".join(dark), len(_SHEETS))
    return rules, RuleIndex(list(rules)), number, bool(dark)


class DarkPalette:
    """The dark rules of one document's stylesheets, matched to its elements."""

    def __init__(self, stylesheets: tuple[str, ...]) -> None:
        self.rules, self._index, self._sheet, self.present = _read(stylesheets)
        self._found: dict[etree._Element, Declarations] = {}
        self._paths: dict[etree._Element, int] = {}

    def declarations(self, el: etree._Element) -> Declarations:
        """The dark declarations that apply to `el`: (!important ones, the others)."""
        if el not in self._found:
            key = (self._sheet, self.path(el))
            found = _MATCHES.get(key)
            if found is None:
                found = self.match(el)
                if len(_MATCHES) >= MEMO_LIMIT:
                    _MATCHES.clear()
                _MATCHES[key] = found
            self._found[el] = found
        return self._found[el]

    def match(self, el: etree._Element) -> Declarations:
        """The declarations that apply to `el`, matched afresh."""
        important: dict[str, str] = {}
        normal: dict[str, str] = {}
        for rule in map(self.rules.__getitem__, self._index.candidates(el)):
            if any(matches(sel, el) for sel in rule.selectors):
                for prop, (value, imp) in rule.declarations.items():
                    (important if imp else normal)[prop] = value
        return important, normal

    def path(self, el: etree._Element) -> int:
        """A number for the tags and classes of `el` and its ancestors, the same in every
        document of the process (what a simple descendant selector can see)."""
        unnumbered: list[etree._Element] = []
        node: etree._Element | None = el
        while node is not None and node not in self._paths:
            unnumbered.append(node)
            node = node.getparent()
        above = -1 if node is None else self._paths[node]
        for step in reversed(unnumbered):  # root-most first
            known = _PATHS.get((above, step.tag, step.get("class") or ""))
            if known is None:
                if len(_PATHS) >= MEMO_LIMIT:  # numbers are never reused: old memos go too
                    _MATCHES.clear()
                    _PATHS.clear()
                known = _PATHS[above, step.tag, step.get("class") or ""] = next(_PATH_NUMBERS)
            self._paths[step] = above = known
        return above
