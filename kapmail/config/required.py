"""Required keys no configuration file sets, all in one error (not one per run)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from kapmail.config.schema import TABLES, declared
from kapmail.config.where import ORG_FILE, line_of
from kapmail.errors import KapmailError

REQUIRED_HINT = "run `kapmail init` to write a commented kapmail.toml, or set them yourself"


def require_all(files: list[tuple[Path, str]], values: dict[str, dict[str, Any]]) -> None:
    """Raise one KapmailError naming every required key missing from `values` (two or more),
    each with where its table is written (file and line), else nothing; `files` are the
    configuration files read, as (path, text), last one winning."""
    missing = [
        (table, name)
        for table, cls in TABLES.items()
        for name, spec in declared(cls).items()
        if name not in values[table] and spec.default is dataclasses.MISSING
    ]
    if len(missing) < 2:
        return  # one key: the table's own error names it with its hint
    parts = []
    for table, name in missing:
        at = [f"{path.name}:{line}" for path, text in files if (line := line_of(text, table))]
        parts.append(f"{table}.{name} ([{table}] at {at[-1]})" if at else f"{table}.{name}")
    tomls = [path.name for path, _ in files if path.suffix == ".toml"]
    where = " or ".join(tomls[-2:]) or f"a {ORG_FILE} beside the article"
    raise KapmailError(
        f"missing {len(missing)} required keys: {'; '.join(parts)}",
        file=files[-1][0] if files else None,
        hint=f"set them in {where}; {REQUIRED_HINT}",
    )
