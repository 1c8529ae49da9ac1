"""Which stylesheet rules can match a document, decided before premailer queries them.

premailer runs one XPath query over the whole email for every selector of the stylesheet;
most of the template's selectors name a class, id or tag a given email does not hold (a
table, a quote, a footnote), and those queries were half of premailer's time. A selector
needs every class, id and tag its compounds name (a descendant, child or sibling
combinator, a pseudo-class or an attribute test only narrow it further), so when the
document holds none of one of them the rule matches nothing and may be left out: the
inlined result is the same. Anything this module cannot read is kept.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

import cssselect
from cssselect import parser

# Elements libxml2's HTML parser may add to a document that does not write them.
_IMPLIED = frozenset({"html", "head", "body", "p"})
_TAG = re.compile(r"<([a-z][^\s/>]*)")  # searched in the lower-cased document
_ATTRIBUTE = re.compile(r"""\s(class|id)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")
_ODD_SPACE = re.compile(r"[^\S \t\r\n]")  # white space to str.split, not to XPath


@dataclass(frozen=True)
class Needs:
    """What a selector's matches must hold somewhere in the document."""

    tags: frozenset[str]
    classes: frozenset[str]
    ids: frozenset[str]


@dataclass(frozen=True)
class Present:
    """Every tag, class and id a document could hold (a superset: more is safe)."""

    tags: frozenset[str]
    classes: frozenset[str]
    ids: frozenset[str]

    @classmethod
    def of(cls, document: str) -> Present:
        tags = set(_TAG.findall(document.lower()))
        classes: set[str] = set()
        ids: set[str] = set()
        for kind, *quoted in set(_ATTRIBUTE.findall(document)):  # each distinct one once
            written = "".join(quoted)  # the one of its three forms that matched
            for value in {written, html.unescape(written)} if "&" in written else (written,):
                if kind.lower() == "id":
                    ids.update((value, value.strip()))
                else:
                    classes.update(value.split())
                    if _ODD_SPACE.search(value):  # where str.split and XPath differ
                        classes.update(_XPATH_SPACE.split(value))
        return cls(frozenset(tags | _IMPLIED), frozenset(classes), frozenset(ids))

    def allows(self, needs: Needs | None) -> bool:
        """False only when the document surely lacks something the selector needs."""
        if needs is None:
            return True
        return needs.tags <= self.tags and needs.classes <= self.classes and needs.ids <= self.ids


@functools.lru_cache(maxsize=4096)
def needs_of(selector: str) -> Needs | None:
    """What `selector` needs, read from the part before its first colon: premailer queries
    either that part or the whole selector, which needs at least as much. None: unread."""
    try:
        parsed = cssselect.parse(selector.split(":", 1)[0])
    except cssselect.SelectorError:
        return None
    if len(parsed) != 1:
        return None
    tags: set[str] = set()
    classes: set[str] = set()
    ids: set[str] = set()
    _collect(parsed[0].parsed_tree, tags, classes, ids)
    return Needs(frozenset(tags), frozenset(classes), frozenset(ids))


def _collect(node: object, tags: set[str], classes: set[str], ids: set[str]) -> None:
    """Walk the subject chain of a parsed selector; a negation's argument needs nothing."""
    if isinstance(node, parser.CombinedSelector):
        _collect(node.selector, tags, classes, ids)
        _collect(node.subselector, tags, classes, ids)
    elif isinstance(node, parser.Element):
        if node.element and node.element != "*":
            tags.add(node.element.lower())
    elif isinstance(node, parser.Class):
        classes.add(node.class_name)
        _collect(node.selector, tags, classes, ids)
    elif isinstance(node, parser.Hash):
        ids.add(node.id)
        _collect(node.selector, tags, classes, ids)
    elif isinstance(node, (parser.Attrib, parser.Pseudo, parser.Function, parser.Negation)):
        _collect(node.selector, tags, classes, ids)
