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
import re
from dataclasses import dataclass

import cssselect
from cssselect import parser
from lxml import etree

# Elements premailer may add to the parsed document (a <head>) or a parser may imply.
_IMPLIED = frozenset({"html", "head", "body", "p"})
_XPATH_SPACE = re.compile(r"[ \t\r\n]+")


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
    def of(cls, page: etree._Element) -> Present:
        """What the parsed document `page` holds: each element's tag, every word of its
        class (split as XPath's normalize-space splits it) and its id."""
        tags: set[str] = set()
        classes: set[str] = set()
        ids: set[str] = set()
        for el in page.iter():
            if not isinstance(el.tag, str):
                continue  # a comment or processing instruction
            tags.add(el.tag.lower())
            written = el.get("class")
            if written:
                classes.update(_XPATH_SPACE.split(written))
            if (name := el.get("id")) is not None:
                ids.add(name)
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
        if node.element and node.element != "*" and node.namespace is None:
            tags.add(node.element.lower())  # (a namespaced name is not lxml's tag: kept)
    elif isinstance(node, parser.Class):
        classes.add(node.class_name)
        _collect(node.selector, tags, classes, ids)
    elif isinstance(node, parser.Hash):
        ids.add(node.id)
        _collect(node.selector, tags, classes, ids)
    elif isinstance(node, (parser.Attrib, parser.Pseudo, parser.Function, parser.Negation)):
        _collect(node.selector, tags, classes, ids)
