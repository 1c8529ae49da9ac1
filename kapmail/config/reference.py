"""The key tables of docs/campaign-toml.md, written from the schema: each key, its default
and its `help=`, so the reference cannot drift from the code.

`python -m kapmail.config.reference docs/campaign-toml.md` rewrites every block between
`<!-- keys: TABLE -->` and `<!-- /keys -->`; a test fails while the file is stale.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path

from kapmail.config.schema import KEYED_TABLES, SUBTABLES, TABLES, Switch, declared

ALL_TABLES: dict[str, type] = {**TABLES, **SUBTABLES, **KEYED_TABLES, "checks": Switch}
_BLOCK = re.compile(r"(<!-- keys: ([a-z0-9_.]+) -->\n).*?(<!-- /keys -->)", re.S)


def default_text(field: dataclasses.Field[object]) -> str:
    """How a key's default reads in the reference (`shown=` when the code computes it)."""
    shown = field.metadata.get("shown")
    if shown:
        return str(shown)
    default = field.default
    if default is dataclasses.MISSING:
        return "required"
    if default is None:
        return "none"
    if isinstance(default, bool):
        return f"`{str(default).lower()}`"
    if default == "":
        return '`""`'
    return f"`{default}`"


def table(name: str) -> str:
    """The Markdown table of one configuration table's keys."""
    rows = ["| key | default | meaning |", "|---|---|---|"]
    for key, field in declared(ALL_TABLES[name]).items():
        rows.append(f"| `{key}` | {default_text(field)} | {field.metadata['help']} |")
    return "\n".join(rows) + "\n"


def refresh(text: str) -> str:
    """`text` with every marked block rewritten from the schema."""
    return _BLOCK.sub(lambda m: m.group(1) + table(m.group(2)) + m.group(3), text)


def main(path: str) -> None:
    file = Path(path)
    file.write_text(refresh(file.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1])
