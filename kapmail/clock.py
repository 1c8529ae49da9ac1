"""Today, for what depends on it: the current time in a campaign's time zone, or midnight of
`KAPMAIL_TODAY` (YYYY-MM-DD) there when it is set, as a testing aid."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from kapmail.errors import KapmailError

TODAY_VARIABLE = "KAPMAIL_TODAY"


def now(zone: str) -> dt.datetime:
    """The current time in `zone`, or midnight of `KAPMAIL_TODAY` there when it is set."""
    tz = ZoneInfo(zone)
    today = os.environ.get(TODAY_VARIABLE, "").strip()
    if not today:
        return dt.datetime.now(tz)
    try:
        day = dt.date.fromisoformat(today)
    except ValueError:
        raise KapmailError(
            f"{TODAY_VARIABLE}={today!r} is not a date",
            hint=f"write it as YYYY-MM-DD, or unset {TODAY_VARIABLE}",
        ) from None
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)
