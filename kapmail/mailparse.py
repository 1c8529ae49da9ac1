"""Reading .eml bytes back: the one parsing policy the rules and the gallery's inbox line use.

It is `email.policy.default` except that a header value, once parsed, is kept per (name,
raw value) for the process: the stdlib parses a header again on every `get`, and the rules
ask a message for its Content-Type dozens of times, while the From, Reply-To and List-*
headers are the same in every email of a series. Parsed headers are immutable strings, so
sharing them changes nothing a reader sees.
"""

from __future__ import annotations

import functools
from email.message import EmailMessage, Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import EmailPolicy
from typing import Any, cast


class _Reading(EmailPolicy):
    """policy.default, with parsed header values kept (see the module docstring)."""

    def header_fetch_parse(self, name: str, value: str) -> Any:
        if hasattr(value, "name"):  # already a header object
            return value
        return _fetched(self, name, value)


@functools.lru_cache(maxsize=4096)
def _fetched(policy: EmailPolicy, name: str, value: str) -> Any:
    return EmailPolicy.header_fetch_parse(policy, name, value)


READING = _Reading()


def message(eml: bytes) -> EmailMessage:
    """The whole message, its parts included."""
    return cast(EmailMessage, BytesParser(policy=READING).parsebytes(eml))


def headers_only(eml: bytes) -> Message:
    """The message's top-level headers (the body is left unparsed)."""
    return BytesHeaderParser(policy=READING).parsebytes(eml)
