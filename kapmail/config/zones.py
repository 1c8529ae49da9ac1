"""Time-zone names: refuse abbreviations and fixed offsets, suggest the IANA name meant.

"EST" is a real tz entry (UTC-5 all year), so a campaign meaning New York would send an hour
late all summer; abbreviations and `GMT+1`-style offsets are refused with the places they
may mean. A wrong case or a near miss gets "did you mean …?".
"""

from __future__ import annotations

import functools
import re
import zoneinfo

from kapmail.closest import closest

# Abbreviation (or legacy POSIX name) -> the IANA names it most often means.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York", "America/Toronto"),
    "EDT": ("America/New_York", "America/Toronto"),
    "EST5EDT": ("America/New_York",),
    "CST": ("America/Chicago", "America/Mexico_City", "Asia/Shanghai"),
    "CDT": ("America/Chicago",),
    "CST6CDT": ("America/Chicago",),
    "MST": ("America/Denver", "America/Phoenix"),
    "MDT": ("America/Denver",),
    "MST7MDT": ("America/Denver",),
    "PST": ("America/Los_Angeles", "America/Vancouver"),
    "PDT": ("America/Los_Angeles", "America/Vancouver"),
    "PST8PDT": ("America/Los_Angeles",),
    "AKST": ("America/Anchorage",),
    "HST": ("Pacific/Honolulu",),
    "GMT": ("Europe/London", "Africa/Abidjan"),
    "BST": ("Europe/London",),
    "WET": ("Europe/Lisbon",),
    "CET": ("Europe/Paris", "Europe/Berlin"),
    "CEST": ("Europe/Paris", "Europe/Berlin"),
    "MET": ("Europe/Paris", "Europe/Berlin"),
    "EET": ("Europe/Athens", "Europe/Helsinki"),
    "EEST": ("Europe/Athens", "Europe/Helsinki"),
    "MSK": ("Europe/Moscow",),
    "IST": ("Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"),
    "JST": ("Asia/Tokyo",),
    "AEST": ("Australia/Sydney", "Australia/Melbourne", "Australia/Brisbane"),
    "AEDT": ("Australia/Sydney", "Australia/Melbourne"),
    "ACST": ("Australia/Adelaide", "Australia/Darwin"),
    "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",),
    "NZDT": ("Pacific/Auckland",),
}
# Whole-hour offsets from UTC -> places that keep it (in winter).
OFFSETS: dict[int, tuple[str, ...]] = {
    -8: ("America/Los_Angeles",),
    -7: ("America/Denver",),
    -6: ("America/Chicago",),
    -5: ("America/New_York",),
    0: ("Europe/London",),
    1: ("Europe/Paris", "Europe/Berlin"),
    2: ("Europe/Athens", "Africa/Johannesburg"),
    3: ("Europe/Moscow",),
    8: ("Asia/Singapore",),
    9: ("Asia/Tokyo",),
    10: ("Australia/Sydney",),
}
_OFFSET = re.compile(r"^(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d\d))?$", re.IGNORECASE)


@functools.cache
def _zones() -> dict[str, str]:
    """Every IANA name the system knows, by its case-folded spelling."""
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def _names(places: tuple[str, ...]) -> str:
    first, *others = places
    return first + (f" (or {', '.join(others)})" if others else "")


def problem(value: str) -> str | None:
    """What is wrong with `value` as a time zone, saying what to write; None when it is right."""
    if value == "UTC":
        return None
    places = ABBREVIATIONS.get(value.upper())
    if places:
        return (
            f"{value!r} is an abbreviation, not a place's time zone (it ignores summer time): "
            f"write the IANA name it means, e.g. {_names(places)}"
        )
    offset = _OFFSET.match(value)
    if offset:
        hours = int(offset.group(2)) * (-1 if offset.group(1) == "-" else 1)
        example = _names(OFFSETS.get(hours, ("Europe/London", "America/New_York")))
        return (
            f"{value!r} is a fixed offset, not a place's time zone (it ignores summer time): "
            f"write the IANA name of the place, e.g. {example}"
        )
    try:
        zoneinfo.ZoneInfo(value)
        return None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        pass
    zones = _zones()  # only on a miss: listing them takes tens of milliseconds
    folded = value.casefold()
    near = folded if folded in zones else closest(folded, zones, cutoff=0.8)
    if near is not None:
        return f"unknown time zone {value!r}; did you mean {zones[near]!r}?"
    return f"unknown time zone {value!r}; write e.g. America/New_York"
