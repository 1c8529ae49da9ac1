"""The send plan: a table for the terminal and an iCalendar file (RFC 5545).

The calendar is written by hand and deterministic: CRLF line ends, lines folded at 75
octets, TEXT values escaped, one VEVENT per email at its send time in UTC, a UID taken
from the email's Message-ID and a DTSTAMP equal to the send time (not the clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kapmail import __version__
from kapmail.deliver import mime
from kapmail.plan import Series
from kapmail.text import DAYS, MONTHS

EVENT_MINUTES = 15
_UTC = "%Y%m%dT%H%M%SZ"


def local_time(moment: dt.datetime) -> str:
    """'Tue 12 Jan 2027 09:00 EST' in the campaign's own time zone."""
    day, month = DAYS[moment.weekday()][:3], MONTHS[moment.month - 1][:3]
    return f"{day} {moment.day:02d} {month} {moment:%Y %H:%M} {moment.tzname() or ''}".rstrip()


def utc_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def table(series: Series) -> str:
    """The plan as aligned columns: position, local send time, UTC, subject."""
    zone = series.campaign.schedule.timezone
    header = ("#", f"send at ({zone})", "UTC", "subject")
    rows = [
        (str(e.position), local_time(e.send_at), utc_time(e.send_at), e.subject)
        for e in series.emails
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [f"{series.campaign.name} ({series.campaign.slug}): {len(rows)} emails"]
    for row in [header, *rows]:
        cells = [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2])]
        lines.append("  ".join([*cells, row[3]]).rstrip())
    return "\n".join(lines) + "\n"


def ics(plans: Iterable[Series]) -> bytes:
    """One calendar with one event per email of every given series."""
    plans = list(plans)
    name = plans[0].campaign.name if len(plans) == 1 else "kapmail send plan"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//kapmail//kapmail {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for series in plans:
        lines += _events(series)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines).encode()


def _events(series: Series) -> list[str]:
    campaign = series.campaign
    lines = []
    for email in series.emails:
        start = email.send_at.astimezone(dt.UTC)
        end = start + dt.timedelta(minutes=EVENT_MINUTES)
        zone = campaign.schedule.timezone
        description = "\n".join(
            [
                f"Send email {email.position} of {email.total} of {campaign.name}.",
                f"Subject: {email.subject}",
                f"Preheader: {email.preheader}",
                f"Send at: {email.send_at.isoformat()} ({zone})",
                f"Files: {email.stem}.html, {email.stem}.txt, {email.stem}.eml",
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:{mime.message_id(campaign, email).strip('<>')}",
            f"DTSTAMP:{start.strftime(_UTC)}",
            f"DTSTART:{start.strftime(_UTC)}",
            f"DTEND:{end.strftime(_UTC)}",
            f"SUMMARY:{escape_text(f'Send {email.position}/{email.total}: {email.subject}')}",
            f"DESCRIPTION:{escape_text(description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    return lines


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newlines escaped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str, limit: int = 75) -> str:
    """Fold a content line at `limit` octets without splitting a UTF-8 character."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode())
        room = limit if not parts else limit - 1  # continuation lines start with a space
        if size + width > room:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)
