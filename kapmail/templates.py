"""Where templates come from and the Jinja2 environments that render them."""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The shipped templates: inside the wheel, or the repository's templates/ folder."""
    inside = PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "templates"


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(moment: dt.datetime) -> str:
    """'Thursday 15 January' (English, independent of the machine's locale)."""
    return f"{DAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]}"


def wrap(text: str, width: int = 72) -> str:
    """Wrap prose for the plain-text part without breaking words or URLs."""
    return textwrap.fill(text, width=width, break_long_words=False, break_on_hyphens=False)


def host(url: str) -> str:
    return urlsplit(url).netloc


@functools.lru_cache(maxsize=16)
def environment(override_dir: Path | None, *, html: bool) -> jinja2.Environment:
    """A sandbox-free but autoescaping environment (article text is data, never a template).

    The plain-text environment does not escape: its output is text/plain, not markup.
    """
    folders = [str(override_dir)] if override_dir else []
    folders.append(str(builtin_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=not html,
        lstrip_blocks=not html,
    )
    env.filters.update(long_date=long_date, wrap=wrap, host=host)
    return env
