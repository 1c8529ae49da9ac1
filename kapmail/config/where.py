"""Where configuration comes from: the organisation file, and the line of each keyed table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kapmail.errors import KapmailError

ORG_FILE = "kapmail.toml"


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
    """The nearest kapmail.toml in `start` or its parents, else in the working folder."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / ORG_FILE
        if candidate.is_file():
            return candidate
    cwd = Path.cwd() / ORG_FILE
    return cwd if cwd.is_file() else None
