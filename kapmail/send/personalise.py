"""Each recipient's own copy of a checked email: first name, To, Message-ID, Date.

The series is built and checked once with `PROFILE`: the generic profile (the configured
links and postal address), except that the first name is written as the tag `{{ first_name }}`
(declared as handlebars, so rule M2 knows it is meant). Per recipient that exact tag becomes
the first name (HTML-escaped in the HTML part), or `platforms.FALLBACK_NAME` without one;
the unsubscribe URL becomes the reader's own when it holds {token} or {email} (`optout`);
nothing else in the checked bytes changes. The message is then built as the .eml is
(`deliver.mime`), addressed to the recipient, dated now, without `X-Unsent`, and with
`[TEST] ` before the subject of a test send.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from html import escape

from kapmail.config import Campaign
from kapmail.deliver import mime
from kapmail.plan import Email
from kapmail.platforms import FALLBACK_NAME, GENERIC
from kapmail.send import optout
from kapmail.send.recipients import Recipient

FIRST_NAME_TAG = "{{ first_name }}"
TEST_PREFIX = "[TEST] "
PROFILE = dataclasses.replace(
    GENERIC,
    name="smtp",
    title="Direct SMTP (kapmail send): generic, with the first name merged per recipient",
    first_name=FIRST_NAME_TAG,
    syntax=("handlebars",),
)


def merge(html: str, text: str, first_name: str | None) -> tuple[str, str]:
    """The HTML and text with the first-name tag replaced (the fallback without a name)."""
    name = first_name or FALLBACK_NAME
    return html.replace(FIRST_NAME_TAG, escape(name)), text.replace(FIRST_NAME_TAG, name)


def message_id(
    campaign: Campaign, email: Email, recipient: Recipient, *, now: dt.datetime, test: bool
) -> str:
    """The recipient's own Message-ID; a test send's differs from the last test's."""
    return mime.message_id(campaign, email, recipient.key, run=now.isoformat() if test else "")


def message(
    campaign: Campaign,
    email: Email,
    html: bytes,
    text: bytes,
    recipient: Recipient,
    *,
    now: dt.datetime,
    test: bool = False,
    unsubscribe_key: bytes | None = None,
) -> bytes:
    """The bytes to hand to the SMTP server (CRLF line ends) for one recipient: their first
    name, and their own unsubscribe URL in the footer and List-Unsubscribe."""
    merged_html, merged_text = merge(html.decode(), text.decode(), recipient.first_name)
    template = campaign.sender.unsubscribe_url
    url = optout.personal(
        template, campaign=campaign.slug, address=recipient.address, key=unsubscribe_key
    )
    merged_html, merged_text = optout.fill(merged_html, merged_text, template, url)
    sending = mime.Sending(
        date=now,
        message_id=message_id(campaign, email, recipient, now=now, test=test),
        subject_prefix=TEST_PREFIX if test else "",
        unsubscribe_url=url,
    )
    built = mime.build_message(
        campaign, email, merged_html, merged_text, to=recipient.to, sending=sending
    )
    return mime.wire_bytes(built)
