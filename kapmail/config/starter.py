"""The organisation's starter kapmail.toml (`kapmail init`) and what marks a value as a
placeholder: a reserved domain (RFC 2606, RFC 6761) or the starter's own words.

The starter file is written by hand (no TOML writer dependency), every key commented. Its
default values are placeholders on purpose: rule L7 refuses them, so a series built on an
unedited file is never ready to leave.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kapmail.config import values as v
from kapmail.config.where import ORG_FILE
from kapmail.outbox import new_file

# Domains no organisation can own: mail to them bounces and links to them are dead.
RESERVED_DOMAINS = ("example.org", "example.com", "example.net")
RESERVED_SUFFIXES = ("example", "invalid", "test", "localhost")
# The starter's placeholder words; a value containing one was never filled in.
PLACEHOLDER_WORDS = ("your organisation", "your organization", "your name", "your-domain")


def reserved_host(host: str) -> bool:
    """True for a host on a reserved domain: example.org/.com/.net and their subdomains,
    anything under .example, .invalid, .test or .localhost, and localhost itself."""
    host = host.strip().rstrip(".").casefold()
    if not host:
        return False
    if any(host == d or host.endswith("." + d) for d in RESERVED_DOMAINS):
        return True
    return host.rsplit(".", 1)[-1] in RESERVED_SUFFIXES


def host_of(value: str) -> str:
    """The host of a URL or the domain of an e-mail address ('' when there is none)."""
    if "://" in value:
        return urlsplit(value).hostname or ""
    if value.startswith("mailto:"):
        value = value[len("mailto:") :].split("?", 1)[0]
    return value.rsplit("@", 1)[1] if "@" in value else ""


def placeholder_reason(value: str) -> str | None:
    """Why `value` is a placeholder (a reserved domain, a starter word), or None."""
    host = host_of(value)
    if host and reserved_host(host):
        return f"{host} is a reserved domain no organisation owns"
    lowered = value.casefold()
    for word in PLACEHOLDER_WORDS:
        if word in lowered:
            return f"{word!r} is a placeholder"
    return None


@dataclass(frozen=True)
class Question:
    """One value `kapmail init` asks for: its key, the prompt, the placeholder default, and
    the schema's check for it (raises BadValueError)."""

    key: str
    prompt: str
    default: str
    check: Callable[[Any], Any]


QUESTIONS = (
    Question("brand.name", "Organisation name", "Your organisation", v.text),
    Question("sender.name", "From name", "Your name", v.text),
    Question("sender.email", "From address", "news@example.org", v.email_address),
    Question("sender.website", "Website (https)", "https://example.org", v.https_url),
    Question("schedule.timezone", "Time zone (IANA, e.g. Europe/London)", "UTC", v.timezone),
)


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def org_toml(answers: Mapping[str, str]) -> str:
    """The commented kapmail.toml for `answers` (a key missing from them: its default)."""
    given = {q.key: answers.get(q.key, q.default) for q in QUESTIONS}
    email = given["sender.email"]
    site = given["sender.website"].rstrip("/")
    return f"""\
# kapmail.toml: the organisation's settings, shared by every campaign in the folders below.
# A campaign's campaign.toml may override any key. Every key is described in
# docs/campaign-toml.md. Values on example.org or saying "Your ..." are placeholders:
# check L7 refuses them, so nothing is exported or sent until they are your own.

[brand]
# The organisation name: the wordmark at the top of every email, unless a logo is set.
name = {_toml(given["brand.name"])}
# A hosted logo instead: logo = {{ url = "https://…/logo.png", alt = "…", width = 160 }}

[sender]
# Who the mail is from, and where replies go (both on a domain you send from).
name = {_toml(given["sender.name"])}
email = {_toml(email)}
reply_to = {_toml(email)}
# The sender's postal address, required by law (CAN-SPAM, CASL): check L1 refuses mail
# without it.
# postal_address = ["Your organisation", "1 Main Street", "Springfield, OR 97477", "United States"]
# Footer links (https): the website, one-click unsubscribe, the subscription preferences.
website = {_toml(given["sender.website"])}
unsubscribe_url = {_toml(site + "/unsubscribe")}
preferences_url = {_toml(site + "/preferences")}

[schedule]
# Every send goes out at this local hour (0-23) in this IANA time zone.
send_hour = 9
timezone = {_toml(given["schedule.timezone"])}
# Each campaign's campaign.toml sets its first send date (`kapmail new` writes one); a bare
# article (`kapmail build article.txt`) needs one here:
# start = 2027-01-04
"""


def org_file_path(folder: Path) -> Path:
    """Where `kapmail init` writes: FOLDER/kapmail.toml, refused when it exists."""
    hint = "edit it, or run `kapmail init` in another folder"
    return new_file(folder, ORG_FILE, what="an organisation file", hint=hint)
