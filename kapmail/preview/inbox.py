"""What an inbox shows of an email before it is opened: the preview text and the headers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from email.message import Message

PREVIEW_CHARS = 100
HIDDEN_TAGS = ("head", "script", "style", "title", "template")


@dataclass(frozen=True)
class Card:
    """One email as the gallery shows it, beside its manifest entry."""

    preview: str  # the inbox line after the subject
    html: str  # the HTML as written
    text: str  # the plain-text part as written
    headers: tuple[tuple[str, str], ...]  # the .eml headers, in order
    send_date: str  # the send date in words, in the campaign's time zone


@dataclass(frozen=True)
class Inbox:
    """What the inbox line needs of one written email: its preview text and headers (a
    build cache keeps it, so a rebuild parses no unchanged email again)."""

    preview: str
    headers: tuple[tuple[str, str], ...]


def inbox_of(html: bytes, eml: bytes, message: Message | None = None, parsed: Any = None) -> Inbox:
    """The inbox line of an email; `message`: its .eml already parsed (`mailparse`), and
    `parsed`: its HTML's root element, already parsed (the checks'), else it is parsed here."""
    return Inbox(preview_text(html, parsed=parsed), headers(eml, message))


def preview_text(html: bytes | str, limit: int = PREVIEW_CHARS, *, parsed: Any = None) -> str:
    """The first `limit` characters of the body's text, as a client computes them: hidden
    text (the preheader, its padding) included, whitespace collapsed, markup left out."""
    if parsed is None:
        from lxml import html as lxml_html

        parsed = lxml_html.document_fromstring(html)
    doc = parsed
    body = doc.find("body")
    read = ""
    for piece in _text_pieces(body if body is not None else doc):
        read += piece
        if len(read) > limit and len(" ".join(read.split())) >= limit:
            break  # what follows can only come after the first `limit` characters
    return " ".join(read.split())[:limit]


def _text_pieces(element: Any) -> Iterator[str]:
    """The text under `element` in document order, as `itertext` yields it, but nothing
    inside a hidden tag (its tail is text of its parent) and only as far as it is read."""
    if element.text and isinstance(element.tag, str):
        yield element.text
    for child in element:
        if isinstance(child.tag, str) and child.tag not in HIDDEN_TAGS:
            yield from _text_pieces(child)
        if child.tail:
            yield child.tail


def headers(eml: bytes, message: Message | None = None) -> tuple[tuple[str, str], ...]:
    """The headers of an .eml file, in their order, unfolded (`message`: already parsed)."""
    if message is None:
        from kapmail import mailparse

        message = mailparse.headers_only(eml)
    return tuple((name, " ".join(str(value).split())) for name, value in message.items())


def card(html: bytes, text: bytes, eml: bytes, send_date: str, inbox: Inbox | None = None) -> Card:
    """What the gallery needs of one written email (`inbox`: its inbox line, when known)."""
    inbox = inbox or inbox_of(html, eml)
    return Card(
        preview=inbox.preview,
        html=html.decode("utf-8"),
        text=text.decode("utf-8"),
        headers=inbox.headers,
        send_date=send_date,
    )
