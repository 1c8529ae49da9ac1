"""Where configuration comes from: the organisation file, the line of a key or table."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kapmail.errors import KapmailError

ORG_FILE = "kapmail.toml"
PROJECT_ROOT = ".git"  # a folder (or a worktree's file) that ends the search upwards


class Located(dict[str, Any]):
    """`[emails.<slug>]` / `[evidence.<slug>]` tables by name, remembering where each was
    written (`lines[name]` is its file and line), so a later error can point at it."""

    def __init__(self, items: dict[str, Any], lines: dict[str, tuple[Path, int | None]]) -> None:
        super().__init__(items)
        self.lines = lines


def org_file_for(start: Path, config: Path | None = None) -> Path | None:
    """The organisation file: `config` (--config) when given, else the nearest kapmail.toml."""
    if config is None:
        return find_org_file(start)
    if not config.is_file():
        raise KapmailError(
            "organisation file not found",
            file=config,
            hint="--config names an existing kapmail.toml",
        )
    return config


def find_org_file(start: Path) -> Path | None:
    """The nearest kapmail.toml in `start` or its parents up to the project root, else in
    the working folder.

    The search stops at the first folder that holds a kapmail.toml or a `.git` (the
    repository's root): a kapmail.toml above the project is never applied.
    """
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / ORG_FILE
        if candidate.is_file():
            return candidate
        if (folder / PROJECT_ROOT).exists():
            break
    cwd = Path.cwd() / ORG_FILE
    return cwd if cwd.is_file() else None


def line_of(source: str, key: str, table: str | None = None) -> int | None:
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
