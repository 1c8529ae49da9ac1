"""The send plan: a table for the terminal and an iCalendar file (RFC 5545).

The calendar is written with the `icalendar` library (folding, escaping, CRLF): one VEVENT
per email at its send time in UTC, with a reminder a day ahead. Each event's UID comes from
the campaign's and the email's slugs only, so moving the start date keeps every UID and a
calendar re-import updates the events instead of duplicating them; when a previous calendar
is given, an event whose time changed gets the next SEQUENCE. DTSTAMP is the build time:
`SOURCE_DATE_EPOCH` when set (reproducible builds), else the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable

import icalendar

from kapmail import __version__, i18n
from kapmail.deliver import mime
from kapmail.errors import KapmailError
from kapmail.plan import Email, Series

EVENT_MINUTES = 15
EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"


def local_time(moment: dt.datetime, language: str = "en") -> str:
    """'Tue 12 Jan 2027 09:00 EST' in the campaign's own time zone and language
    ('mar 12 ene 2027 09:00 EST')."""
    return f"{i18n.short_date_time(moment, language)} {moment.tzname() or ''}".rstrip()


def utc_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def table(series: Series) -> str:
    """The plan as aligned columns: position, local send time, UTC, subject."""
    zone = series.campaign.schedule.timezone
    language = series.campaign.about.language
    header = ("#", f"send at ({zone})", "UTC", "subject")
    rows = [
        (str(e.position), local_time(e.send_at, language), utc_time(e.send_at), e.subject)
        for e in series.emails
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [f"{series.campaign.name} ({series.campaign.slug}): {len(rows)} emails"]
    for row in [header, *rows]:
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines) + "\n"


def build_time() -> dt.datetime:
    """Now in UTC, or the moment `SOURCE_DATE_EPOCH` names (seconds since 1970)."""
    epoch = os.environ.get(EPOCH_VARIABLE, "").strip()
    if not epoch:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    except (ValueError, OverflowError):
        raise KapmailError(
            f"{EPOCH_VARIABLE}={epoch!r} is not a number of seconds",
            hint=f"set it to a Unix time such as 1767225600, or unset {EPOCH_VARIABLE}",
        ) from None


def event_uid(series: Series, email: Email) -> str:
    """The same for the same campaign and email slug, whatever the schedule says."""
    key = hashlib.sha256(f"{series.campaign.slug}\n{email.slug}".encode()).hexdigest()[:32]
    return f"{key}@{mime.sender_domain(series.campaign)}"


def previous_events(data: bytes | None) -> dict[str, tuple[dt.datetime, int]]:
    """UID -> (start, SEQUENCE) of each event in an earlier calendar (none: {})."""
    if not data:
        return {}
    try:
        calendar = icalendar.Calendar.from_ical(data)
        return {
            str(event["UID"]): (event.decoded("DTSTART"), int(event.get("SEQUENCE", 0)))
            for event in calendar.walk("VEVENT")
            if "UID" in event and "DTSTART" in event
        }
    except (ValueError, KeyError, TypeError):
        raise KapmailError(
            "the file to replace is not an iCalendar file kapmail can read",
            hint="give --ics a new file name, or move the old file away",
        ) from None


def ics(
    plans: Iterable[Series], *, stamp: dt.datetime | None = None, previous: bytes | None = None
) -> bytes:
    """One calendar with one event per email of every given series.

    `stamp`: DTSTAMP (default: `build_time()`); `previous`: the calendar this one replaces,
    whose events' SEQUENCE goes up by one where the send time changed.
    """
    plans = list(plans)
    stamp = stamp or build_time()
    before = previous_events(previous)
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//kapmail//kapmail {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", plans[0].campaign.name if len(plans) == 1 else "kapmail send plan")
    for series in plans:
        for email in series.emails:
            calendar.add_component(_event(series, email, stamp, before))
    return calendar.to_ical()


def _event(
    series: Series,
    email: Email,
    stamp: dt.datetime,
    before: dict[str, tuple[dt.datetime, int]],
) -> icalendar.Event:
    campaign = series.campaign
    start = email.send_at.astimezone(dt.UTC)
    uid = event_uid(series, email)
    sequence = 0
    if uid in before:
        earlier, sequence = before[uid]
        sequence += earlier != start
    description = "\n".join(
        [
            f"Send email {email.position} of {email.total} of {campaign.name}.",
            f"Subject: {email.subject}",
            f"Preheader: {email.preheader}",
            f"Send at: {email.send_at.isoformat()} ({campaign.schedule.timezone})",
            f"Files: {email.stem}.html, {email.stem}.txt, {email.stem}.eml",
        ]
    )
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=EVENT_MINUTES))
    event.add("sequence", sequence)
    event.add("summary", f"Send {email.position}/{email.total}: {email.subject}")
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Tomorrow: send {email.position}/{email.total}: {email.subject}")
    alarm.add("trigger", dt.timedelta(days=-1))
    event.add_component(alarm)
    return event
