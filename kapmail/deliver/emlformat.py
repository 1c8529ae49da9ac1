"""How kapmail writes an .eml: the policy its headers are made and folded with, its text
parts' encoding, and the flattening to bytes. Each matches what the standard library would
write (the tests compare), only faster: headers every email shares are made once, bodies
are encoded in C and written in one piece.
"""

from __future__ import annotations

import binascii
import functools
import io
from email.contentmanager import ContentManager
from email.generator import BytesGenerator
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from typing import Any, cast


class _Policy(EmailPolicy):
    """policy.default, but headers made of ASCII words fold between words only.

    The stdlib moves a value that does not fit after `Name:` to the next line, so a
    parser then reads `Message-ID` as ' <…>'. Here such a header stays on its first line
    (a single long token may exceed 78 octets, never 998) and folds at later spaces.
    """

    def fold(self, name: str, value: str) -> str:
        text = str(value)
        if name.lower() in _WORD_FOLDED and text.isascii() and "\n" not in text:
            return _fold_words(name, text, self.max_line_length or 78, self.linesep)
        return super().fold(name, value)

    def header_store_parse(self, name: str, value: Any) -> tuple[str, Any]:
        """As policy.default; a header made from one line of text or one address is kept
        per (name, value), so the headers every email shares (From, Content-Type, List-*)
        are made once."""
        if type(value) is str and len(value.splitlines()) <= 1:
            return name, _made_header(self.header_factory, name, value)
        if type(value) is Address:
            fields = (value.display_name, value.username, value.domain)
            return name, _made_address(self.header_factory, name, fields)
        return super().header_store_parse(name, value)

    def header_max_count(self, name: str) -> int | None:
        """As policy.default, looked up once per name (the stdlib makes a class each time)."""
        return _max_count(self.header_factory, name.lower())

    def fold_binary(self, name: str, value: str) -> bytes:
        """As policy.default (but `fold`'s ASCII words); a header made once for every email
        (`_made_header`, `_made_address`) is folded once per name and policy."""
        key = (name, self.max_line_length, self.linesep, self.utf8, self.cte_type)
        kept = getattr(value, "_kapmail_folded", None)
        if kept is not None and kept[0] == key:
            return cast(bytes, kept[1])
        text = str(value)
        if name.lower() in _WORD_FOLDED and text.isascii() and "\n" not in text:
            folded = self.fold(name, value).encode("ascii")
        else:
            folded = super().fold_binary(name, value)
        if getattr(value, "_kapmail_shared", False):
            value._kapmail_folded = (key, folded)  # type: ignore[attr-defined]
        return folded


@functools.lru_cache(maxsize=4096)
def _made_header(factory: Any, name: str, value: str) -> Any:
    return _shared(factory(name, value))


@functools.lru_cache(maxsize=1024)
def _made_address(factory: Any, name: str, fields: tuple[str, str, str]) -> Any:
    return _shared(factory(name, Address(*fields)))


def _shared(header: Any) -> Any:
    """A header object every email may hold: `fold_binary` keeps its folded bytes on it."""
    header._kapmail_shared = True
    return header


@functools.lru_cache(maxsize=256)
def _max_count(factory: Any, name: str) -> int | None:
    return cast(int | None, factory[name].max_count)


def _fold_words(name: str, value: str, limit: int, linesep: str) -> str:
    """`Name: first-word` on the first line, then words while they fit in `limit`."""
    first, *rest = value.split(" ")
    lines = [f"{name}: {first}"]
    for word in rest:
        if len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += f" {word}"
        else:
            lines.append(f" {word}")
    return linesep.join(lines) + linesep


_WORD_FOLDED = {"message-id", "list-id", "list-unsubscribe"}
# Bodies are encoded with lines of at most 76 characters (RFC 2045); headers fold at 78.
POLICY = _Policy()
BODY_POLICY = POLICY.clone(max_line_length=76)


def _set_text(part: EmailMessage, text: str, subtype: str) -> None:
    """A text part in UTF-8, quoted-printable: the standard library's own text handler, but
    encoding with `binascii.b2a_qp` (C) instead of `quoprimime` (Python), a third of the time
    an .eml took. Both write RFC 2045 quoted-printable; they differ only in rare corners (a
    line of a lone dot, which b2a_qp encodes, safer for SMTP; where a line ending in white
    space or an escape is broken)."""
    part["Content-Type"] = f"text/{subtype}"
    lines = text.encode("utf-8").splitlines()  # as the stdlib does: CR, LF, CRLF -> LF
    part.set_payload(binascii.b2a_qp(b"\n".join(lines) + b"\n", istext=True).decode("ascii"))
    part.set_param("charset", "utf-8", replace=True)
    part["Content-Transfer-Encoding"] = "quoted-printable"


QUOTED_PRINTABLE = ContentManager()
QUOTED_PRINTABLE.add_set_handler(str, _set_text)


def flattened(message: EmailMessage) -> bytes:
    """`message.as_bytes(policy=POLICY)`, each body written at once (`_Writer`)."""
    out = io.BytesIO()
    _Writer(out, mangle_from_=False, policy=POLICY).flatten(message)
    return out.getvalue()


class _Writer(BytesGenerator):
    """The stdlib's BytesGenerator, but a body whose lines already end in the policy's line
    separator (LF) is written in one piece: the stdlib splits it and writes it line by line
    (a quarter of an .eml's time) to the same bytes."""

    def _write_lines(self, lines: str) -> None:
        if self._NL == "\n" and "\r" not in lines:  # type: ignore[attr-defined]
            self.write(lines)
        else:
            super()._write_lines(lines)  # type: ignore[misc]
