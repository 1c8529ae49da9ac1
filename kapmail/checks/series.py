"""F15-F17: the series as a whole: a schedule not already past, subjects and preheaders
that tell the emails apart, the article's own images hosted where inboxes can fetch them.

"Today" is the date in the campaign's time zone. The environment variable `KAPMAIL_TODAY`
(`YYYY-MM-DD`) replaces it, as a testing aid: the day then starts at midnight there.
"""

from __future__ import annotations

from collections.abc import Iterator

from kapmail.checks.context import SeriesView
from kapmail.checks.document import excerpt
from kapmail.checks.engine import REGISTRY, SERIES, Hit, error, warning
from kapmail.clock import now
from kapmail.images import FOLDER
from kapmail.plan import Email

FAMILY = REGISTRY.family("F", "Format and deliverability")


def _emails(series: SeriesView) -> list[Email]:
    return [seen.email for seen in series.emails if seen.email is not None]


@REGISTRY.rule("F15", "the first send date is not in the past", scope=SERIES)
def start_in_the_past(series: SeriesView) -> Iterator[Hit]:
    """series: the first send time is not already past (today in `[schedule] timezone`; the
    message counts the emails that would go out at once). `KAPMAIL_TODAY=YYYY-MM-DD` sets
    today, as a testing aid

    Severity: W.
    """
    emails = _emails(series)
    if not emails:
        return
    schedule = series.campaign.schedule
    current = now(schedule.timezone)
    past = [e for e in emails if e.send_at < current]
    if not past:
        return
    which = f"all {len(emails)}" if len(past) == len(emails) else f"{len(past)} of {len(emails)}"
    yield warning(
        f"the first send time, {emails[0].send_at:%Y-%m-%d %H:%M} {schedule.timezone}, is "
        f"already past (today is {current:%Y-%m-%d}): {which} emails would go out at once; "
        "set [schedule] start to a future date",
        part="config",
        key="schedule.start",
    )


@REGISTRY.rule("F16", "no two emails share a subject or a preheader", scope=SERIES)
def distinct_subjects(series: SeriesView) -> Iterator[Hit]:
    """series: no two emails share a subject, nor a preheader (the message names them by position
    and slug)

    Severity: W.
    """
    emails = _emails(series)
    for field in ("subject", "preheader"):
        groups: dict[str, list[Email]] = {}
        for email in emails:
            said = getattr(email, field)
            key = " ".join(said.split()).casefold()
            if key:
                groups.setdefault(key, []).append(email)
        for sharing in groups.values():
            if len(sharing) < 2:
                continue
            names = ", ".join(f"{e.position} ({e.slug})" for e in sharing)
            yield warning(
                f"emails {names} share the {field} "
                f"{excerpt(getattr(sharing[0], field), 60)!r}: readers cannot tell them apart "
                f"in the inbox; give each its own [emails.<slug>] {field}",
                part="config",
                key=f"emails.{sharing[1].slug}.{field}",
            )


@REGISTRY.rule("F17", "the article's own images have an [images] base_url", scope=SERIES)
def images_hosted(series: SeriesView) -> Iterator[Hit]:
    """series: when the article brings its own images (a .docx's pictures, a page's `images/`, a
    Markdown `![alt](images/x.png)`), `[images] base_url` is set; without it the emails point
    at `images/<name>` and the message says to upload `outbox/<campaign>/images/` (F8 leaves
    those paths to F17)

    Severity: E.
    """
    if series.campaign.images.base_url:
        return
    shown = {p.name: p for email in _emails(series) for p in email.pictures}
    if not shown:
        return
    slug = series.campaign.slug
    where = (
        f"{FOLDER}/ beside the built emails (<--out>/{slug}/{FOLDER}/; "
        f"outbox/{slug}/{FOLDER}/ by default)"
    )
    names = ", ".join(sorted(shown))
    yield error(
        f"{len(shown)} of the article's images ({excerpt(names, 80)}) are referenced as "
        f"{FOLDER}/<name>, a path no inbox can fetch: the series is a draft. Upload the files "
        f"in {where} to your web server or CDN and set [images] base_url to the https:// "
        "folder they are served from",
        part="config",
        key="images.base_url",
    )
