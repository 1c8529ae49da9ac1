"""docs/campaign-toml.md documents every key the schema accepts, under its own table."""

from __future__ import annotations

import re

from kapmail.config.schema import KEYED_TABLES, SUBTABLES, TABLES, Switch, declared
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "campaign-toml.md"


def sections() -> dict[str, str]:
    """Each `## [table…]` section of the reference by table name."""
    text = DOCS.read_text()
    found = {}
    for match in re.finditer(
        r"^## \[([a-z0-9_]+(?:\.[a-z_]+)*)[^\n]*\n(.*?)(?=^## |\Z)", text, re.M | re.S
    ):
        found[match.group(1)] = match.group(2)
    return found


def test_every_key_of_every_table_is_documented_in_its_section():
    documented = sections()
    tables = {**TABLES, **SUBTABLES, **KEYED_TABLES, "checks": Switch}
    missing = [
        f"[{table}] {name}"
        for table, cls in tables.items()
        for name in declared(cls)
        if f"`{name}`" not in documented.get(table, "")
    ]
    assert not missing, f"undocumented in {DOCS.name}: {', '.join(missing)}"


def test_every_key_has_help_beside_it_in_the_schema():
    tables = {**TABLES, **SUBTABLES, **KEYED_TABLES, "checks": Switch}
    bare = [f"{t}.{n}" for t, cls in tables.items() for n, f in declared(cls).items()]
    bare = [key for key in bare if not _help(tables, key)]
    assert not bare, f"keys without help: {bare}"


def _help(tables: dict, dotted: str) -> str:
    table, name = dotted.rsplit(".", 1)
    return declared(tables[table])[name].metadata["help"]
