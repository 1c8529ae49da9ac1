"""kapmail.toml + campaign.toml -> Campaign, every key validated.

Each table declares its keys with a type check and a default; an error names the file,
the line and the key, and says what to write instead. A campaign's tables override the
organisation defaults in the nearest kapmail.toml key by key.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kapmail.checks import REGISTRY, SWITCHES, Switch
from kapmail.errors import KapmailError
from kapmail.text import slugify

ORG_FILE = "kapmail.toml"
CAMPAIGN_FILE = "campaign.toml"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LANG = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+$")
_URL_FIELDS = re.compile(r"\{([^{}]*)\}")
URL_TEMPLATE_FIELDS = ("campaign", "slug")


class BadValueError(ValueError):
    """A value failed its check; the message says what is expected."""


# ---- value checks: each returns the cleaned value or raises BadValueError ---------------


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise BadValueError(f"expected text, got {type(value).__name__}")
    if _CONTROL.search(value):
        raise BadValueError("must be one line without control characters")
    if not value.strip():
        raise BadValueError("must not be empty")
    return value.strip()


def long_text(value: Any) -> str:
    """Text that may span lines (newlines folded to spaces)."""
    if not isinstance(value, str):
        raise BadValueError(f"expected text, got {type(value).__name__}")
    return text(" ".join(value.split()) or " ")


def lines(value: Any) -> tuple[str, ...]:
    """A list of one-line texts (a postal address, say)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise BadValueError("expected a list of text lines")
    return tuple(text(item) for item in value)


def colour(value: Any) -> str:
    value = text(value)
    if not _COLOUR.match(value):
        raise BadValueError(f"{value!r} is not a colour; write #RRGGBB, e.g. #1f5f5b")
    if len(value) == 4:
        value = "#" + "".join(c * 2 for c in value[1:])
    return value.lower()


def email_address(value: Any) -> str:
    value = text(value)
    if not _EMAIL.match(value):
        raise BadValueError(f"{value!r} is not an e-mail address; write name@example.org")
    return value


def https_url(value: Any) -> str:
    value = text(value)
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc or " " in value:
        raise BadValueError(f"{value!r} is not an https:// URL; write https://example.org/…")
    return value


def _only_fields(value: str, allowed: tuple[str, ...]) -> str:
    """Refuse braces other than the allowed {field}s (a typo would reach every reader)."""
    unknown = [f for f in _URL_FIELDS.findall(value) if f not in allowed]
    if unknown or value.count("{") != value.count("}"):
        fields = " and ".join(f"{{{name}}}" for name in allowed)
        raise BadValueError(f"{value!r} may only hold {fields} in braces")
    return value


def subject_template(value: Any) -> str:
    """A subject with {title} standing for the section title."""
    return _only_fields(text(value), ("title",))


def url_template(value: Any) -> str:
    """An https URL that may hold {campaign} and {slug}, filled per email."""
    value = _only_fields(text(value), URL_TEMPLATE_FIELDS)
    https_url(_URL_FIELDS.sub("x", value))
    return value


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise BadValueError("expected true or false (no quotes)")
    return value


def host_names(value: Any) -> tuple[str, ...]:
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


def language(value: Any) -> str:
    value = text(value)
    if not _LANG.match(value):
        raise BadValueError(f"{value!r} is not a language tag; write e.g. en or en-GB")
    return value


def direction(value: Any) -> str:
    value = text(value)
    if value not in {"ltr", "rtl"}:
        raise BadValueError("must be 'ltr' or 'rtl'")
    return value


def timezone(value: Any) -> str:
    value = text(value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValueError(f"unknown time zone {value!r}; write e.g. America/New_York") from None
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise BadValueError("expected a date like 2026-12-01 (no quotes)")
    return value


def whole(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BadValueError(f"expected a whole number from {low} to {high}")
        return value

    return check


def slug(value: Any) -> str:
    value = text(value)
    if slugify(value, fallback="") != value:
        raise BadValueError(f"{value!r} is not a slug; use lower-case letters, digits and dashes")
    return value


def relative_file(value: Any) -> str:
    value = text(value)
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        raise BadValueError("must be a file name inside the campaign folder")
    return value


EVIDENCE_LEVELS = ("strong", "moderate", "limited", "not established")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def evidence_level(value: Any) -> str:
    value = text(value).lower()
    if value not in EVIDENCE_LEVELS:
        raise BadValueError(f"{value!r} is not a level; use one of {', '.join(EVIDENCE_LEVELS)}")
    return value


REFERENCE_IDS = {
    "doi": lambda v: bool(_DOI.match(v)),
    "pmid": str.isdigit,
    "pmcid": lambda v: bool(re.fullmatch(r"PMC\d+", v)),
    "pubmed_query": lambda v: True,
}


def references(value: Any) -> tuple[dict[str, str], ...]:
    """A list of {citation = "…", doi|pmid|pmcid|pubmed_query = "…"} tables."""
    if not isinstance(value, list) or not value:
        raise BadValueError('expected a list like [{ citation = "…", doi = "10.…" }]')
    cleaned = []
    for item in value:
        if not isinstance(item, dict) or "citation" not in item:
            raise BadValueError("each reference needs a citation")
        ref = {key: text(val) for key, val in item.items()}
        unknown = set(ref) - {"citation", *REFERENCE_IDS}
        if unknown:
            raise BadValueError(f"unknown reference field {sorted(unknown)[0]!r}")
        ids = [key for key in REFERENCE_IDS if key in ref]
        if not ids:
            raise BadValueError(
                f"reference {ref['citation']!r} needs a doi, pmid, pmcid or pubmed_query"
            )
        for key in ids:
            if not REFERENCE_IDS[key](ref[key]):
                raise BadValueError(f"{ref[key]!r} is not a valid {key}")
        cleaned.append(ref)
    return tuple(cleaned)


# ---- the schema ---------------------------------------------------------------------------

REQUIRED = object()


@dataclass(frozen=True)
class Key:
    check: Callable[[Any], Any]
    default: Any = REQUIRED
    help: str = ""


SHARED_TABLES: dict[str, dict[str, Key]] = {
    "brand": {
        "name": Key(text, help="the organisation name shown in every email"),
        "primary_color": Key(colour, "#1f5f5b"),
        "text_color": Key(colour, "#1f2933"),
        "background_color": Key(colour, "#f3f5f4"),
        "card_color": Key(colour, "#ffffff"),
        "muted_color": Key(colour, "#4a5560"),
        "note_color": Key(colour, "#e9f2f0"),
        "dark_primary_color": Key(colour, "#8fd3cc"),
        "dark_text_color": Key(colour, "#e8ecea"),
        "dark_background_color": Key(colour, "#101414"),
        "dark_card_color": Key(colour, "#1b2121"),
        "dark_muted_color": Key(colour, "#b9c2c0"),
        "dark_note_color": Key(colour, "#243030"),
        "font_family": Key(text, "Helvetica, Arial, sans-serif"),
    },
    "sender": {
        "name": Key(text),
        "email": Key(email_address),
        "reply_to": Key(email_address),
        "postal_address": Key(lines, None, "checked by rule L1: every email must show it"),
        "website": Key(https_url),
        "unsubscribe_url": Key(https_url),
        "unsubscribe_mailto": Key(email_address, None),
        "preferences_url": Key(https_url),
        "web_view_url": Key(url_template, None, "the email on the web; may hold {slug}"),
        "audience": Key(long_text, None, "why the reader gets this email"),
    },
    "schedule": {
        "start": Key(date),
        "cadence_days": Key(whole(1, 365), 7),
        "send_hour": Key(whole(0, 23), 9),
        "timezone": Key(timezone, "UTC"),
        "skip_weekends": Key(boolean, False, "move a Saturday or Sunday send to Monday"),
    },
    "call_to_action": {
        "label": Key(text, None),
        "url": Key(https_url, None),
        "question": Key(long_text, None),
    },
    "health": {
        "related": Key(boolean, True, "false switches the health rules (HC) off"),
        "regulatory": Key(long_text, None, "regulatory status, shown in the first and last email"),
        "risks": Key(long_text, None, "known risks, shown in the first and last email"),
        "disclaimer": Key(long_text, None, "shown in the footer of every email"),
        "risk_terms": Key(lines, None, "risks rule HC6 expects the series to name"),
    },
    "utm": {
        "enabled": Key(boolean, True, "add UTM parameters to links to the campaign's domains"),
        "source": Key(text, "newsletter"),
        "medium": Key(text, "email"),
        "campaign": Key(text, None, "default: the campaign slug"),
        "domains": Key(host_names, None, "default: the host of sender.website"),
    },
}
CAMPAIGN_TABLES: dict[str, dict[str, Key]] = {
    "campaign": {
        "name": Key(text),
        "slug": Key(slug, None),
        "article": Key(relative_file, "article.txt"),
        "title": Key(text, None),
        "language": Key(language, "en"),
        "direction": Key(direction, "ltr"),
        "subject_template": Key(subject_template, "{title}"),
    },
    **SHARED_TABLES,
}

# Tables of tables: [emails.<slug>], [evidence.<section slug>], [crisis.<country code>].
KEYED_TABLES: dict[str, dict[str, Key]] = {
    "emails": {"subject": Key(text, None), "preheader": Key(text, None)},
    "evidence": {
        "level": Key(evidence_level),
        "qualifier": Key(text, None, "e.g. short-term, preliminary"),
        "note": Key(long_text),
        "references": Key(references),
    },
    "crisis": {
        "service": Key(text, help="e.g. 988 Suicide & Crisis Lifeline"),
        "call_or_text": Key(text, None),
        "chat_url": Key(https_url, None),
        "emergency": Key(text, None, "the emergency number, e.g. 911"),
    },
}


def switch_severity(value: Any) -> str:
    value = text(value)
    if value not in SWITCHES:
        raise BadValueError(f"must be one of {', '.join(repr(s) for s in SWITCHES)}")
    return value


CHECK_KEYS: dict[str, Key] = {"severity": Key(switch_severity), "reason": Key(long_text)}


# ---- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EmailOverride:
    subject: str | None = None
    preheader: str | None = None


@dataclass(frozen=True)
class Campaign:
    """Everything a build needs to know besides the article."""

    slug: str
    root: Path
    article_path: Path
    settings: Mapping[str, Mapping[str, Any]]
    keyed: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)
    template_dir: Path | None = None
    sources: tuple[Path, ...] = ()
    checks: Mapping[str, Switch] = field(default_factory=dict)

    def get(self, table: str, key: str) -> Any:
        return self.settings[table][key]

    def entries(self, table: str) -> Mapping[str, Mapping[str, Any]]:
        """The sub-tables of a keyed table, e.g. entries("evidence")["mood-disorders"]."""
        return self.keyed.get(table, {})

    @property
    def overrides(self) -> dict[str, EmailOverride]:
        return {slug: EmailOverride(**keys) for slug, keys in self.entries("emails").items()}

    @property
    def name(self) -> str:
        return self.settings["campaign"]["name"]


# ---- loading -------------------------------------------------------------------------------


def find_org_file(start: Path) -> Path | None:
    """The nearest kapmail.toml in `start` or its parents, else in the working folder."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / ORG_FILE
        if candidate.is_file():
            return candidate
    cwd = Path.cwd() / ORG_FILE
    return cwd if cwd.is_file() else None


def load_campaign(folder: Path) -> Campaign:
    """Load a campaign folder (campaign.toml, its article, its templates)."""
    path = folder / CAMPAIGN_FILE
    if not path.is_file():
        raise KapmailError(
            f"no {CAMPAIGN_FILE} in this folder",
            file=folder,
            hint="give a campaign folder or an article file",
        )
    org = find_org_file(folder.parent)
    layers = ([_read_toml(org)] if org else []) + [_read_toml(path)]
    settings, keyed, checks = _merge(layers, CAMPAIGN_TABLES)
    article = folder / settings["campaign"]["article"]
    slug = settings["campaign"]["slug"] or slugify(folder.name, fallback="campaign")
    templates = folder / "templates"
    return Campaign(
        slug=slug,
        root=folder,
        article_path=article,
        settings=settings,
        keyed=keyed,
        template_dir=templates if templates.is_dir() else None,
        sources=tuple(layer.path for layer in layers),
        checks=checks,
    )


def campaign_for_article(article: Path) -> Campaign:
    """A campaign for a bare article file: organisation defaults, name from the file."""
    org = find_org_file(article.parent)
    layers = [_read_toml(org)] if org else []
    name = article.stem.replace("-", " ").replace("_", " ").strip().capitalize() or "Article"
    layers.append(_Layer(article, {"campaign": {"name": name}}, ""))
    settings, keyed, checks = _merge(layers, CAMPAIGN_TABLES)
    return Campaign(
        slug=slugify(article.stem, fallback="article"),
        root=article.parent,
        article_path=article,
        settings=settings,
        keyed=keyed,
        sources=tuple(layer.path for layer in layers),
        checks=checks,
    )


@dataclass(frozen=True)
class _Layer:
    path: Path
    data: dict[str, Any]
    source: str


def _read_toml(path: Path) -> _Layer:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise KapmailError(f"not valid UTF-8 at byte {exc.start}", file=path) from None
    except OSError as exc:
        raise KapmailError(f"cannot read: {exc.strerror}", file=path) from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        message = str(exc).split(" (at line")[0]
        raise KapmailError(
            f"TOML syntax error: {message}", file=path, line=line, hint="fix the TOML"
        ) from None
    return _Layer(path, data, source)


def _line_from_message(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


def _merge(
    layers: list[_Layer], schema: dict[str, dict[str, Key]]
) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, dict[str, Any]]], dict[str, Switch]]:
    """Validate each layer, later layers winning key by key; then fill defaults."""
    settings: dict[str, dict[str, Any]] = {table: {} for table in schema}
    keyed: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in KEYED_TABLES}
    checks: dict[str, Switch] = {}
    for layer in layers:
        known = _tables_for(layer, schema)
        for table, values in layer.data.items():
            if table == "checks":
                checks.update(_check_switches(layer, values))
                continue
            if table not in known or not isinstance(values, dict):
                raise _unknown(layer, table, None, known)
            if table in KEYED_TABLES:
                _merge_keyed(layer, table, values, keyed[table])
                continue
            for key, value in values.items():
                settings[table][key] = _checked(layer, table, key, value, schema[table])
    for table, keys in schema.items():
        _fill_defaults(layers, table, keys, settings[table])
    for table, entries in keyed.items():
        for name, values in entries.items():
            _fill_defaults(layers, f"{table}.{name}", KEYED_TABLES[table], values)
    return settings, keyed, checks


def _merge_keyed(
    layer: _Layer, table: str, values: dict[str, Any], into: dict[str, dict[str, Any]]
) -> None:
    for name, keys in values.items():
        where = f"{table}.{name}"
        if not isinstance(keys, dict):
            raise KapmailError(
                "expected a table",
                file=layer.path,
                line=_line_of(layer.source, where) or _line_of(layer.source, name, table),
                key=where,
                hint=f"write [{where}]",
            )
        entry = into.setdefault(name, {})
        for key, value in keys.items():
            entry[key] = _checked(layer, where, key, value, KEYED_TABLES[table])


def _fill_defaults(
    layers: list[_Layer], table: str, keys: dict[str, Key], values: dict[str, Any]
) -> None:
    for key, spec in keys.items():
        if key in values:
            continue
        if spec.default is REQUIRED:
            names = " or ".join(layer.path.name for layer in layers[-2:]) or CAMPAIGN_FILE
            raise KapmailError(
                f"missing required key {table}.{key}",
                file=layers[-1].path,
                key=f"{table}.{key}",
                hint=f"set it under [{table}] in {names}",
            )
        values[key] = spec.default


def _tables_for(layer: _Layer, schema: dict[str, dict[str, Key]]) -> list[str]:
    """Tables a file may hold: [campaign], [emails] and [evidence] not in kapmail.toml."""
    tables = [*schema, *KEYED_TABLES, "checks"]
    if layer.path.name == ORG_FILE:
        return [t for t in tables if t not in {"campaign", "emails", "evidence"}]
    return tables


def _check_switches(layer: _Layer, values: Any) -> dict[str, Switch]:
    """`[checks.<rule or family>]` tables: severity ("error", "warning", "off") and reason."""
    known = REGISTRY.names()
    if not isinstance(values, dict):
        raise KapmailError(
            "expected a table",
            file=layer.path,
            line=_line_of(layer.source, "checks"),
            key="checks",
            hint='write [checks.<rule or family>] with severity = "off" and reason = "…"',
        )
    result = {}
    for name, keys in values.items():
        where = f"checks.{name}"
        line = _line_of(layer.source, where) or _line_of(layer.source, name, "checks")
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            raise KapmailError(
                f"[{where}] names no rule or family of checks",
                file=layer.path,
                line=line,
                key=where,
                hint=f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}",
            )
        if not isinstance(keys, dict):
            raise KapmailError(
                "expected a table",
                file=layer.path,
                line=line,
                key=where,
                hint=f'write [{where}] with severity = "off" and reason = "…"',
            )
        checked = {
            key: _checked(layer, where, key, value, CHECK_KEYS) for key, value in keys.items()
        }
        for key in CHECK_KEYS:
            if key not in checked:
                raise KapmailError(
                    f"missing required key {where}.{key}",
                    file=layer.path,
                    line=line,
                    key=f"{where}.{key}",
                    hint="a switched rule needs a severity and the reason for switching it",
                )
        source = f"{layer.path.name}:{line}" if line else layer.path.name
        result[name] = Switch(checked["severity"], checked["reason"], source)
    return result


def _checked(layer: _Layer, table: str, key: str, value: Any, keys: dict[str, Key]) -> Any:
    if key not in keys:
        raise _unknown(layer, table, key, list(keys))
    try:
        return keys[key].check(value)
    except BadValueError as exc:
        raise KapmailError(
            str(exc),
            file=layer.path,
            line=_line_of(layer.source, key, table),
            key=f"{table}.{key}",
        ) from None


def _unknown(layer: _Layer, table: str, key: str | None, known: list[str]) -> KapmailError:
    name = key if key is not None else table
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(known)}"
    what = f"unknown key {table}.{key}" if key is not None else f"unknown table [{table}]"
    return KapmailError(
        what,
        file=layer.path,
        line=_line_of(layer.source, key, table) if key else _line_of(layer.source, table),
        key=f"{table}.{key}" if key else table,
        hint=hint,
    )


def _line_of(source: str, key: str, table: str | None = None) -> int | None:
    """The line that assigns `key` (inside `[table]` when given) or opens table `key`."""
    assigns = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    opens = re.compile(rf"^\s*\[+\s*[\"']?{re.escape(table or key)}[\"']?\s*\]+")
    inside = table is None
    for number, line in enumerate(source.splitlines(), start=1):
        if table is None and opens.match(line):
            return number
        if line.lstrip().startswith("["):
            inside = table is None or bool(opens.match(line))
        elif inside and assigns.match(line):
            return number
    return None
