"""Where each configuration value comes from: `kapmail config`'s file and line per key,
the way `git config --show-origin` shows them."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kapmail.config.schema import Campaign
from kapmail.config.where import line_of


@dataclass(frozen=True)
class Origin:
    """One value as merged: its dotted key, its value, and the file and line that set it."""

    key: str
    value: Any
    file: Path
    line: int | None

    def show(self) -> str:
        """`kapmail.toml:15<TAB>sender.email = "learning@example.org"`."""
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}\t{self.key} = {json.dumps(self.value, ensure_ascii=False, default=str)}"


def origins(campaign: Campaign) -> list[Origin]:
    """Every value the campaign's configuration files set, later files winning key by key
    (campaign.toml over kapmail.toml), sorted by key. The files were checked by loading."""
    merged: dict[str, Origin] = {}
    for path in campaign.sources:
        if path.suffix != ".toml":
            continue  # a bare article: its campaign name comes from the file name
        source = path.read_text(encoding="utf-8")
        for key, value, table in _flatten(tomllib.loads(source)):
            name = key.rsplit(".", 1)[-1]
            merged[key] = Origin(key, value, path, line_of(source, name, table))
    return [merged[key] for key in sorted(merged)]


def _flatten(data: dict[str, Any], table: str | None = None) -> Iterator[tuple[str, Any, str]]:
    """(dotted key, value, the table it is written in) for every leaf value."""
    for key, value in data.items():
        dotted = f"{table}.{key}" if table else key
        if isinstance(value, dict):
            yield from _flatten(value, dotted)
        else:
            yield dotted, value, table or ""
