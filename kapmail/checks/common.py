"""Small helpers several rule families share: words, phrases, unsubscribe links."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kapmail import i18n
from kapmail.content.model import strings

if TYPE_CHECKING:  # the report imports this module: no parsing stack for it
    from lxml import etree

    from kapmail.checks.context import Context
    from kapmail.checks.document import Document

UNSUBSCRIBE_TEXT = re.compile(r"unsubscribe|opt[\s-]?out", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@functools.lru_cache(maxsize=64)
def normalise(text: str) -> str:
    """Lower case, whitespace collapsed: for comparing phrases (several rules search one
    email's text: it is normalised once)."""
    return " ".join(text.split()).casefold()


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


@functools.lru_cache(maxsize=32)
def distinct_words(text: str) -> frozenset[str]:
    """The set of `words(text)`, read once for the rules that compare an email's words."""
    return frozenset(words(text))


def contains(haystack: str, needle: str) -> bool:
    return normalise(needle) in normalise(haystack)


def unsubscribe_links(doc: Document, language: str = "en") -> list[etree._Element]:
    """Links whose text (or image alt) says unsubscribe or opt out, in English or as kapmail's
    own footer says it in the email's `language` ("Darse de baja")."""
    said = _unsubscribe_said(language or "en")
    return [link.element for link in doc.links if said.search(link.said)]


@functools.lru_cache(maxsize=16)
def _unsubscribe_said(language: str) -> re.Pattern[str]:
    own = i18n.translations(language).gettext("Unsubscribe")
    return re.compile(f"{UNSUBSCRIBE_TEXT.pattern}|{re.escape(own)}", re.IGNORECASE)


def first_and_count(lines: Iterable[int | None]) -> tuple[int | None, int]:
    found = list(lines)
    return (found[0] if found else None), len(found)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _bare_url(url: str) -> str:
    """A URL without its query and fragment (the UTM tags the layout adds), for matching."""
    parts = urlsplit(url.strip())
    return parts._replace(query="", fragment="").geturl().rstrip("/").casefold()


def in_article(
    ctx: Context, line: int | None, *, url: str | None = None, text: str | None = None
) -> dict[str, Any]:
    """Where a finding about the email's HTML belongs: the article line (or Word paragraph)
    of the link to `url` or the block whose text is `text` when the article wrote it, else the
    HTML `line`. Splat it into `error(...)` or `warning(...)`."""
    email = ctx.email
    if email is not None and (url or text):
        wanted = _bare_url(url) if url else normalise(text or "")
        for found, at in strings(email.blocks):
            if at is None:
                continue
            if (url and _bare_url(found) == wanted) or (text and wanted == normalise(found)):
                return {"part": "article", "key": ctx.article or "article", "line": at}
    return {"line": line}
