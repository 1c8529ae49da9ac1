"""Where a long identifier, address or host may wrap on a phone: <wbr> at its separators."""

from __future__ import annotations

from markupsafe import Markup, escape

SHORT = 20  # a host or identifier this short never wraps (988lifeline.org)
_AFTER = ":@/"  # a line may end after these …
_BEFORE = "-?&=_"  # … or before these, and before a period that follows a word


def breakable(text: str) -> Markup:
    """Escaped text with a <wbr> where a long identifier, address or host may wrap on a
    phone: after a colon, @ or slash, before a hyphen, ?, &, = or _, and before a period
    that follows letters (`riverbend-counselling<wbr>.example`, but `10.1080` and `2022.04`
    stay whole), so it never breaks inside a word; and never at its spaces (`PMID 123`)."""
    if len(text) <= SHORT:
        return Markup(escape(text.replace(" ", "\N{NO-BREAK SPACE}")))
    pieces, piece = [], ""
    text = text.replace(" ", "\N{NO-BREAK SPACE}")
    for at, char in enumerate(text):
        after_word = char == "." and any(c.isalpha() for c in piece)
        if piece and (char in _BEFORE or after_word):
            pieces.append(piece)
            piece = ""
        piece += char
        if char in _AFTER and text[at + 1 : at + 2] != "/":  # https:// stays whole
            pieces.append(piece)
            piece = ""
    return Markup("<wbr>").join(escape(p) for p in [*pieces, piece] if p)


LONG_WORD = 30  # link text without spaces longer than this needs to wrap on a phone


def is_long_word(text: str) -> bool:
    return len(text) > LONG_WORD and " " not in text


def wrapping(label: Markup) -> Markup:
    """A long word that wraps at its <wbr>s first, inside a piece only when one is too long."""
    return Markup('<span style="word-break:break-word">{}</span>').format(label)
