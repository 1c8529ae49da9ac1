"""Where a long identifier, address or host may wrap on a phone: <wbr> at its separators."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_BREAK_BEFORE = re.compile(r"(?=[./?&=_-])(?<=[^\s./?&=_-])|(?<=[:@])(?=\S)")


def breakable(text: str) -> Markup:
    """Escaped text with a <wbr> where a long identifier, address or host may wrap on a
    phone: before a period, slash, hyphen, ?, &, = or _, and after a colon or @ (the
    typographers' rule for URLs and DOIs), so it never breaks inside a word."""
    return Markup("<wbr>").join(escape(piece) for piece in _BREAK_BEFORE.split(text))


LONG_WORD = 30  # link text without spaces longer than this needs to wrap on a phone


def is_long_word(text: str) -> bool:
    return len(text) > LONG_WORD and " " not in text


def wrapping(label: Markup) -> Markup:
    """A long word that wraps at its <wbr>s first, inside a piece only when one is too long."""
    return Markup('<span style="word-break:break-word">{}</span>').format(label)
