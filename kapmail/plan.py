"""Article + Campaign -> Series: the ordered emails with subjects, preheaders and send times.

Pure: no file access. Each `Email` carries everything its templates and checks need; the
article's own images are prepared once (`images.prepare`) and their Image blocks pointed at
the written files; `sizes` merges and splits the sections first; `languages` settles the
series' language, whose catalog (`i18n`) gives the preheaders' and the closing title's words.
Over 300 lines: the emails' order, titles, preheaders (each candidate a message with its
plural forms) and send times are one plan, read together.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kapmail import i18n, images
from kapmail.config import Campaign, EmailOverride, Evidence, Located
from kapmail.content import Article, Block, passages
from kapmail.errors import KapmailError
from kapmail.images import Picture
from kapmail.languages import in_language
from kapmail.sizes import count_words, reading_minutes, sized
from kapmail.text import end_sentence, fill_fields, sentences, unique_slugs, word_count

INTRO, SECTION, CONCLUSION = "intro", "section", "conclusion"
# What check F6 accepts as a preheader; derived ones are chosen to fit, never cut.
PREHEADER_MIN, PREHEADER_MAX = 40, 100
SUBJECT_MAX = 50  # phones show 33-43 characters of a subject (check F5)


@dataclass(frozen=True)
class Button:
    """The call to action as one email shows it: the sentence that leads in, and the button."""

    label: str
    url: str
    lead_in: str | None = None


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
    next_in_days: int | None = None  # a dateless teaser's "In 3 days" (export --teaser relative)
    evidence: Evidence | None = None
    button: Button | None = None
    pictures: tuple[Picture, ...] = ()  # the article's own images this email shows
    words: int = 0  # the article's words in this email (blocks and closing question)

    @property
    def minutes(self) -> int:
        """Its reading time in whole minutes."""
        return reading_minutes(self.words)

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
    slug_title: str | None = None  # what its slug is made from, when not its title


def closing_title(campaign: Campaign, series_title: str, *, language: str | None = None) -> str:
    """The closing email's title: the campaign's, else the series title's first part (before
    a colon) followed by what it means for the reader, in the campaign's language
    (`language`: another one, for the closing slug); only the latter when both together
    would be a subject over SUBJECT_MAX characters."""
    if campaign.article.closing_title:
        return campaign.article.closing_title
    words = i18n.translations(language or campaign.about.language)
    title = words.gettext("%(topic)s: what it means for you") % {"topic": _topic(series_title)}
    if len(title) > SUBJECT_MAX:  # a long series title: the phrase alone, as F5 asks
        return words.gettext("What it means for you")
    return title


def _topic(series_title: str) -> str:
    """The series title's first part (before a colon), without end punctuation."""
    return series_title.split(":")[0].strip().rstrip(".?!")


def plan_series(article: Article, campaign: Campaign, *, language: str | None = None) -> Series:
    """Lay the article out as intro, one email per section and a closing email (`language`:
    `--language`, see `in_language`)."""
    article, campaign = in_language(article, campaign, given=language)
    configured = campaign.call_to_action.question
    question = configured or (article.question.text if article.question else None)
    question_line = None if configured or not article.question else article.question.line
    title = campaign.about.title or article.title or campaign.name
    pictures = images.prepare_all(article.images, article=article.path)

    def placed(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        return images.place(blocks, pictures, campaign.images.base_url, article=article.path)

    reading = campaign.article
    words = i18n.translations(campaign.about.language)

    def part_title(title: str, part: int, parts: int) -> str:
        # Translators: a section too long for one email, in parts: "Sleep (part 1 of 2)".
        said = words.gettext("%(title)s (part %(part)s of %(parts)s)")
        return said % {"title": title, "part": part, "parts": parts}

    parts = sized(article.sections, reading.min_words, reading.max_words, part_title)
    drafts = [_Draft(INTRO, title, placed(article.intro))] if article.intro else []
    drafts += [_Draft(SECTION, s.title, placed(s.blocks), s.number, s.line) for s in parts]
    if article.conclusion or not drafts:
        # The default closing title's slug is the English one: stable across languages.
        english = closing_title(campaign, title, language="en")
        drafts.append(
            _Draft(
                CONCLUSION,
                closing_title(campaign, title),
                placed(article.conclusion),
                slug_title=english,
            )
        )
    else:  # no conclusion: the last section closes the series (never an empty email)
        drafts[-1] = dataclasses.replace(drafts[-1], kind=CONCLUSION)
    slugs = unique_slugs([d.slug_title or d.title for d in drafts])
    _check_keyed(campaign, "emails", campaign.emails, slugs)
    sections = [
        s
        for s, d in zip(slugs, drafts, strict=True)
        if d.section_number is not None or d.kind == SECTION
    ]
    _check_keyed(campaign, "evidence", campaign.evidence, sections)
    times = send_times(campaign, len(drafts))
    outline = tuple(s.title for s in parts)
    emails = []
    for index, (draft, slug) in enumerate(zip(drafts, slugs, strict=True)):
        following = drafts[index + 1] if index + 1 < len(drafts) else None
        override = campaign.emails.get(slug)
        subject = (override and override.subject) or _subject(campaign, draft)
        evidence = campaign.evidence.get(slug) if draft.title_line is not None else None
        described = article.description if draft.kind == INTRO else None  # front matter's
        fits = described if described and PREHEADER_MIN <= len(described) <= PREHEADER_MAX else None
        preheader = (
            (override and override.preheader)
            or fits
            or _preheader(
                campaign, draft, _Place(index + 1, len(drafts), title, drafts), question, evidence
            )
        )
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
                evidence=evidence,
                button=_button(campaign, override),
                pictures=tuple(
                    pictures[name]
                    for name in dict.fromkeys(i.file for i in images.shown_in(draft.blocks))
                    if name is not None
                ),
                words=count_words(draft.blocks)
                + (word_count(question) if question and draft.kind == CONCLUSION else 0),
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


def _button(campaign: Campaign, override: EmailOverride | None) -> Button | None:
    """The campaign's button with this email's own label and lead-in, if it sets them."""
    wanted = campaign.call_to_action
    label = (override and override.button_label) or wanted.label
    if not (wanted.url and label):
        return None
    lead_in = (override and override.button_lead_in) or wanted.lead_in
    return Button(label=label, url=wanted.url, lead_in=lead_in)


@dataclass(frozen=True)
class _Place:
    """Where an email sits in its series, for the preheader."""

    position: int
    total: int
    series_title: str
    drafts: list[_Draft]


def _preheader(
    campaign: Campaign,
    draft: _Draft,
    place: _Place,
    question: str | None,
    evidence: Evidence | None,
) -> str:
    """A preview line that adds to the subject instead of repeating the body: the evidence
    level, the email's place in the series, what comes first or the closing question. The
    first candidate of PREHEADER_MIN-PREHEADER_MAX characters wins; none is ever cut short.
    Without one that fits, the email's own first whole sentence, else the shortest
    candidate (check F6 then asks for a `preheader` in campaign.toml). In the campaign's
    language (`i18n`)."""
    words = i18n.translations(campaign.about.language)
    part = words.gettext("Part %(position)s of %(total)s") % {
        "position": place.position,
        "total": place.total,
    }
    topic = _topic(place.series_title)
    total = place.total
    candidates: list[str] = []
    if draft.kind == INTRO:
        first = next((d.title for d in place.drafts if d.kind == SECTION), None)
        every = campaign.schedule.cadence_days
        spacing = words.ngettext("one a day", "one every %(num)d days", every) % {"num": every}
        values = {"num": total, "spacing": spacing, "topic": topic}
        if first:
            candidates.append(
                words.ngettext(
                    "A series in %(num)d part, %(spacing)s, starting with %(first)s",
                    "A series in %(num)d parts, %(spacing)s, starting with %(first)s",
                    total,
                )
                % {**values, "first": end_sentence(first)}
            )
        candidates.append(
            words.ngettext(
                "A series in %(num)d part on %(topic)s, %(spacing)s.",
                "A series in %(num)d parts on %(topic)s, %(spacing)s.",
                total,
            )
            % values
        )
        candidates.append(
            words.ngettext(
                "A series in %(num)d part, %(spacing)s.",
                "A series in %(num)d parts, %(spacing)s.",
                total,
            )
            % values
        )
    elif draft.kind == SECTION:
        if evidence:
            label = i18n.evidence_label(evidence.level, evidence.qualifier, campaign.about.language)
            level = label[:1].lower() + label[1:]
            found = len(evidence.references)
            values = {"level": level, "part": part, "num": found}
            candidates.append(
                words.ngettext(
                    "The evidence so far: %(level)s, and the study behind it. %(part)s.",
                    "The evidence so far: %(level)s, and the studies behind it. %(part)s.",
                    found,
                )
                % values
            )
            candidates.append(words.gettext("The evidence so far: %(level)s. %(part)s.") % values)
            candidates.append(words.gettext("The evidence so far: %(level)s.") % values)
        candidates.append(
            words.gettext("%(part)s of the series “%(topic)s”.") % {"part": part, "topic": topic}
        )
        following = place.drafts[place.position] if place.position < place.total else None
        if following:  # where the series goes next: news the subject does not carry
            values = {"part": part, "topic": topic, "next": end_sentence(following.title)}
            candidates.append(words.gettext("%(part)s of “%(topic)s”. Next: %(next)s") % values)
            candidates.append(words.gettext("%(part)s. Next: %(next)s") % values)
    else:
        values = {"num": total, "topic": topic}
        if question:
            candidates.append(
                words.ngettext(
                    "The last of %(num)d part: what it all adds up to, and a question for you.",
                    "The last of %(num)d parts: what it all adds up to, and a question for you.",
                    total,
                )
                % values
            )
        candidates.append(
            words.ngettext(
                "The last of %(num)d part: what it all adds up to.",
                "The last of %(num)d parts: what it all adds up to.",
                total,
            )
            % values
        )
        candidates.append(
            words.ngettext(
                "The last of %(num)d part of the series “%(topic)s”.",
                "The last of %(num)d parts of the series “%(topic)s”.",
                total,
            )
            % values
        )
    fitting = [c for c in candidates if PREHEADER_MIN <= len(c) <= PREHEADER_MAX]
    if fitting:
        return fitting[0]
    own = [s for text, _line in passages(draft.blocks) for s in sentences(text)]
    whole = [s for s in own if PREHEADER_MIN <= len(s) <= PREHEADER_MAX]
    return whole[0] if whole else min(candidates, key=len)


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
