"""H: message headers and MIME (compliance.md section 2), over the built `.eml`.

Every rule here reads the `.eml` each build writes (`build.contexts` passes its bytes) and
yields nothing for a context that carries no message. H7-H10 are operations (DKIM,
honouring opt-outs, sender reputation) and H9's List-Id belongs with list management; none is
checked here.

Longer than 300 lines on purpose: each rule's docstring is its row of the generated
checks reference (docs/checks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.utils import getaddresses

from kapmail.checks.context import Context
from kapmail.checks.engine import REGISTRY, Hit, error, warning

FAMILY = REGISTRY.family("H", "Headers and MIME")

REQUIRED = ("Date", "From", "Message-ID", "MIME-Version", "Subject", "To")
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "yahoo.com",
        "ymail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "proton.me",
        "protonmail.com",
        "mail.com",
        "zoho.com",
        "yandex.com",
    }
)
LINE_MAX, HEADER_FOLD, ENCODED_MAX = 998, 78, 76
ONE_CLICK = "List-Unsubscribe=One-Click"
_MESSAGE_ID = re.compile(r"^<([^<>@\s]+)@([^<>@\s]+)>$")
_URIS = re.compile(r"<([^<>]*)>")


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().lower().rstrip(">")


def _get(message: EmailMessage, name: str) -> str:
    """A header's value, decoded; the raw value when it is too broken to parse."""
    try:
        return str(message.get(name, "")).strip()
    except (ValueError, TypeError, IndexError):
        raw = {k.lower(): v for k, v in message.raw_items()}.get(name.lower(), "")
        return str(raw).strip()


def _decoded(raw: str) -> str:
    """A raw header value unfolded and with its encoded words decoded."""
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", str(raw))
    try:
        return str(make_header(decode_header(unfolded)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return unfolded


def _addresses(message: EmailMessage, name: str) -> list[str]:
    values = [_decoded(v) for k, v in message.raw_items() if k.lower() == name.lower()]
    return [addr for _, addr in getaddresses(values) if addr]


@REGISTRY.rule("H1", "Date, From, Message-ID, MIME-Version 1.0, Subject, To")
def required_headers(ctx: Context) -> Iterator[Hit]:
    """`.eml`: Date, From, Message-ID `<unique@sending-domain>`, MIME-Version 1.0, Subject, To

    Severity: E.
    """
    message = ctx.message
    if message is None:
        return
    for name in REQUIRED:
        if not _get(message, name):
            yield error(f"no {name} header: RFC 5322 requires it; add it", part="header", key=name)
    version = _get(message, "MIME-Version")
    if version and version != "1.0":
        yield error(f"MIME-Version is {version!r}: write 1.0", part="header", key="MIME-Version")
    message_id = _get(message, "Message-ID")
    sender = _addresses(message, "From")
    if message_id:
        match = _MESSAGE_ID.match(message_id)
        if not match:
            yield error(
                f"Message-ID {message_id!r} is not <unique@domain>: write it so",
                part="header",
                key="Message-ID",
            )
        elif sender and match.group(2).lower() != _domain(sender[0]):
            yield error(
                f"Message-ID is on {match.group(2)}, not the sending domain "
                f"{_domain(sender[0])}: generate it on the sender's domain",
                part="header",
                key="Message-ID",
            )


@REGISTRY.rule("H2", "From and Reply-To on the sender's own domain")
def own_domain(ctx: Context) -> Iterator[Hit]:
    """`.eml`: From and Reply-To not free-mail; Reply-To on the From domain

    Severity: E.
    """
    message = ctx.message
    if message is None:
        return
    senders = _addresses(message, "From")
    home = _domain(senders[0]) if senders else ""
    for name in ("From", "Reply-To"):
        for address in _addresses(message, name):
            domain = _domain(address)
            if domain in FREE_MAIL:
                yield error(
                    f"{name} {address} is a free-mail address: Gmail and Yahoo reject bulk "
                    "mail from them; send from your organisation's domain",
                    part="header",
                    key=name,
                )
            elif name == "Reply-To" and home not in FREE_MAIL | {""} and not _related(domain, home):
                yield error(
                    f"Reply-To {address} is not on the sending domain {home}: use an address "
                    "of your own domain",
                    part="header",
                    key=name,
                )


def _related(first: str, second: str) -> bool:
    return first == second or first.endswith("." + second) or second.endswith("." + first)


@REGISTRY.rule("H3", "lines at most 998 octets; headers folded at 78")
def line_length(ctx: Context) -> Iterator[Hit]:
    """`.eml`: line length; header lines folded at 78 where a space allows (a lone long token such
    as a Message-ID is left alone)

    Severity: E > 998, W > 78.
    """
    if ctx.eml is None:
        return
    head, _, _ = ctx.eml.replace(b"\r\n", b"\n").partition(b"\n\n")
    header_lines = head.count(b"\n") + 1
    long_fold: list[int] = []
    for number, line in enumerate(ctx.eml.replace(b"\r\n", b"\n").split(b"\n"), start=1):
        if len(line) > LINE_MAX:
            yield error(
                f"line {number} is {len(line)} octets: RFC 5322 forbids more than {LINE_MAX}; "
                "encode the part as quoted-printable or base64",
                part="eml",
                line=number,
            )
        elif number <= header_lines and len(line) > HEADER_FOLD and _foldable(line):
            long_fold.append(number)
    if long_fold:
        yield warning(
            f"{len(long_fold)} header line(s) over {HEADER_FOLD} characters (first: line "
            f"{long_fold[0]}): fold long headers at a space",
            part="eml",
            line=long_fold[0],
        )


def _foldable(line: bytes) -> bool:
    """A space or tab to fold at, past the field name and within the first 78 characters.

    A header whose value is one long token (a Message-ID, an unsubscribe URI) cannot be
    folded usefully; RFC 5322's 78 is a SHOULD, so such a line is left alone.
    """
    start = line.find(b":") + 2 if not line[:1].isspace() else 1
    return any(ch in b" \t" for ch in line[start:HEADER_FOLD])


@REGISTRY.rule("H4", "parts encoded quoted-printable or base64, lines at most 76")
def transfer_encoding(ctx: Context) -> Iterator[Hit]:
    """`.eml`: every part quoted-printable or base64, encoded lines ≤ 76

    Severity: E.
    """
    message = ctx.message
    if message is None:
        return
    for part in message.walk():
        if part.is_multipart():
            continue
        kind = part.get_content_type()
        encoding = str(part.get("Content-Transfer-Encoding", "7bit")).strip().lower()
        if encoding not in {"quoted-printable", "base64"}:
            yield error(
                f"the {kind} part is sent as {encoding}: encode it quoted-printable or base64 "
                "so no relay rewraps or rejects it",
                part="header",
                key="Content-Transfer-Encoding",
            )
            continue
        payload = part.get_payload(decode=False)
        lines = str(payload).replace("\r\n", "\n").split("\n")
        longest = max((len(line) for line in lines), default=0)
        if longest > ENCODED_MAX:
            yield error(
                f"the {kind} part has encoded lines of {longest} characters: RFC 2045 allows "
                f"{ENCODED_MAX}; let the encoder wrap them",
                part="header",
                key="Content-Transfer-Encoding",
            )


@REGISTRY.rule("H5", "List-Unsubscribe with an https URI")
def list_unsubscribe(ctx: Context) -> Iterator[Hit]:
    """`.eml`: `List-Unsubscribe: <https://…>, <mailto:…>` with an https URI

    Severity: E.
    """
    message = ctx.message
    if message is None:
        return
    value = _get(message, "List-Unsubscribe")
    key = "List-Unsubscribe"
    if not value:
        yield error(
            "no List-Unsubscribe header: Gmail and Yahoo require one-click unsubscribe; add "
            "List-Unsubscribe: <https://…>, <mailto:…>",
            part="header",
            key=key,
        )
        return
    uris = _URIS.findall(value)
    leftover = _URIS.sub("", value).replace(",", "").strip()
    if not uris or leftover:
        yield error(
            f"List-Unsubscribe {value!r} is not a list of <URI>s: write <https://…>, <mailto:…>",
            part="header",
            key=key,
        )
    if not any(uri.lower().startswith("https://") for uri in uris):
        yield error(
            "List-Unsubscribe has no https:// URI: one-click unsubscribe needs one",
            part="header",
            key=key,
        )
    for uri in uris:
        if not uri.lower().startswith(("https://", "mailto:")):
            yield error(
                f"List-Unsubscribe URI {uri!r} is neither https: nor mailto:",
                part="header",
                key=key,
            )


@REGISTRY.rule("H6", "List-Unsubscribe-Post: List-Unsubscribe=One-Click")
def one_click(ctx: Context) -> Iterator[Hit]:
    """`.eml`: `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, exactly

    Severity: E.
    """
    message = ctx.message
    if message is None:
        return
    value = _get(message, "List-Unsubscribe-Post")
    if value != ONE_CLICK:
        found = f"is {value!r}" if value else "is missing"
        yield error(
            f"List-Unsubscribe-Post {found}: write exactly 'List-Unsubscribe-Post: "
            f"{ONE_CLICK}' (RFC 8058)",
            part="header",
            key="List-Unsubscribe-Post",
        )


@REGISTRY.rule("H11", "no CR or LF from content in header values")
def header_injection(ctx: Context) -> Iterator[Hit]:
    """no CR or LF in a subject or header value (header injection)

    Severity: E.
    """
    if "\r" in ctx.subject or "\n" in ctx.subject:
        yield error(
            "the subject contains a line break: it could inject headers; remove it",
            part="config",
            key=ctx.config_key("subject"),
        )
    message = ctx.message
    if message is None:
        return
    for name, raw in message.raw_items():
        value = _decoded(raw)
        if "\r" in value or "\n" in value:
            yield error(
                f"header {name} carries a line break in its value: header injection; "
                "strip CR and LF from content before it reaches a header",
                part="header",
                key=name,
            )
    subject = " ".join(_get(message, "Subject").split())
    if subject != " ".join(ctx.subject.split()):
        yield error(
            f"the Subject header {subject!r} differs from the email's subject "
            f"{' '.join(ctx.subject.split())!r}: content broke out of the header (injection?); "
            "build headers with the email package, never by pasting strings",
            part="header",
            key="Subject",
        )
