"""kapmail.toml + campaign.toml -> Campaign: find the files, read them, merge, validate.

A campaign's tables override the organisation defaults in the nearest kapmail.toml key by
key. Every key is checked against `kapmail.config.schema`; an error names the file, the
line and the key, suggests the closest known name, and says what to write instead.
`[checks.<name>]` tables are validated here against rule and family names from the caller
(`pipeline.load` passes the checks registry's): configuration never imports the checks.
Longer than 300 lines on purpose: every file's keys are read, merged and refused (with
their line) in one place, including the tables only kapmail.toml may set.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kapmail.closest import closest
from kapmail.config.required import REQUIRED_HINT, require_all
from kapmail.config.schema import (
    CAMPAIGN_ONLY,
    KEYED_TABLES,
    ORG_ONLY,
    SUBTABLES,
    TABLES,
    Campaign,
    Switch,
    declared,
)
from kapmail.config.values import BadValueError
from kapmail.config.where import ORG_FILE, Located, line_of, org_file_for
from kapmail.errors import KapmailError
from kapmail.text import file_stem, file_title, slugify

CAMPAIGN_FILE = "campaign.toml"
CHECKS = "checks"
# The [campaign] table is the Campaign's `about` attribute; every other table keeps its name.
ATTRIBUTE = {"campaign": "about"}


def load_campaign(
    folder: Path, *, check_names: Collection[str] | None = None, org_file: Path | None = None
) -> Campaign:
    """Load a campaign folder (campaign.toml, its article, its templates).

    `check_names`: what a `[checks.<name>]` table may name (None: any name, for tests).
    `org_file`: the organisation file to use (--config) instead of the nearest kapmail.toml.
    """
    path = folder / CAMPAIGN_FILE
    if not path.is_file():
        raise KapmailError(
            f"no {CAMPAIGN_FILE} in this folder",
            file=folder,
            hint="give a campaign folder or an article file",
        )
    org = org_file_for(folder.parent, org_file)
    layers = ([_read_toml(org, org=True)] if org else []) + [_read_toml(path)]
    tables = _merge(layers, check_names)
    about = tables["about"]
    templates = folder / "templates"
    return Campaign(
        slug=about.slug or slugify(folder.name, fallback="campaign"),
        root=folder,
        article_path=folder / about.article,
        template_dir=templates if templates.is_dir() else None,
        sources=tuple(layer.path for layer in layers),
        **tables,
    )


def campaign_for_article(
    article: Path, *, check_names: Collection[str] | None = None, org_file: Path | None = None
) -> Campaign:
    """A bare article's campaign: org defaults, named by the file (an index.* by its folder)."""
    org = org_file_for(article.parent, org_file)
    layers = [_read_toml(org, org=True)] if org else []
    name = file_title(article)
    layers.append(_Layer(article, {"campaign": {"name": name or "Article"}}, ""))
    return Campaign(
        slug=slugify(file_stem(article), fallback="article"),
        root=article.parent,
        article_path=article,
        sources=tuple(layer.path for layer in layers),
        **_merge(layers, check_names),
    )


@dataclass(frozen=True)
class _Layer:
    """One configuration file: its path, its parsed data and its text (for line numbers)."""

    path: Path
    data: dict[str, Any]
    source: str
    org: bool = False  # the organisation file (kapmail.toml or --config)


def _read_toml(path: Path, *, org: bool = False) -> _Layer:
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
    return _Layer(path, data, source, org)


def _line_from_message(message: str) -> int | None:
    return int(found.group(1)) if (found := re.search(r"line (\d+)", message)) else None


def _merge(layers: list[_Layer], check_names: Collection[str] | None) -> dict[str, Any]:
    """Validate each layer, later layers winning key by key; then build the typed tables.

    Returns the keyword arguments of `Campaign` that come from configuration files.
    """
    values: dict[str, dict[str, Any]] = {table: {} for table in TABLES}
    keyed: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in KEYED_TABLES}
    lines: dict[str, dict[str, tuple[Path, int | None]]] = {table: {} for table in KEYED_TABLES}
    subtables: dict[str, dict[str, Any]] = {}
    switches: dict[str, Switch] = {}
    for layer in layers:
        known = _tables_for(layer)
        for table, content in layer.data.items():
            if table == CHECKS:
                switches.update(_switches(layer, content, check_names))
            elif table not in known or not isinstance(content, dict):
                raise _unknown(layer, table, None, known)
            elif table in ORG_ONLY and not (layer.org or layer.path.name == ORG_FILE):
                raise _org_only(layer, table, content)
            elif table in KEYED_TABLES:
                _merge_keyed(layer, table, content, keyed[table])
                lines[table].update({name: _keyed_line(layer, table, name) for name in content})
            else:
                for name, value in content.items():
                    where = f"{table}.{name}"
                    if where in SUBTABLES:
                        into = subtables.setdefault(where, {})
                        _merge_table(layer, where, value, into, SUBTABLES[where])
                    else:
                        values[table][name] = _checked(layer, table, name, value, TABLES[table])
    for where, entry in subtables.items():
        table, name = where.split(".")
        values[table][name] = _build(layers, where, SUBTABLES[where], entry)
    require_all([(f.path, f.source) for f in layers if f.org or f.path.suffix == ".toml"], values)
    result: dict[str, Any] = {
        ATTRIBUTE.get(table, table): _build(layers, table, cls, values[table])
        for table, cls in TABLES.items()
    }
    for table, entries in keyed.items():
        cls = KEYED_TABLES[table]
        built = {
            name: _build(layers, f"{table}.{name}", cls, entry) for name, entry in entries.items()
        }
        result[table] = Located(built, lines[table])
    result["crisis"] = {
        country: dataclasses.replace(line, country=country)
        for country, line in result["crisis"].items()
    }
    result[CHECKS] = switches
    return result


def _merge_keyed(
    layer: _Layer, table: str, content: dict[str, Any], into: dict[str, dict[str, Any]]
) -> None:
    for name, keys in content.items():
        entry = into.setdefault(name, {})
        _merge_table(layer, f"{table}.{name}", keys, entry, KEYED_TABLES[table])


def _merge_table(layer: _Layer, where: str, keys: Any, into: dict[str, Any], cls: type) -> None:
    """Check the keys of `[where]` (a keyed table's entry or a sub-table) into `into`."""
    if not isinstance(keys, dict):
        table, name = where.split(".", 1)
        raise KapmailError(
            "expected a table",
            file=layer.path,
            line=_keyed_line(layer, table, name)[1],
            key=where,
            hint=f"write [{where}]",
        )
    for key, value in keys.items():
        into[key] = _checked(layer, where, key, value, cls)


def _keyed_line(layer: _Layer, table: str, name: str) -> tuple[Path, int | None]:
    """Where `[table.name]` is written: its file and line."""
    opens = re.compile(
        rf"^[ \t]*\[[ \t]*{table}[ \t]*\.[ \t]*([\"']?){re.escape(name)}\1[ \t]*\]", re.M
    )
    found = opens.search(layer.source)
    if found:
        return layer.path, layer.source.count("\n", 0, found.start()) + 1
    return layer.path, line_of(layer.source, name, table)  # [table] with name = {...}


def _build(layers: list[_Layer], table: str, cls: type, values: dict[str, Any]) -> Any:
    """The typed table; a required key no layer set is an error naming where to set it."""
    for name, spec in declared(cls).items():
        if name not in values and spec.default is dataclasses.MISSING:
            files = [f.path for f in layers if f.org or f.path.suffix == ".toml"]  # no article
            where = " or ".join(f.name for f in files[-2:]) or f"a {ORG_FILE} beside the article"
            raise KapmailError(
                f"missing required key {table}.{name}",
                file=(files or [layers[-1].path])[-1],
                key=f"{table}.{name}",
                hint=f"set it under [{table}] in {where}; {REQUIRED_HINT}",
            )
    return cls(**values)


def _tables_for(layer: _Layer) -> list[str]:
    """Tables a file may hold: [campaign], [emails] and [evidence] not in kapmail.toml."""
    tables = [*TABLES, *KEYED_TABLES, CHECKS]
    org = layer.org or layer.path.name == ORG_FILE
    return [t for t in tables if t not in CAMPAIGN_ONLY] if org else tables


def _switches(layer: _Layer, content: Any, names: Collection[str] | None) -> dict[str, Switch]:
    """`[checks.<rule or family>]` tables: a severity and a reason each."""
    if not isinstance(content, dict):
        raise KapmailError(
            "expected a table",
            file=layer.path,
            line=line_of(layer.source, CHECKS),
            key=CHECKS,
            hint='write [checks.<rule or family>] with severity = "off" and reason = "…"',
        )
    found = {}
    for name, keys in content.items():
        where = f"{CHECKS}.{name}"
        line = line_of(layer.source, where) or line_of(layer.source, name, CHECKS)
        if names is not None and name not in names:
            known = list(names)
            close = closest(name, known)
            raise KapmailError(
                f"[{where}] names no rule or family of checks",
                file=layer.path,
                line=line,
                key=where,
                hint=f"did you mean {close!r}?" if close else f"known: {', '.join(known)}",
            )
        if not isinstance(keys, dict):
            raise KapmailError(
                "expected a table",
                file=layer.path,
                line=line,
                key=where,
                hint=f'write [{where}] with severity = "off" and reason = "…"',
            )
        checked = {key: _checked(layer, where, key, value, Switch) for key, value in keys.items()}
        missing = [key for key in declared(Switch) if key not in checked]
        if missing:
            raise KapmailError(
                f"missing required key {where}.{missing[0]}",
                file=layer.path,
                line=line,
                key=f"{where}.{missing[0]}",
                hint="a switched rule needs a severity and the reason for switching it",
            )
        source = f"{layer.path.name}:{line}" if line else layer.path.name
        found[name] = Switch(**checked, source=source, file=layer.path, line=line)
    return found


def _checked(layer: _Layer, table: str, key: str, value: Any, cls: type) -> Any:
    keys = declared(cls)
    if key not in keys:
        raise _unknown(layer, table, key, list(keys))
    try:
        return keys[key].metadata["check"](value)
    except BadValueError as exc:
        raise KapmailError(
            str(exc),
            file=layer.path,
            line=line_of(layer.source, key, table),
            key=f"{table}.{key}",
        ) from None


def _org_only(layer: _Layer, table: str, content: dict[str, Any]) -> KapmailError:
    """[smtp] or [send] in a campaign's file: refused, naming its first key (checked first,
    so a password there gets its own refusal)."""
    for key, value in content.items():
        _checked(layer, table, key, value, TABLES[table])
    name = next(iter(content), None)
    where = f"{table}.{name}" if name else table
    return KapmailError(
        f"[{table}] may be set only in the organisation's {ORG_FILE}, not in {layer.path.name}",
        file=layer.path,
        line=line_of(layer.source, name, table) if name else line_of(layer.source, table),
        key=where,
        hint=f"move [{table}] to {ORG_FILE} (or pass the server on the command line): "
        "a shared campaign folder must not choose where the SMTP login or the ledger goes",
    )


def _unknown(layer: _Layer, table: str, key: str | None, known: list[str]) -> KapmailError:
    name = key if key is not None else table
    close = closest(name, known)
    hint = f"did you mean {close!r}?" if close else f"known: {', '.join(known)}"
    what = f"unknown key {table}.{key}" if key is not None else f"unknown table [{table}]"
    return KapmailError(
        what,
        file=layer.path,
        line=line_of(layer.source, key, table) if key else line_of(layer.source, table),
        key=f"{table}.{key}" if key else table,
        hint=hint,
    )
