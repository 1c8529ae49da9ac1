"""Article + Campaign -> Series: the ordered emails with subjects, preheaders and send times.

Pure: no file access. Each `Email` carries everything its templates and checks need; the
article's own images are prepared once (`images.prepare`) and their Image blocks pointed at
the written files.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kapmail import images
from kapmail.config import Campaign, Evidence, Located
from kapmail.content import Article, Block, passages
from kapmail.errors import KapmailError
from kapmail.images import Picture
from kapmail.text import fill_fields, preheader_from, unique_slugs

INTRO, SECTION, CONCLUSION = "intro", "section", "conclusion"


@dataclass(frozen=True)
class Email:
    """One email of the series, ready to render."""

    position: int
    total: int
    kind: str
    slug: str
    title: str
    subject: str
    preheader: str
    send_at: dt.datetime
    blocks: tuple[Block, ...]
    section_number: int | None = None
    title_line: int | None = None
    outline: tuple[str, ...] = ()
    question: str | None = None
    question_line: int | None = None
    next_title: str | None = None
    next_send_at: dt.datetime | None = None
    evidence: Evidence | None = None
    pictures: tuple[Picture, ...] = ()  # the article's own images this email shows

    @property
    def stem(self) -> str:
        """File name without extension: `03-mood-disorders`."""
        width = max(2, len(str(self.total)))
        return f"{self.position:0{width}d}-{self.slug}"


@dataclass(frozen=True)
class Series:
    campaign: Campaign
    article: Article
    emails: tuple[Email, ...]
    images: tuple[Picture, ...] = ()  # every article image, written once into images/


@dataclass(frozen=True)
class _Draft:
    kind: str
    title: str
    blocks: tuple[Block, ...]
    section_number: int | None = None
    title_line: int | None = None


# The default title of the closing email, after the series title's first part, by language.
CLOSING = {
    "en": "what it means for you",
    "es": "lo que significa para usted",
    "fr": "ce que cela change pour vous",
    "de": "was das für Sie bedeutet",
    "pt": "o que isso significa para você",
    "it": "cosa significa per voi",
}


def closing_title(campaign: Campaign, series_title: str) -> str:
    """The closing email's title: the campaign's, else the series title's first part (before
    a colon) followed by what it means for the reader, in the campaign's language."""
    if campaign.article.closing_title:
        return campaign.article.closing_title
    language = campaign.about.language.split("-")[0].lower()
    head = series_title.split(":")[0].strip().rstrip(".?!")
    return f"{head}: {CLOSING.get(language, CLOSING['en'])}"


def plan_series(article: Article, campaign: Campaign) -> Series:
    """Lay the article out as intro, one email per section and a closing email."""
    configured = campaign.call_to_action.question
    question = configured or (article.question.text if article.question else None)
    question_line = None if configured or not article.question else article.question.line
    title = campaign.about.title or article.title or campaign.name
    pictures = images.prepare_all(article.images, article=article.path)

    def placed(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return images.place(blocks, pictures, campaign.images.base_url, article=article.path)

    drafts = [_Draft(INTRO, title, placed(article.intro))]
    drafts += [
        _Draft(SECTION, s.title, placed(s.blocks), s.number, s.line) for s in article.sections
    ]
    drafts.append(_Draft(CONCLUSION, closing_title(campaign, title), placed(article.conclusion)))
    slugs = unique_slugs([d.title for d in drafts])
    _check_keyed(campaign, "emails", campaign.emails, slugs)
    sections = [s for s, d in zip(slugs, drafts, strict=True) if d.kind == SECTION]
    _check_keyed(campaign, "evidence", campaign.evidence, sections)
    times = send_times(campaign, len(drafts))
    outline = tuple(d.title for d in drafts[1:-1])
    emails = []
    for index, (draft, slug) in enumerate(zip(drafts, slugs, strict=True)):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        override = campaign.emails.get(slug)
        subject = (override and override.subject) or _subject(campaign, draft)
        preheader = (override and override.preheader) or _preheader(draft, question)
        emails.append(
            Email(
                position=index + 1,
                total=len(drafts),
                kind=draft.kind,
                slug=slug,
                title=draft.title,
                subject=subject,
                preheader=preheader,
                send_at=times[index],
                blocks=draft.blocks,
                section_number=draft.section_number,
                title_line=draft.title_line,
                outline=outline if draft.kind == INTRO else (),
                question=question if draft.kind == CONCLUSION else None,
                question_line=question_line if draft.kind == CONCLUSION else None,
                next_title=following.title if following else None,
                next_send_at=times[index + 1] if following else None,
                evidence=campaign.evidence.get(slug) if draft.kind == SECTION else None,
                pictures=tuple(
                    pictures[name]
                    for name in dict.fromkeys(i.file for i in images.shown_in(draft.blocks))
                    if name is not None
                ),
            )
        )
    return Series(campaign, article, tuple(emails), tuple(pictures.values()))


def send_times(
    campaign: Campaign, count: int, *, start: dt.date | None = None
) -> list[dt.datetime]:
    """Send times: start date, then every `cadence_days`, at `send_hour` in the time zone.

    With `skip_weekends`, a date that falls on a Saturday or Sunday moves to the Monday and
    the cadence counts on from there. `start` replaces `[schedule] start` (a drip
    recipient's own start date).
    """
    plan = campaign.schedule
    zone = ZoneInfo(plan.timezone)
    cadence = dt.timedelta(days=plan.cadence_days)
    hour = dt.time(plan.send_hour)
    day = plan.start if start is None else start
    times = []
    for _ in range(count):
        if plan.skip_weekends and day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        # Through UTC and back: a local hour that does not exist on a spring-forward day
        # (02:00 in New York) becomes the moment it really is (03:00 EDT).
        local = dt.datetime.combine(day, hour, tzinfo=zone)
        times.append(local.astimezone(dt.UTC).astimezone(zone))
        day += cadence
    return times


def starting(series: Series, start: dt.date) -> Series:
    """The series for a reader whose first email goes out on `start` (a drip recipient).

    Only the send times change, and with them each email's "coming next" date.
    """
    campaign = series.campaign
    if start == campaign.schedule.start:
        return series
    schedule = dataclasses.replace(campaign.schedule, start=start)
    return plan_series(series.article, dataclasses.replace(campaign, schedule=schedule))


def _subject(campaign: Campaign, draft: _Draft) -> str:
    if draft.kind != SECTION:
        return draft.title
    return fill_fields(campaign.about.subject_template, {"title": draft.title})


def _preheader(draft: _Draft, question: str | None) -> str:
    """From the email's first paragraphs (never a list marker), else the question or title."""
    texts = [text for text, _line in passages(draft.blocks)]
    return preheader_from(texts or [question or draft.title])


def _check_keyed(
    campaign: Campaign, table: str, entries: Mapping[str, object], slugs: list[str]
) -> None:
    """Every [emails.<slug>] / [evidence.<slug>] must name an email of the series."""
    for slug in entries:
        if slug not in slugs:
            file, line = campaign.config_file, None
            if isinstance(entries, Located) and slug in entries.lines:
                file, line = entries.lines[slug]
            raise KapmailError(
                f"[{table}.{slug}] matches no email of this series",
                file=file,
                line=line,
                key=f"{table}.{slug}",
                hint=f"the slugs are: {', '.join(slugs)}",
            )
