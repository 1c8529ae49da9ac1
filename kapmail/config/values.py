"""Value checks for configuration keys: each returns the cleaned value or raises BadValueError.

Generic and independent of any table: the schema (`kapmail.config.schema`) says which check
each key uses. The message of a BadValueError says what to write instead; the loader adds
the file, line and key.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

from kapmail import i18n
from kapmail.config import zones
from kapmail.text import FIELD, NOT_ONE_LINE, slugify

_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")
URL_TEMPLATE_FIELDS = ("campaign", "slug")


class BadValueError(ValueError):
    """A value failed its check; the message says what is expected."""


# ---- value checks: each returns the cleaned value or raises BadValueError ---------------


def text(value: object) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"expected text, got {type(value).__name__}")
    if NOT_ONE_LINE.search(value):
        raise BadValueError("must be one line without control characters")
    if not value.strip():
        raise BadValueError("must not be empty")
    return value.strip()


def long_text(value: object) -> str:
    """Text that may span lines (newlines folded to spaces)."""
    if not isinstance(value, str):
        raise BadValueError(f"expected text, got {type(value).__name__}")
    return text(" ".join(value.split()) or " ")


def texts_by_name(value: object) -> dict[str, str]:
    """A table of one-line texts by name (`{ US = "Línea 988" }`)."""
    if not isinstance(value, dict) or not value:
        raise BadValueError('expected a table of texts, e.g. { US = "..." }')
    return {str(name): text(item) for name, item in value.items()}


def lines(value: object) -> tuple[str, ...]:
    """A list of one-line texts (a postal address, say)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise BadValueError("expected a list of text lines")
    return tuple(text(item) for item in value)


def colour(value: object) -> str:
    value = text(value)
    if not _COLOUR.match(value):
        raise BadValueError(f"{value!r} is not a colour; write #RRGGBB, e.g. #1f5f5b")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def email_address(value: object) -> str:
    value = text(value)
    if not _EMAIL.match(value):
        raise BadValueError(f"{value!r} is not an e-mail address; write name@example.org")
    return value


def https_url(value: object) -> str:
    value = text(value)
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise BadValueError(f"{value!r} is not an https:// URL; write https://example.org/…")
    return value


def _only_fields(value: str, allowed: tuple[str, ...]) -> str:
    """Refuse braces other than the allowed {field}s (a typo would reach every reader)."""
    unknown = [f for f in FIELD.findall(value) if f not in allowed]
    if unknown or value.count("{") != value.count("}"):
        fields = " and ".join(f"{{{name}}}" for name in allowed)
        raise BadValueError(f"{value!r} may only hold {fields} in braces")
    return value


def subject_template(value: object) -> str:
    """A subject with {title} standing for the section title."""
    return _only_fields(text(value), ("title",))


def url_template(value: object) -> str:
    """An https URL that may hold {campaign} and {slug}, filled per email."""
    value = _only_fields(text(value), URL_TEMPLATE_FIELDS)
    https_url(FIELD.sub("x", value))
    return value


def unsubscribe_url(value: object) -> str:
    """An https URL that may hold {token} or {email}, filled per reader by `kapmail send`."""
    value = _only_fields(text(value), ("token", "email"))
    https_url(FIELD.sub("x", value))
    return value


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        raise BadValueError("expected true or false (no quotes)")
    return value


def host_names(value: object) -> tuple[str, ...]:
    """A list of host names such as example.org (no scheme, no path)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise BadValueError('expected a list of host names, e.g. ["example.org"]')
    hosts = []
    for item in value:
        host = text(item).lower().rstrip(".")
        if not _HOST.match(host):
            raise BadValueError(f"{item!r} is not a host name; write e.g. example.org")
        hosts.append(host)
    return tuple(hosts)


def host(value: object) -> str:
    """A server's host name (`smtp.example.org`, `localhost`) or IP address, no scheme or port."""
    value = text(value).rstrip(".")
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        pass
    label = value.lower()
    if not (_HOST.match(label) or re.fullmatch(_LABEL, label)):
        raise BadValueError(f"{value!r} is not a host name; write e.g. smtp.example.org")
    return label


def refused(reason: str) -> Callable[[object], NoReturn]:
    """A key that must never be set (a secret in a file): any value is refused with `reason`.

    The message never repeats the value.
    """

    def check(value: object) -> NoReturn:
        raise BadValueError(reason)

    return check


def language(value: object) -> str:
    """A BCP 47 tag Babel knows (`es`, `pt-BR`, `ar`); the message names the catalogs."""
    value = text(value)
    if not _LANG.match(value) or not i18n.known(value):
        raise BadValueError(
            f"{value!r} is not a language tag kapmail knows; kapmail's own words come in "
            f"{', '.join(i18n.LANGUAGES)} (e.g. en, en-GB, pt-BR)"
        )
    return value


def direction(value: object) -> str:
    value = text(value)
    if value not in {"ltr", "rtl"}:
        raise BadValueError("must be 'ltr' or 'rtl'")
    return value


def timezone(value: object) -> str:
    """An IANA time zone (`Europe/London`); abbreviations and offsets are refused."""
    value = text(value)
    wrong = zones.problem(value)
    if wrong:
        raise BadValueError(wrong)
    return value


def date(value: object) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise BadValueError("expected a date like 2026-12-01 (no quotes)")
    return value


def whole(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BadValueError(f"expected a whole number from {low} to {high}")
        return value

    return check


def slug(value: object) -> str:
    value = text(value)
    if slugify(value, fallback="") != value:
        raise BadValueError(f"{value!r} is not a slug; use lower-case letters, digits and dashes")
    return value


def relative_file(value: object) -> str:
    value = text(value)
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        raise BadValueError("must be a file name inside the campaign folder")
    return value


def choice(
    *options: str, what: str | None = None, any_case: bool = True
) -> Callable[[object], str]:
    """One of `options` (in any case unless `any_case` is false); `what` names one in errors."""

    def check(value: object) -> str:
        value = text(value).lower() if any_case else text(value)
        if value not in options:
            if what:
                raise BadValueError(f"{value!r} is not a {what}; use one of {', '.join(options)}")
            raise BadValueError(f"must be one of {', '.join(map(repr, options))}")
        return value

    return check
