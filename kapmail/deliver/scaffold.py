"""The text of a new campaign's files: a commented campaign.toml and a sample article.

TOML is written by hand (no dependency): strings as basic strings with every character TOML
requires escaped (`toml_string`), table names as bare keys when they can be. A key's comment
is its `help=` in `config/schema.py` (`about`), so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path

from kapmail.config.schema import About, Brand, CallToAction, Schedule, Sender, declared
from kapmail.content import read_article
from kapmail.errors import KapmailError
from kapmail.plan import SECTION, Series

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")

SAMPLE_ARTICLE = """\
Better weekly planning: a short series

Most weeks fill up before they start. A little planning at the right moment gives you back
time for the work that matters. This short series walks through three habits that take a few
minutes each and make the week calmer.

1. Pick three outcomes for the week

Before you open your inbox on Monday, write down the three results that would make the week a
good one. Keep them small enough to finish. Everything else on your list is welcome, but these
three come first.

2. Block time before others do

Put your three outcomes into your calendar as meetings with yourself. Choose the hours when you
think best, and treat these blocks as you would treat a meeting with a colleague.

3. Close the week on Friday

Spend fifteen minutes on Friday afternoon looking back. Note what moved, what did not, and why.
Carry over only what still matters, and write the first step of each item down for Monday.

Conclusion

Three small habits, a few minutes each: outcomes on Monday, time blocks in the calendar, and a
short review on Friday. Try them for a month and keep what works for you.

Which of these three habits will you try first this week?
"""


def toml_string(value: str) -> str:
    """`value` as a TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in value:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_key(name: str) -> str:
    """A key or table-name part: bare when it can be, else quoted."""
    return name if _BARE_KEY.match(name) else toml_string(name)


def about(table: type, name: str, more: str = "") -> str:
    """The comment above a key: its schema help as a sentence (then `more`), wrapped."""
    text = declared(table)[name].metadata["help"] + more
    if not text.startswith(("true ", "false ")):  # a TOML literal stays as written
        text = text[:1].upper() + text[1:]
    lines, line = [], "#"
    for word in f"{text}.".split(" "):
        if len(line) + 1 + len(word) > 92 and line != "#":
            lines.append(line)
            line = "#"
        line += " " + word
    return "\n".join([*lines, line])


_BRAND_AND_SENDER = f"""
# ---- Organisation -----------------------------------------------------------------------------
# No kapmail.toml was found, so these usually shared settings live here. Replace every value;
# better still, move these tables into a kapmail.toml above your campaign folders.

[brand]
{about(Brand, "name")}
name = "Your organisation"
# A hosted logo instead (see [brand.logo] in docs/campaign-toml.md):
# logo = {{ url = "https://example.org/email/logo.png", alt = "Your organisation", width = 160 }}

[sender]
{about(Sender, "name")}
name = "Your name"
{about(Sender, "email")}
email = "news@example.org"
{about(Sender, "reply_to")}
reply_to = "news@example.org"
{about(Sender, "postal_address")}
# postal_address = ["Your organisation", "1 Main Street", "Springfield, OR 97477", "United States"]
{about(Sender, "website")}
website = "https://example.org"
{about(Sender, "unsubscribe_url")}
unsubscribe_url = "https://example.org/unsubscribe"
{about(Sender, "preferences_url")}
preferences_url = "https://example.org/preferences"
"""


def article_pictures(
    article: Path, folder: Path, *, encoding: str = "utf-8"
) -> list[tuple[Path, bytes]]:
    """The pictures a Markdown or text article names by a relative path, each with where it
    goes in the new campaign FOLDER (the same relative path) and its bytes.

    The article is read here, from where the user keeps it, so any error names their file
    and line; a picture already in FOLDER with other bytes is an error, never overwritten."""
    if article.suffix.lower() not in (".md", ".markdown", ".txt"):
        return []
    found = read_article(article, encoding=encoding)
    pictures = []
    for image in found.images:
        target = folder / image.origin
        if target.exists() and target.read_bytes() != image.data:
            raise KapmailError(
                f"a different picture is already at {image.origin}",
                file=target,
                hint="move it away, or give `kapmail new` a new folder",
            )
        pictures.append((target, image.data))
    return pictures


def next_monday(today: dt.date) -> dt.date:
    """The first Monday after `today` (a week later when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def minimal_toml(name: str, article: str, start: dt.date, *, org_found: bool) -> str:
    """Just enough for the pipeline to load the new campaign and plan its article."""
    text = f"[campaign]\nname = {toml_string(name)}\narticle = {toml_string(article)}\n"
    text += f"\n[schedule]\nstart = {start.isoformat()}\n"
    return text + ("" if org_found else _BRAND_AND_SENDER)


def spoken(language: str) -> str:
    """The readers' language as the plan settled it (front matter, --language, detected),
    written down so it no longer depends on detection; nothing for English, the default."""
    if language in ("", "en"):
        return ""
    return f"{about(About, 'language')}\nlanguage = {toml_string(language)}\n"


def campaign_toml(series: Series, *, name: str, article: str, org_file: Path | None) -> str:
    """The full, commented campaign.toml for a planned series."""
    campaign = series.campaign
    plan = campaign.schedule
    where = f"the organisation file {org_file}" if org_file else "no organisation file (none found)"
    parts = [
        f"""\
# A kapmail campaign: this file and its article, {article}.
# Keys not set here come from {where};
# any key set here wins. Every key is described in docs/campaign-toml.md.
# Preview with `kapmail build <this folder>`, check with `kapmail check <this folder>`.

[campaign]
{about(About, "name")}
name = {toml_string(name)}
{about(About, "article")}
article = {toml_string(article)}
{spoken(campaign.about.language)}{about(About, "subject_template")}
# subject_template = "{{title}}"

[schedule]
{about(Schedule, "start", " (written as the next Monday after the day this file was made)")}
start = {plan.start.isoformat()}
{about(Schedule, "cadence_days")}
cadence_days = {plan.cadence_days}
{about(Schedule, "send_hour")}
send_hour = {plan.send_hour}
{about(Schedule, "timezone")}
timezone = {toml_string(plan.timezone)}
{about(Schedule, "skip_weekends")}
skip_weekends = {"true" if plan.skip_weekends else "false"}

[call_to_action]
# A button in every email: uncomment label and url, and give your own https address.

{about(CallToAction, "label")}
# label = "Book a call"
{about(CallToAction, "url")}
# url = "https://example.org/book"
{about(CallToAction, "lead_in")}
# lead_in = "Want to talk it through? Book a free 20-minute call with our team."
{about(CallToAction, "question")}
# question = "Which of these will you try first?"
""",
        _emails(series),
    ]
    if campaign.health.related:
        parts.append(_health(slug for slug, kind in _slugs(series) if kind == SECTION))
    else:
        parts.append(_not_health())
    if org_file is None:
        parts.append(_BRAND_AND_SENDER)
    return "\n".join(parts)


def _slugs(series: Series) -> list[tuple[str, str]]:
    return [(email.slug, email.kind) for email in series.emails]


def _emails(series: Series) -> str:
    lines = [
        "# ---- The emails, in order " + "-" * 67,
        "# Each table is named by an email's slug (from its title). The subject and preheader",
        "# (the preview text after the subject) are the ones kapmail derived: edit them here,",
        "# or delete a key to keep the derived one. A table must name an email of the series:",
        "# when you retitle a section in the article, rename its table too.",
    ]
    for email in series.emails:
        when = email.send_at.strftime("%Y-%m-%d %H:%M %Z")
        lines += [
            "",
            f"# {email.position} of {email.total} ({email.kind}): {email.title} - {when}",
            f"[emails.{toml_key(email.slug)}]",
            f"subject = {toml_string(email.subject)}",
            f"preheader = {toml_string(email.preheader)}",
        ]
    return "\n".join(lines) + "\n"


def _health(sections: Iterable[str]) -> str:
    lines = [
        "# ---- Health content " + "-" * 73,
        "# This campaign is health-related ([health] related = true): the health checks (HC)",
        "# ask for the treatment's regulatory status, its risks and evidence for every section.",
        "",
        "[health]",
        "related = true",
        "# The treatment's regulatory status, shown in the first and the last email.",
        '# regulatory = """..."""',
        "# Known risks, shown in the first and the last email.",
        '# risks = """..."""',
        "",
        "# One [evidence.<section slug>] table per section, shown under the section's text.",
        "# Uncomment a table and fill it in from the research:",
        "#   level      strong, moderate, limited or not established",
        '#   qualifier  optional, shown after the level, e.g. "short-term" or "preliminary"',
        "#   note       one or two sentences in plain words",
        "#   references citations, each with a doi, pmid, pmcid or pubmed_query",
    ]
    for slug in sections:
        lines += [
            "",
            f"# [evidence.{toml_key(slug)}]",
            '# level = "limited"',
            '# qualifier = "preliminary"',
            '# note = "What the research says about this section, in plain words."',
            "# references = [",
            '#   { citation = "Author et al., Journal 2024", doi = "10.1000/example" },',
            "# ]",
        ]
    return "\n".join(lines) + "\n"


def _not_health() -> str:
    return """\
# ---- Health content ---------------------------------------------------------------------------
# Not health-related. If the article is about a treatment, a medication or a disorder, mark it
# so (the health checks, the disclaimer and the crisis lines then apply), and add an
# [evidence.<section slug>] table per section (see docs/campaign-toml.md):
# [health]
# related = true
"""
