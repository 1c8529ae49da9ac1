"""L: the law on commercial email (compliance.md section 3).

L2 (a clear opt-out) is checked by F14 in the HTML and F3 in the text part; its time
limits, like L6's right to object, are operations no build can check. L4 (promotional mail
identified) needs a campaign setting saying the mail is promotional: not checked yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kapmail.checks.common import contains, distinct_words, normalise, words
from kapmail.checks.context import Context
from kapmail.checks.engine import REGISTRY, Hit, error, warning

FAMILY = REGISTRY.family("L", "Law")

ADDRESS_KEY = "sender.postal_address"
_STOPWORDS = """
a an and are as at be but by can do for from how in into is it its of on or our so that the
their this to was we what when where which who why will with you your should could would
may might must not no yes new
"""
STOPWORDS = frozenset(_STOPWORDS.split())


@REGISTRY.rule("L1", "the sender's physical postal address")
def postal_address(ctx: Context) -> Iterator[Hit]:
    """a postal address is configured, has a number (street, box or postcode), and every line
    shows in both parts; for a platform that fills in its own address (Mailchimp
    `*|HTML:LIST_ADDRESS_HTML|*`, SendGrid's sender tags) its tag in both parts instead

    Severity: E.
    """
    tags = {"html": ctx.merge_tags.get("address_html"), "text": ctx.merge_tags.get("address_text")}
    for part, content in (("html", ctx.html), ("text", ctx.text)):
        tag = tags[part]
        if tag and tag not in content:
            yield error(
                f"the {_label(part)} part lacks the platform's postal address tag {tag!r}: "
                "keep the address in the footer",
                part=part,
            )
    if all(tags.values()):
        return  # the platform fills in the address it holds for the list
    lines = ctx.campaign.sender.postal_address or ()
    if not lines:
        yield error(
            "no postal address: CAN-SPAM and CASL require the sender's physical address in "
            "every email; set [sender] postal_address = ['Street 1', 'Town, postcode', "
            "'Country'] in kapmail.toml or campaign.toml",
            part="config",
            key=ADDRESS_KEY,
        )
        return
    if not any(re.search(r"\d", line) for line in lines):
        yield error(
            f"the postal address {', '.join(lines)!r} has no street number, box or postcode: "
            "give a full physical address",
            part="config",
            key=ADDRESS_KEY,
        )
    for part, haystack in (("html", ctx.doc.visible_text), ("text", ctx.text)):
        missing = [line for line in lines if not contains(haystack, line)]
        if missing and not tags[part]:
            yield error(
                f"the {_label(part)} part does not show the postal address ({missing[0]!r} is "
                "missing): keep the address in the footer",
                part=part,
            )


def _label(part: str) -> str:
    return "HTML" if part == "html" else "plain-text"


@REGISTRY.rule("L3", "the subject's key terms appear in the body")
def subject_matches_body(ctx: Context) -> Iterator[Hit]:
    """at least half of the subject's key words appear in the email

    Severity: W.
    """
    terms = [w for w in dict.fromkeys(words(ctx.subject)) if w not in STOPWORDS and len(w) > 2]
    if not terms:
        return
    body = {_stem(w) for w in distinct_words(ctx.doc.visible_text or ctx.text)}
    missing = [t for t in terms if _stem(t) not in body]
    if len(missing) * 2 > len(terms):
        yield warning(
            f"most key terms of the subject are not in the email ({', '.join(missing)}): a "
            "subject must not mislead about the content; reword it",
            part="config",
            key=ctx.config_key("subject"),
        )


def _stem(word: str) -> str:
    """A crude English stem: enough to match 'disorder' with 'disorders'."""
    for ending in ("ies", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@REGISTRY.rule("L5", "sender identity and a way to reach them, in both parts")
def sender_identity(ctx: Context) -> Iterator[Hit]:
    """both parts name the sender (brand or sender name) and show its e-mail address or website

    Severity: E.
    """
    names = [ctx.campaign.brand.name, ctx.campaign.sender.name]
    contacts = [ctx.campaign.sender.email, ctx.campaign.sender.website]
    for part, haystack in (("html", ctx.doc.visible_text), ("text", ctx.text)):
        label = _label(part)
        if names and not any(contains(haystack, n) for n in names):
            yield error(
                f"the {label} part never names the sender ({' or '.join(names)}): say who "
                "sends the email (the footer does)",
                part=part,
            )
        flat = normalise(haystack)
        if contacts and not any(_contact_shown(flat, c) for c in contacts):
            yield error(
                f"the {label} part gives no way to reach the sender ({' or '.join(contacts)}): "
                "show the sender's e-mail address or website",
                part=part,
            )


def _contact_shown(flat: str, contact: str) -> bool:
    contact = normalise(contact)
    host = re.sub(r"^https?://", "", contact).rstrip("/")
    return contact in flat or host in flat
