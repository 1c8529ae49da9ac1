"""One email -> a complete RFC 5322 message (.eml): multipart/alternative, text then HTML.

Deterministic: the Date is the email's send time, the Message-ID and the MIME boundary
come from a hash of the input, nothing depends on the clock or on chance. Bodies are
UTF-8 in quoted-printable with lines of at most 76 characters. The file uses LF line
ends (as mail tools store messages on disk); SMTP delivery converts them to CRLF.
`X-Unsent: 1` makes Outlook open the file as a draft; `kapmail send` builds the same message
with a `Sending` instead: dated when it leaves, its own Message-ID, no `X-Unsent`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

from kapmail.config import Campaign
from kapmail.config.values import BadValueError, email_address
from kapmail.deliver.emlformat import BODY_POLICY, QUOTED_PRINTABLE, flattened
from kapmail.errors import KapmailError
from kapmail.plan import Email
from kapmail.text import NOT_ONE_LINE

PLACEHOLDER_TO = Address("Subscriber", addr_spec="subscriber@example.invalid")
DRAFT_HEADER = "X-Unsent"
_TO_HINT = "write name@example.org or 'Name <name@example.org>'"


def one_line(value: str, *, header: str, key: str | None = None) -> str:
    """A header value on one line, without control characters (header injection).

    Config already refuses them in its values; this guards whatever else reaches a header.
    `key` names the setting or option the value came from (default: the header's name).
    """
    found = NOT_ONE_LINE.search(value)  # (the stdlib would refuse some with a bare ValueError)
    if found:
        raise KapmailError(
            f"the {header} header would contain a line break or control character "
            f"(U+{ord(found.group(0)):04X})",
            key=key or header,
            hint="write the value on one line without control characters",
        )
    return value


_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")


def display_name(value: str, *, header: str = "To", key: str | None = None) -> str:
    """A name for an address header: one line, and no encoded word (`=?utf-8?q?…?=`) that
    decodes to a line break or control character.

    The stdlib decodes such a word when it refolds the header and (CVE-2024-6923, Python
    before 3.11.10 / 3.12.5) writes the decoded CR LF as is: a `Bcc:` of the reader's
    choosing, or a blank line that ends the headers early. Refused here, before folding.
    """
    one_line(value, header=header, key=key)
    for word in _ENCODED_WORD.findall(value):
        try:
            decoded = str(make_header(decode_header(word)))
        except (ValueError, LookupError, UnicodeDecodeError):
            decoded = "\n"  # undecodable: refused rather than guessed
        if NOT_ONE_LINE.search(decoded):
            raise KapmailError(
                f"the {header} header's name holds an encoded word that decodes to a line "
                "break or control character",
                key=key or header,
                hint="write the name as plain text",
            )
    return value


def sender_domain(campaign: Campaign) -> str:
    return campaign.sender.email.rsplit("@", 1)[1].lower()


def digest(campaign: Campaign, email: Email) -> str:
    """A stable hash of what identifies one email of one campaign."""
    key = "\n".join((campaign.slug, email.slug, email.subject, email.send_at.isoformat()))
    return hashlib.sha256(key.encode()).hexdigest()


def message_id(
    campaign: Campaign, email: Email, recipient: str | None = None, *, run: str = ""
) -> str:
    """`<32 hex digits@sender domain>`, the same for the same input.

    With a `recipient` (a send), each recipient's copy has its own, and a resend of the same
    copy the same (so a duplicate can be recognised); `run` sets one test send apart from
    the next.
    """
    key = digest(campaign, email)
    if recipient is not None or run:
        key = hashlib.sha256(f"{key}\n{recipient or ''}\n{run}".encode()).hexdigest()
    return f"<{key[:32]}@{sender_domain(campaign)}>"


def recipient(value: str | None) -> Address:
    """The To address: `name@example.org` or `Name <name@example.org>`, else the placeholder.

    Exactly one address: `Sam <sam@example.org>, other@example.org` is refused, not cut
    to its first address; a quoted name may hold a comma (`"Sam, Jr." <sam@example.org>`).
    """
    if value is None:
        return PLACEHOLDER_TO
    found = getaddresses([one_line(value, header="To", key="--to")])
    for name, _ in found:
        display_name(name, key="--to")
    if len(found) > 1 and all(addr for _, addr in found):
        raise KapmailError(
            f"{value!r} holds more than one e-mail address",
            key="--to",
            hint=f"give one: {_TO_HINT}",
        )
    name, addr = found[0] if len(found) == 1 else ("", "")  # ('', '') marks a parse error
    try:
        addr = email_address(addr)
    except BadValueError:
        raise KapmailError(
            f"{value!r} is not an e-mail address", key="--to", hint=_TO_HINT
        ) from None
    local, domain = addr.rsplit("@", 1)
    return Address(name, local, domain)


@dataclass(frozen=True)
class Sending:
    """What sets a message that goes out apart from its .eml file: the moment it leaves
    (its Date), its own Message-ID, an optional subject prefix (`[TEST] `), and no
    `X-Unsent` header."""

    date: dt.datetime
    message_id: str
    subject_prefix: str = ""
    unsubscribe_url: str | None = None  # the reader's own ({token}/{email} filled)


def build_message(
    campaign: Campaign,
    email: Email,
    html: str,
    text: str,
    *,
    to: str | Address | None = None,
    sending: Sending | None = None,
) -> EmailMessage:
    """The message object: headers, then text/plain and text/html alternatives.

    Without `sending` it is the .eml file (a draft dated at the send time); with it, the
    message as it goes out over SMTP (see `Sending`).
    """
    sender = campaign.sender
    msg = EmailMessage(policy=BODY_POLICY)
    msg["From"] = _address(sender.name, sender.email, "From")
    msg["Reply-To"] = _address(None, sender.reply_to, "Reply-To")
    msg["To"] = (
        Address(display_name(to.display_name), to.username, to.domain)
        if isinstance(to, Address)
        else recipient(to)
    )
    prefix = sending.subject_prefix if sending else ""
    msg["Subject"] = one_line(prefix + email.subject, header="Subject")
    msg["Date"] = format_datetime(sending.date if sending else email.send_at)
    msg["Message-ID"] = sending.message_id if sending else message_id(campaign, email)
    msg["List-Id"] = list_id(campaign)
    unsubscribe = list_unsubscribe(campaign, sending.unsubscribe_url if sending else None)
    msg["List-Unsubscribe"] = one_line(unsubscribe, header="List-Unsubscribe")
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if sending is None:
        msg[DRAFT_HEADER] = "1"
    msg.set_content(text, subtype="plain", content_manager=QUOTED_PRINTABLE)
    msg.add_alternative(html, subtype="html", content_manager=QUOTED_PRINTABLE)
    msg.set_boundary(f"=_kapmail_{digest(campaign, email)[32:56]}")
    return msg


def to_bytes(
    campaign: Campaign, email: Email, html: str, text: str, *, to: str | None = None
) -> bytes:
    """The .eml file's bytes."""
    return flattened(build_message(campaign, email, html, text, to=to))


def wire_bytes(message: EmailMessage) -> bytes:
    """A message as SMTP carries it: the .eml serialisation with CRLF line ends."""
    return re.sub(rb"\r?\n", b"\r\n", flattened(message))


def list_id(campaign: Campaign) -> str:
    """`"Campaign name" <campaign-slug.sender-domain>` (RFC 2919)."""
    name = one_line(campaign.name, header="List-Id").replace('"', "'").replace("\\", "/")
    phrase = f'"{name}"' if name.isascii() else name  # non-ASCII: encoded words, no quotes
    return f"{phrase} <{campaign.slug}.{sender_domain(campaign)}>"


def list_unsubscribe(campaign: Campaign, url: str | None = None) -> str:
    """`<https unsubscribe URL>, <mailto:…?subject=unsubscribe>` (RFC 2369, RFC 8058);
    `url`: a reader's own URL instead of the configured one."""
    sender = campaign.sender
    mailbox = sender.unsubscribe_mailto or sender.email
    return f"<{url or sender.unsubscribe_url}>, <mailto:{mailbox}?subject=unsubscribe>"


def _address(name: str | None, addr: str, header: str) -> Address:
    local, domain = one_line(addr, header=header).rsplit("@", 1)
    return Address(display_name(name or "", header=header), local, domain)
