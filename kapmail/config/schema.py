"""The configuration schema: one frozen dataclass per TOML table, help beside each key.

Every key is declared once, with its check, its default and what it means (the way mkdocs
declares its options); the loader validates against these declarations and callers read
typed attributes: `campaign.schedule.timezone`. `docs/campaign-toml.md` documents every key
(a test holds the two together). Longer than 300 lines on purpose: every key of every table
is declared here once, beside its help, rather than split across files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from kapmail.config import values as v

REQUIRED: Any = dataclasses.MISSING


def key(check: Callable[[Any], Any], default: Any = REQUIRED, help: str = "") -> Any:
    """Declare one key: how its value is checked, its default (none: required), its meaning."""
    meta = {"check": check, "help": help}
    if default is REQUIRED:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


# ---- [campaign] and the shared tables ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class About:
    """[campaign]: the series itself (campaign.toml only)."""

    name: str = key(v.text, help="the campaign's name")
    slug: str | None = key(v.slug, None, "output folder name under --out (default: folder name)")
    article: str = key(v.relative_file, "article.txt", "the article, inside the campaign folder")
    title: str | None = key(v.text, None, "title of the intro email (default: the article's)")
    language: str = key(v.language, "en", "<html lang>, e.g. en or en-GB")
    direction: str = key(v.direction, "ltr", "<html dir>: ltr or rtl")
    subject_template: str = key(
        v.subject_template, "{title}", "subject of section emails; {title} is the section title"
    )
    demo: bool = key(
        v.boolean,
        False,
        "true: a demonstration on fictional addresses; check L7 then warns about placeholder "
        "identities instead of refusing them",
    )


SECTION_STYLES = ("numbered", "titled", "h1", "h2", "h3")


@dataclass(frozen=True, kw_only=True)
class Reading:
    """[article]: how to read the article when its layout is ambiguous."""

    sections: str | None = key(
        v.choice(*SECTION_STYLES, what="section style"),
        None,
        "what starts a section: numbered (1. Title), titled (a title line), or a Markdown "
        "heading level h1-h3 (default: decided from the article)",
    )
    conclusion: str | None = key(
        v.text, None, "the conclusion heading, when it is not a usual one (e.g. Key Takeaways)"
    )
    closing_title: str | None = key(
        v.text, None, "title of the closing email (default: drawn from the article's title)"
    )


@dataclass(frozen=True, kw_only=True)
class Logo:
    """[brand.logo]: a hosted image at the top of every email, in place of the wordmark."""

    url: str = key(v.https_url, help="the image (PNG, JPEG or GIF) on a hosted https URL")
    alt: str = key(v.text, help="what the image says, for readers who do not load images")
    width: int = key(v.whole(40, 536), 160, "shown width in px (40 to 536)")
    height: int | None = key(
        v.whole(16, 400), None, "shown height in px (16 to 400; default: scaled with the width)"
    )
    dark_url: str | None = key(
        v.https_url, None, "a variant for dark mode, e.g. light ink on a transparent background"
    )


@dataclass(frozen=True, kw_only=True)
class Brand:
    """[brand]: the organisation's name, palette (light and dark) and [brand.logo]."""

    name: str = key(v.text, help="the organisation name shown in every email")
    primary_color: str = key(v.colour, "#1f5f5b", "headings, links and the button")
    text_color: str = key(v.colour, "#1f2933", "body text")
    background_color: str = key(v.colour, "#f3f5f4", "behind the card")
    card_color: str = key(v.colour, "#ffffff", "the card holding the text")
    muted_color: str = key(v.colour, "#4a5560", "footer and secondary text")
    note_color: str = key(v.colour, "#e9f2f0", "evidence and safety boxes")
    divider_color: str = key(v.colour, "#d5dbd9", "the line above the closing question")
    dark_primary_color: str = key(v.colour, "#8fd3cc", "primary_color in dark mode")
    dark_text_color: str = key(v.colour, "#e8ecea", "text_color in dark mode")
    dark_background_color: str = key(v.colour, "#101414", "background_color in dark mode")
    dark_card_color: str = key(v.colour, "#1b2121", "card_color in dark mode")
    dark_muted_color: str = key(v.colour, "#b9c2c0", "muted_color in dark mode")
    dark_note_color: str = key(v.colour, "#243030", "note_color in dark mode")
    font_family: str = key(v.text, "Helvetica, Arial, sans-serif", "CSS font stack")
    logo: Logo | None = None  # the [brand.logo] sub-table (SUBTABLES); None: the wordmark


@dataclass(frozen=True, kw_only=True)
class Sender:
    """[sender]: who the mail is from and the links every footer carries."""

    name: str = key(v.text, help="the From name")
    email: str = key(v.email_address, help="the From address; its domain names Message-IDs")
    reply_to: str = key(v.email_address, help="the Reply-To address")
    postal_address: tuple[str, ...] | None = key(
        v.lines, None, "the physical postal address; rule L1 requires it in every email"
    )
    website: str = key(v.https_url, help="the organisation's website")
    unsubscribe_url: str = key(v.https_url, help="one-click unsubscribe (RFC 8058)")
    unsubscribe_mailto: str | None = key(
        v.email_address, None, "mailto for List-Unsubscribe (default: email)"
    )
    preferences_url: str = key(v.https_url, help="where readers manage their subscription")
    web_view_url: str | None = key(
        v.url_template, None, "the email on the web; may hold {campaign} and {slug}"
    )
    audience: str | None = key(v.long_text, None, "why the reader gets this email")


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """[schedule]: when each email goes out."""

    start: dt.date = key(v.date, help="the date of the first email")
    cadence_days: int = key(v.whole(1, 365), 7, "days between emails")
    send_hour: int = key(v.whole(0, 23), 9, "local hour of every send")
    timezone: str = key(v.timezone, "UTC", "IANA time zone, e.g. America/New_York")
    skip_weekends: bool = key(v.boolean, False, "move a Saturday or Sunday send to Monday")


@dataclass(frozen=True, kw_only=True)
class CallToAction:
    """[call_to_action]: the button and the closing question."""

    label: str | None = key(v.text, None, "button text (with url: a button in every email)")
    url: str | None = key(v.https_url, None, "where the button leads")
    lead_in: str | None = key(v.long_text, None, "a sentence above the button that leads into it")
    question: str | None = key(v.long_text, None, "replaces the article's closing question")


def _text_or_none(value: Any) -> str | None:
    """Text that may span lines; blank text means none."""
    if isinstance(value, str) and not value.strip():
        return None
    return v.long_text(value)


@dataclass(frozen=True, kw_only=True)
class Health:
    """[health]: what a series about a treatment must say (only when it is health-related)."""

    related: bool = key(
        v.boolean,
        False,
        "true: the series is about a treatment, so it gets the health rules (HC), the "
        "disclaimer and the crisis lines",
    )
    regulatory: str | None = key(
        v.long_text, None, "regulatory status, shown in the first and last email"
    )
    risks: str | None = key(v.long_text, None, "known risks, shown in the first and last email")
    disclaimer: str | None = key(
        _text_or_none, None, "shown in the footer of every email (empty: no disclaimer)"
    )
    risk_terms: tuple[str, ...] | None = key(
        v.lines, None, "risks rule HC6 expects the series to name"
    )


@dataclass(frozen=True, kw_only=True)
class Utm:
    """[utm]: UTM parameters on links to the campaign's own domains."""

    enabled: bool = key(v.boolean, True, "add UTM parameters to links to the campaign's domains")
    source: str = key(v.text, "newsletter", "utm_source")
    medium: str = key(v.text, "email", "utm_medium")
    campaign: str | None = key(v.text, None, "utm_campaign (default: the campaign slug)")
    domains: tuple[str, ...] | None = key(
        v.host_names, None, "hosts whose links are tagged (default: the host of sender.website)"
    )


@dataclass(frozen=True, kw_only=True)
class Images:
    """[images]: where the article's own images (from a .docx, a web page, a Markdown
    `![alt](images/x.png)`) are hosted."""

    base_url: str | None = key(
        v.https_url,
        None,
        "the https:// URL you upload the built images/ folder to; emails show "
        "<base_url>/<name>. Without it the series is a draft (rule F17)",
    )


SECURITY = ("starttls", "ssl", "none")
PASSWORD_VARIABLE = "KAPMAIL_SMTP_PASSWORD"


@dataclass(frozen=True, kw_only=True)
class Smtp:
    """[smtp]: the server `kapmail send` delivers through (never its password)."""

    host: str | None = key(v.host, None, "the SMTP server, e.g. smtp.example.org")
    port: int | None = key(
        v.whole(1, 65535), None, "its port (default: 587 for starttls, 465 for ssl, 25 for none)"
    )
    security: str = key(
        v.choice(*SECURITY, what="security"),
        "starttls",
        "starttls (upgrade after connecting), ssl (TLS from the start) or none",
    )
    user: str | None = key(v.text, None, "the login name; the password comes from the environment")
    password: None = key(
        v.refused(
            f"a password does not belong in a file: remove it and set the {PASSWORD_VARIABLE} "
            "environment variable instead"
        ),
        None,
        f"refused: the password is read only from the {PASSWORD_VARIABLE} environment variable",
    )


# ---- tables of tables: [emails.<slug>], [evidence.<slug>], [crisis.<country>] ---------------


@dataclass(frozen=True, kw_only=True)
class EmailOverride:
    """[emails.<slug>]: one email's own subject, preheader or button (campaign.toml only)."""

    subject: str | None = key(v.text, None, "replaces the derived subject")
    preheader: str | None = key(v.text, None, "replaces the derived preheader")
    button_label: str | None = key(v.text, None, "this email's button text")
    button_lead_in: str | None = key(v.long_text, None, "this email's sentence above the button")


_LINKS = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://pmc.ncbi.nlm.nih.gov/articles/{}/",
}
_LABELS = {"doi": "doi:{}", "pmid": "PMID {}", "pmcid": "{}"}
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
REFERENCE_IDS: dict[str, Callable[[str], bool]] = {
    "doi": lambda value: bool(_DOI.match(value)),
    "pmid": str.isdigit,
    "pmcid": lambda value: bool(re.fullmatch(r"PMC\d+", value)),
    "pubmed_query": lambda value: True,
}


@dataclass(frozen=True)
class Reference:
    """A citation with the identifier readers can follow."""

    citation: str
    kind: str  # doi, pmid, pmcid or pubmed_query
    value: str

    @property
    def url(self) -> str:
        if self.kind == "pubmed_query":
            return f"https://pubmed.ncbi.nlm.nih.gov/?term={quote_plus(self.value)}"
        return _LINKS[self.kind].format(self.value)

    @property
    def identifier(self) -> str:
        """`doi:10.…`, `PMID 123`, `PMC456` or `PubMed search` for display."""
        if self.kind == "pubmed_query":
            return "PubMed search"
        return _LABELS[self.kind].format(self.value)

    @property
    def has_identifier(self) -> bool:
        """True for a DOI, PMID or PMCID; a PubMed search names no single paper."""
        return self.kind != "pubmed_query"


def references(value: Any) -> tuple[Reference, ...]:
    """A list of {citation = "…", doi|pmid|pmcid|pubmed_query = "…"} tables."""
    if not isinstance(value, list) or not value:
        raise v.BadValueError('expected a list like [{ citation = "…", doi = "10.…" }]')
    found = []
    for item in value:
        if not isinstance(item, dict) or "citation" not in item:
            raise v.BadValueError("each reference needs a citation")
        ref = {name: v.text(val) for name, val in item.items()}
        unknown = set(ref) - {"citation", *REFERENCE_IDS}
        if unknown:
            raise v.BadValueError(f"unknown reference field {sorted(unknown)[0]!r}")
        ids = [name for name in REFERENCE_IDS if name in ref]
        if not ids:
            raise v.BadValueError(
                f"reference {ref['citation']!r} needs a doi, pmid, pmcid or pubmed_query"
            )
        for name in ids:
            if not REFERENCE_IDS[name](ref[name]):
                raise v.BadValueError(f"{ref[name]!r} is not a valid {name}")
        found.append(Reference(ref["citation"], ids[0], ref[ids[0]]))
    return tuple(found)


EVIDENCE_LEVELS = ("strong", "moderate", "limited", "not established")


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """[evidence.<section slug>]: how well a section's claims are supported."""

    level: str = key(
        v.choice(*EVIDENCE_LEVELS, what="level"), help="strong, moderate, limited, not established"
    )
    qualifier: str | None = key(v.text, None, "shown after the level, e.g. short-term")
    note: str = key(v.long_text, help="one or two sentences in plain words")
    references: tuple[Reference, ...] = key(references, help="citations with doi, pmid or pmcid")

    @property
    def label(self) -> str:
        """'Strong (short-term)', 'Not established'."""
        base = self.level[:1].upper() + self.level[1:]
        return f"{base} ({self.qualifier})" if self.qualifier else base


@dataclass(frozen=True, kw_only=True)
class CrisisLine:
    """[crisis.<country>]: a crisis service shown in every footer."""

    country: str = ""  # the table's name, filled by the loader
    service: str = key(v.text, help="e.g. 988 Suicide & Crisis Lifeline")
    call_or_text: str | None = key(v.text, None, "the number to call or text")
    chat_url: str | None = key(v.https_url, None, "online chat")
    emergency: str | None = key(v.text, None, "the emergency number, e.g. 911")


# ---- [checks.<rule or family>] ----------------------------------------------------------------

ERROR, WARNING, OFF = "error", "warning", "off"
SWITCHES = (ERROR, WARNING, OFF)


@dataclass(frozen=True)
class Switch:
    """[checks.<rule or family>]: re-grade a rule's findings or turn it off, and why."""

    severity: str = key(v.choice(*SWITCHES, any_case=False), help='"error", "warning" or "off"')
    reason: str = key(v.long_text, help="why; printed with every report")
    source: str = ""  # `file:line` of the table, filled by the loader
    file: Path | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)


# ---- the whole configuration ------------------------------------------------------------------

TABLES: dict[str, type] = {
    "campaign": About,
    "article": Reading,
    "brand": Brand,
    "sender": Sender,
    "schedule": Schedule,
    "call_to_action": CallToAction,
    "health": Health,
    "utm": Utm,
    "smtp": Smtp,
    "images": Images,
}
# Sub-tables of a table, `[brand.logo]`: each is one field of its parent, None when unset.
SUBTABLES: dict[str, type] = {"brand.logo": Logo}
KEYED_TABLES: dict[str, type] = {
    "emails": EmailOverride,
    "evidence": Evidence,
    "crisis": CrisisLine,
}
CAMPAIGN_ONLY = ("campaign", "emails", "evidence")


def declared(table: type) -> dict[str, dataclasses.Field]:
    """The keys a table declares (fields with a check), in declaration order."""
    return {f.name: f for f in dataclasses.fields(table) if "check" in f.metadata}


@dataclass(frozen=True)
class Campaign:
    """Everything a build needs to know besides the article: every table, typed."""

    slug: str
    root: Path
    article_path: Path
    about: About
    article: Reading
    brand: Brand
    sender: Sender
    schedule: Schedule
    call_to_action: CallToAction
    health: Health
    utm: Utm
    smtp: Smtp
    images: Images = field(default_factory=Images)
    emails: Mapping[str, EmailOverride] = field(default_factory=dict)
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    crisis: Mapping[str, CrisisLine] = field(default_factory=dict)
    checks: Mapping[str, Switch] = field(default_factory=dict)
    template_dir: Path | None = None
    sources: tuple[Path, ...] = ()

    @property
    def name(self) -> str:
        return self.about.name

    @property
    def crisis_lines(self) -> tuple[CrisisLine, ...]:
        """Crisis lines in country-code order."""
        return tuple(line for _, line in sorted(self.crisis.items()))

    @property
    def config_file(self) -> Path | None:
        """The file a campaign's own settings go in (the last one read)."""
        return self.sources[-1] if self.sources else None
