"""docs/campaign-toml.md's key tables are written from the schema (`kapmail.config.reference`):
each key's default and `help=`. A change to either side without the other fails here; run
`python -m kapmail.config.reference docs/campaign-toml.md` to rewrite the tables."""

from __future__ import annotations

import re

from kapmail.config.reference import ALL_TABLES, refresh, table
from tests.conftest import ROOT

DOCS = ROOT / "docs" / "campaign-toml.md"


def test_the_reference_tables_are_what_the_schema_says():
    text = DOCS.read_text(encoding="utf-8")
    assert refresh(text) == text, (
        "docs/campaign-toml.md is stale: python -m kapmail.config.reference docs/campaign-toml.md"
    )


def test_every_table_has_its_generated_block_once():
    names = re.findall(r"<!-- keys: ([a-z0-9_.]+) -->", DOCS.read_text(encoding="utf-8"))
    assert sorted(names) == sorted(ALL_TABLES)


def test_a_stale_block_is_rewritten():
    stale = "## [utm]\n<!-- keys: utm -->\n| `enabled` | `true` | old words |\n<!-- /keys -->\n"
    fresh = refresh(stale)
    assert "old words" not in fresh
    assert table("utm") in fresh and "| `campaign` | the campaign slug | `utm_campaign` |" in fresh
