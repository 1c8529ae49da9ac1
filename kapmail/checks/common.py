"""Small helpers several rule families share: words, phrases, unsubscribe links."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from kapmail.checks.document import Document

UNSUBSCRIBE_TEXT = re.compile(r"unsubscribe|opt[\s-]?out", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def normalise(text: str) -> str:
    """Lower case, whitespace collapsed: for comparing phrases."""
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)


def unsubscribe_links(doc: Document) -> list[etree._Element]:
    """Links whose text (or image alt) says unsubscribe or opt out."""
    return [a for a in doc.elements("a") if UNSUBSCRIBE_TEXT.search(link_text(doc, a))]


def link_text(doc: Document, link: etree._Element) -> str:
    """What a link says: its text, else the alt text of its images."""
    text = doc.text_of(link)
    if text:
        return text
    return " ".join((img.get("alt") or "").strip() for img in link.iter("img")).strip()


def first_and_count(lines: Iterable[int | None]) -> tuple[int | None, int]:
    found = list(lines)
    return (found[0] if found else None), len(found)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
