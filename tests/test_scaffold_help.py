"""The comments `kapmail new` writes above each key are that key's help in the schema: change
one and the other follows; a scaffold comment written by hand beside a key fails here."""

from __future__ import annotations

import re
from pathlib import Path

from kapmail.config.schema import About, Brand, CallToAction, Schedule, Sender, declared
from kapmail.deliver.scaffold import campaign_toml
from tests.builds import Built

TABLES = {
    "campaign": About,
    "schedule": Schedule,
    "call_to_action": CallToAction,
    "brand": Brand,
    "sender": Sender,
}
KEY_LINE = re.compile(r"^(?:# )?([a-z_]+) = ")


def commented_keys(text: str) -> dict[tuple[str, str], str]:
    """(table, key) -> the comment block right above the key's line, as one sentence."""
    found, table, comment = {}, "", []
    for line in text.splitlines():
        if line.startswith("["):
            table, comment = line.strip("[]"), []
        elif (match := KEY_LINE.match(line)) and comment:
            found[(table, match.group(1))] = " ".join(comment)
            comment = []
        elif line.startswith("# "):
            comment.append(line[2:])
        else:
            comment = []
    return found


def test_each_scaffolded_key_is_commented_with_its_schema_help(kap_built: Built):
    text = campaign_toml(kap_built.series, name="KAP", article="article.txt", org_file=None)
    commented = commented_keys(text)
    checked = 0
    for (table, name), comment in commented.items():
        if table not in TABLES or name not in declared(TABLES[table]):
            continue
        help_text = declared(TABLES[table])[name].metadata["help"]
        assert comment.lower().startswith(help_text.lower()), (table, name, comment)
        checked += 1
    assert checked >= 18, commented  # name, article, the schedule, lead_in, brand, sender …


def test_a_hand_written_comment_is_caught(tmp_path: Path):
    """The check itself: a comment that says something else than the help is not its help."""
    stale = "[schedule]\n# Days between emails.\ncadence_days = 7\n"
    comment = commented_keys(stale)[("schedule", "cadence_days")]
    help_text = declared(Schedule)["cadence_days"].metadata["help"]
    assert not comment.lower().startswith(help_text.lower())
