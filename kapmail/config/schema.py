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
from typing import Any, TypeVar
from urllib.parse import quote_plus

from kapmail.config import values as v

T = TypeVar("T")
REQUIRED: Any = dataclasses.MISSING


def key(
    check: Callable[[object], T], default: Any = REQUIRED, help: str = "", *, shown: str = ""
) -> T:
    """Declare one key: how its value is checked (a validator `object -> T`: the field is a
    T), its default (none: required), its meaning, and (`shown`) how the reference writes a
    default the code computes (docs/campaign-toml.md is written from these)."""
    meta = {"check": check, "help": help, "shown": shown}
    if default is REQUIRED:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


# ---- [campaign] and the shared tables ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class About:
    """[campaign]: the series itself (campaign.toml only)."""

    name: str = key(v.text, help="the campaign's name, shown in reports and on the preview page")
    slug: str | None = key(
        v.slug,
        None,
        "output folder name under `--out`, and how the send ledger knows the campaign (set it "
        "before renaming a folder that has sent)",
        shown="folder name",
    )
    article: str = key(
        v.relative_file,
        "article.txt",
        "the article, inside the campaign folder (.txt, .md, .docx, .html or a Google Docs .zip)",
    )
    title: str | None = key(
        v.text, None, "title of the intro email", shown="article title, else `name`"
    )
    language: str = key(
        v.language,
        "",
        "the readers' language (BCP 47: `es`, `pt-BR`, `ar`): `<html lang>`, kapmail's own "
        "words (catalogs: en, es, fr, de, pt, ar; others get English ones) and dates",
        shown="the article's front matter `lang`, else detected from its text, else `en`",
    )
    direction: str = key(
        v.direction,
        "",
        "`<html dir>`: `ltr` or `rtl`",
        shown="`rtl` for Arabic, Hebrew, Persian, Urdu",
    )
    subject_template: str = key(
        v.subject_template,
        "{title}",
        "the subject of each section email; {title} is the section's title",
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
        (
            "what starts a section: `numbered` headings (`1. Title`, "
            "`Step 1: Title`), `titled` lines (a short line without end "
            "punctuation, followed by prose), or a Markdown heading level "
            "`h1`, `h2`, `h3`"
        ),
        shown="decided from the article",
    )
    conclusion: str | None = key(
        v.text,
        None,
        (
            "the conclusion heading when it is not one kapmail knows (it "
            "knows Conclusion, Summary, Key Takeaways, Final Thoughts … "
            "and their Spanish, French, German, Portuguese, Italian and "
            "Arabic forms)"
        ),
    )
    closing_title: str | None = key(
        v.text,
        None,
        "the title of the closing email; teasers name it",
        shown='the series title\'s first part + "what it means for you" '
        "(in the campaign's language; the phrase alone when both make over 50 characters)",
    )
    max_words: int = key(
        v.whole(200, 20000),
        1200,
        "a section longer than this (in words; about a 6-minute read) becomes several "
        '"Part 1/Part 2" emails, split at its sub-headings or, failing that, between paragraphs',
    )
    min_words: int = key(
        v.whole(0, 1000),
        0,
        "a section shorter than this (in words) is merged into the one before it (the first "
        "into the one after it), its heading kept as a sub-heading (`0`: never merge)",
    )


@dataclass(frozen=True, kw_only=True)
class Logo:
    """[brand.logo]: a hosted image at the top of every email, in place of the wordmark."""

    url: str = key(
        v.https_url,
        help=("the image (PNG, JPEG or GIF) on a hosted https URL; kapmail does not fetch it"),
    )
    alt: str = key(
        v.text,
        help=(
            "what the image says, for readers who do not load images "
            "(usually the organisation's name)"
        ),
    )
    width: int = key(
        v.whole(40, 536),
        160,
        (
            "shown width in px, 40 to 536 (the card's text column); on a "
            "phone never wider than the screen"
        ),
    )
    height: int | None = key(
        v.whole(16, 400),
        None,
        (
            "shown height in px, 16 to 400; default: scaled with the "
            "width. Set it so Outlook reserves the right space"
        ),
    )
    dark_url: str | None = key(
        v.https_url,
        None,
        (
            "a variant for dark mode (light ink on a transparent "
            "background), shown instead of `url` where the client "
            "supports `prefers-color-scheme` or is Outlook.com; elsewhere "
            "`url` shows. Without it, make `url` readable on both the "
            "light and the dark background (a solid background of its "
            "own, or ink that works on both)"
        ),
    )
    ink: str | None = key(
        v.choice("dark", "light", "opaque", what="logo ink"),
        None,
        "what the logo is drawn in, for check D3 (kapmail does not fetch it): `dark` marks on "
        "a transparent ground (they vanish in dark mode without `dark_url`), `light` marks, or "
        "`opaque` (its own solid background)",
    )


@dataclass(frozen=True, kw_only=True)
class Brand:
    """[brand]: the organisation's name, palette (light and dark) and [brand.logo]."""

    name: str = key(
        v.text,
        help="the organisation name: the wordmark at the top of every email, unless a logo is set",
    )
    primary_color: str = key(v.colour, "#1f5f5b", "headings, links and the button")
    text_color: str = key(v.colour, "#1f2933", "body text")
    background_color: str = key(v.colour, "#f3f5f4", "behind the card")
    card_color: str = key(v.colour, "#ffffff", "the card holding the text")
    muted_color: str = key(v.colour, "#4a5560", "footer and secondary text")
    note_color: str = key(v.colour, "#e9f2f0", "evidence and safety boxes")
    divider_color: str = key(
        v.colour,
        "#d5dbd9",
        ("the line above the closing question (in dark mode it takes `dark_note_color`)"),
    )
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
    email: str = key(
        v.email_address, help=("the From address; its domain names the `Message-ID` and `List-Id`")
    )
    reply_to: str = key(v.email_address, help="the Reply-To address")
    postal_address: tuple[str, ...] | None = key(
        v.lines,
        None,
        (
            "the sender's physical postal address, a list of lines; "
            "optional here, but required by law: without it every email "
            "fails check L1"
        ),
    )
    website: str = key(v.https_url, help="the organisation's website (https)")
    unsubscribe_url: str = key(
        v.unsubscribe_url,
        help="one-click unsubscribe (https, RFC 8058); `kapmail send` fills `{token}` (a signed "
        "token naming the reader) or `{email}` per reader",
    )
    unsubscribe_mailto: str | None = key(
        v.email_address, None, "optional mailto for `List-Unsubscribe`", shown="`email`"
    )
    preferences_url: str = key(v.https_url, help="where readers manage their subscription (https)")
    web_view_url: str | None = key(
        v.url_template,
        None,
        (
            'optional "view in your browser" link for `generic` output, '
            "an https URL that may hold `{campaign}` and `{slug}`, e.g. "
            "`https://example.org/mail/{campaign}/{slug}.html`; without "
            "it the link is left out"
        ),
    )
    audience: str | None = key(v.long_text, None, "why the reader gets the email (optional)")


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """[schedule]: when each email goes out."""

    start: dt.date = key(v.date, help="the date of the first email")
    cadence_days: int = key(
        v.whole(1, 365),
        7,
        "days between emails: email N goes out (N - 1) x cadence_days after start",
    )
    send_hour: int = key(
        v.whole(0, 23), 9, "the local hour (0-23) of every send, in the schedule's time zone"
    )
    timezone: str = key(
        v.timezone, "UTC", "an IANA time zone, e.g. America/New_York or Europe/London"
    )
    skip_weekends: bool = key(
        v.boolean, False, "true moves a Saturday or Sunday send to the Monday"
    )


@dataclass(frozen=True, kw_only=True)
class CallToAction:
    """[call_to_action]: the button and the closing question."""

    label: str | None = key(v.text, None, "button text (with url: a button in every email)")
    url: str | None = key(v.https_url, None, "where the button leads")
    lead_in: str | None = key(
        v.long_text,
        None,
        "the sentence above the button that leads into it (each email may set its own under "
        "[emails.<slug>] as button_lead_in, and its own button_label)",
    )
    question: str | None = key(
        v.long_text, None, "replaces the article's closing question (asked in the last email)"
    )


def _text_or_none(value: object) -> str | None:
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
        (
            "`true` marks a series about a treatment: only then does it "
            "get the health rules (HC1-HC6), the disclaimer and the "
            "crisis lines in every footer; a series not marked that talks "
            "about treatments gets one HC7 warning"
        ),
    )
    regulatory: str | None = key(
        v.long_text, None, "regulatory status; shown in the first and the last email"
    )
    risks: str | None = key(v.long_text, None, "known risks; shown in the first and the last email")
    disclaimer: str | None = key(
        _text_or_none,
        None,
        (
            "shown in the footer of every email of a health-related "
            'series (usually set in kapmail.toml); must say "not medical '
            'advice" (HC2); `""` means no disclaimer'
        ),
    )
    risk_terms: tuple[str, ...] | None = key(
        v.lines,
        None,
        ("risks the series must name somewhere, a list (HC6 warns about each one missing)"),
    )


@dataclass(frozen=True, kw_only=True)
class Utm:
    """[utm]: UTM parameters on links to the campaign's own domains."""

    enabled: bool = key(v.boolean, True, "turn tagging off with `false`")
    source: str = key(v.text, "newsletter", "utm_source")
    medium: str = key(v.text, "email", "utm_medium")
    campaign: str | None = key(v.text, None, "`utm_campaign`", shown="the campaign slug")
    domains: tuple[str, ...] | None = key(
        v.host_names,
        None,
        "links to these hosts (and their subdomains) are tagged",
        shown="the host of `sender.website`",
    )


@dataclass(frozen=True, kw_only=True)
class Images:
    """[images]: where the article's own images (from a .docx, a web page, a Markdown
    `![alt](images/x.png)`) are hosted."""

    base_url: str | None = key(
        v.https_url,
        None,
        (
            "where the files of `images/` are uploaded; emails show "
            "`<base_url>/<name>`. Without it the emails point at "
            "`images/<name>` (fine in the preview, broken in an inbox) "
            "and the series is a draft: rule F17 is an error, so export "
            "and send refuse it without `--force`"
        ),
    )


SECURITY = ("starttls", "ssl", "none")
PASSWORD_VARIABLE = "KAPMAIL_SMTP_PASSWORD"


@dataclass(frozen=True, kw_only=True)
class Smtp:
    """[smtp]: the server `kapmail send` delivers through (never its password)."""

    host: str | None = key(v.host, None, "the SMTP server, e.g. smtp.example.org")
    port: int | None = key(
        v.whole(1, 65535), None, "its port", shown="587 (`starttls`), 465 (`ssl`), 25 (`none`)"
    )
    security: str = key(
        v.choice(*SECURITY, what="security"),
        "starttls",
        (
            "`starttls`, `ssl` or `none`: upgrade to TLS after "
            "connecting, TLS from the start, or none (a relay on this "
            "machine); certificates are always verified"
        ),
    )
    user: str | None = key(v.text, None, "the login name; without it kapmail does not log in")
    password: None = key(
        v.refused(
            f"a password does not belong in a file: remove it and set the {PASSWORD_VARIABLE} "
            "environment variable instead"
        ),
        None,
        (
            "refused: a password never goes in a file. Set the "
            "`KAPMAIL_SMTP_PASSWORD` environment variable; kapmail reads "
            "it only from there and never prints or records it"
        ),
        shown="—",
    )


@dataclass(frozen=True, kw_only=True)
class Send:
    """[send]: where `kapmail send` keeps its ledger and reads opt-outs (kapmail.toml only)."""

    ledger: str | None = key(
        v.text,
        None,
        "the send ledger (SQLite): what went to whom, a path relative to this kapmail.toml; "
        "never inside a build folder (one holding a `manifest.json`)",
        shown="`sends.sqlite` in the campaign folder",
    )
    suppress: str | None = key(
        v.text,
        None,
        "a suppression list every send honours, relative to this kapmail.toml: one address a "
        "line (`#` comments), or a CSV with an `email` column as mailing platforms export it; "
        "`--suppress FILE` adds another",
    )


# Tables only the organisation's kapmail.toml may set: a shared campaign folder must not
# choose where the SMTP login goes, nor which ledger or opt-out list a send reads.
ORG_ONLY = ("smtp", "send")


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


def references(value: object) -> tuple[Reference, ...]:
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
        v.choice(*EVIDENCE_LEVELS, what="level"),
        help=("the evidence level: `strong`, `moderate`, `limited` or `not established`"),
    )
    qualifier: str | None = key(
        v.text, None, "shown after the level, e.g. `short-term`, `preliminary`"
    )
    note: str = key(v.long_text, help="one or two sentences in plain words")
    references: tuple[Reference, ...] = key(
        references,
        help=(
            '`[{ citation = "…", doi = "10.…" }]`; each needs one of '
            "`doi`, `pmid`, `pmcid` or `pubmed_query` (a PubMed search, "
            "for a citation whose identifier is not at hand)"
        ),
    )

    @property
    def label(self) -> str:
        """'Strong (short-term)', 'Not established'."""
        base = self.level[:1].upper() + self.level[1:]
        return f"{base} ({self.qualifier})" if self.qualifier else base


@dataclass(frozen=True, kw_only=True)
class Texts:
    """[i18n.<language>]: the organisation's and campaign's own words in one language (`es`,
    `pt-BR`), used instead of the tables' when the series is in that language."""

    audience: str | None = key(v.long_text, None, "`[sender] audience` in this language")
    disclaimer: str | None = key(v.long_text, None, "`[health] disclaimer` in this language")
    regulatory: str | None = key(v.long_text, None, "`[health] regulatory` in this language")
    risks: str | None = key(v.long_text, None, "`[health] risks` in this language")
    label: str | None = key(v.text, None, "`[call_to_action] label` in this language")
    lead_in: str | None = key(v.long_text, None, "`[call_to_action] lead_in` in this language")
    question: str | None = key(v.text, None, "`[call_to_action] question` in this language")
    crisis: Mapping[str, str] | None = key(
        v.texts_by_name,
        None,
        'each crisis line\'s service name in this language, by country: `{ US = "..." }`',
    )


@dataclass(frozen=True, kw_only=True)
class CrisisLine:
    """[crisis.<country>]: a crisis service shown in every footer."""

    country: str = ""  # the table's name, filled by the loader
    service: str = key(v.text, help="e.g. `988 Suicide & Crisis Lifeline`")
    call_or_text: str | None = key(v.text, None, "the number to call or text")
    chat_url: str | None = key(v.https_url, None, "online chat")
    emergency: str | None = key(v.text, None, "the emergency number, e.g. 911")


# ---- [checks.<rule or family>] ----------------------------------------------------------------

ERROR, WARNING, OFF = "error", "warning", "off"
SWITCHES = (ERROR, WARNING, OFF)


@dataclass(frozen=True)
class Switch:
    """[checks.<rule or family>]: re-grade a rule's findings or turn it off, and why."""

    severity: str = key(
        v.choice(*SWITCHES, any_case=False),
        help=(
            '`"error"`, `"warning"` or `"off"`: the severity every finding of the rule gets, or off'
        ),
    )
    reason: str = key(
        v.long_text, help=("why: printed with every report and recorded in `manifest.json`")
    )
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
    "send": Send,
}
# Sub-tables of a table, `[brand.logo]`: each is one field of its parent, None when unset.
SUBTABLES: dict[str, type] = {"brand.logo": Logo}
KEYED_TABLES: dict[str, type] = {
    "emails": EmailOverride,
    "evidence": Evidence,
    "crisis": CrisisLine,
    "i18n": Texts,
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
    send: Send = field(default_factory=Send)
    emails: Mapping[str, EmailOverride] = field(default_factory=dict)
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    crisis: Mapping[str, CrisisLine] = field(default_factory=dict)
    i18n: Mapping[str, Texts] = field(default_factory=dict)
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
    def org_file(self) -> Path | None:
        """The organisation file read (kapmail.toml or --config), if any: read first."""
        return self.sources[0] if len(self.sources) > 1 else None

    @property
    def config_file(self) -> Path | None:
        """The file a campaign's own settings go in (the last one read)."""
        return self.sources[-1] if self.sources else None
