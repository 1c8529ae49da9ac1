"""The last look at each reader's message, as the bytes that leave: no header added, none lost.

Whatever went before (the CSV check, `mime.display_name`), the exact bytes handed to the
SMTP server are parsed again and must hold exactly the headers kapmail writes, each once,
with one To address (the reader's), and pass the structural header rules (H1, H3, H5, H6,
H11) that the build ran on the .eml. A message that fails is not sent: the reader is
reported by line and the run goes on.
"""

from __future__ import annotations

from collections import Counter
from email.utils import getaddresses

from kapmail import checks
from kapmail.checks.context import Context
from kapmail.checks.engine import errors
from kapmail.config import Campaign
from kapmail.errors import KapmailError
from kapmail.plan import Email

HEADERS = (
    "from",
    "reply-to",
    "to",
    "subject",
    "date",
    "message-id",
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
    "content-type",
    "mime-version",
)
RULES = ("H1", "H3", "H5", "H6", "H11")


class HeaderRefusedError(KapmailError):
    """One reader's message failed the last header check: it is not sent."""

    exit_code = 1


def check(campaign: Campaign, email: Email, data: bytes, *, to: str, subject: str) -> None:
    """Raise HeaderRefusedError unless `data` has exactly kapmail's headers, one To (`to`), and
    passes the header rules."""
    context = Context(
        name=email.slug,
        html="",
        text="",
        subject=subject,
        preheader="",
        campaign=campaign,
        position=email.position,
        slug=email.slug,
        eml=data,
    )
    message = context.message  # parsed once, for this check and for the rules
    assert message is not None
    names = Counter(name.lower() for name in message)
    extra = sorted(set(names) - set(HEADERS))
    missing = sorted(set(HEADERS) - set(names))
    twice = sorted(name for name, count in names.items() if count > 1)
    if extra or missing or twice:
        what = [
            f"{label} {', '.join(found)}"
            for label, found in (("extra", extra), ("missing", missing), ("repeated", twice))
            if found
        ]
        raise HeaderRefusedError(f"its headers are not kapmail's ({'; '.join(what)}): not sent")
    addresses = [
        addr.lower() for _, addr in getaddresses([str(v) for v in message.get_all("To", [])])
    ]
    if addresses != [to.lower()]:
        raise HeaderRefusedError(f"its To header names {addresses or 'nobody'}, not {to}: not sent")
    found = [
        f
        for f in errors(checks.REGISTRY.run([context], campaign, families=("H",)))
        if f.rule in RULES
    ]
    if found:
        first = found[0]
        raise HeaderRefusedError(f"rule {first.rule}: {first.message}: not sent")
