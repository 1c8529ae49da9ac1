"""The ledger file's layout: its table, its version, refusing another program's SQLite file,
and upgrading a ledger of an earlier kapmail (keyed by position) to one keyed by slug."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from kapmail.errors import KapmailError

SENDING, SENT, FAILED, DEFERRED = "sending", "sent", "failed", "deferred"
STATES = (SENDING, SENT, FAILED, DEFERRED)

VERSION = 2  # PRAGMA user_version: 2 keys by slug (1, unmarked, keyed by position)
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sends (
    campaign TEXT NOT NULL,
    position INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    test INTEGER NOT NULL DEFAULT 0,
    slug TEXT NOT NULL,
    digest TEXT NOT NULL DEFAULT '',
    message_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ({", ".join(repr(s) for s in STATES)})),
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_at TEXT NOT NULL,
    finished_at TEXT,
    reply TEXT,
    PRIMARY KEY (campaign, slug, recipient, test)
)
"""
# what `Ledger.received` asks once per reader and run
READER_INDEX = "CREATE INDEX IF NOT EXISTS sends_by_reader ON sends (campaign, recipient, test)"
COLUMNS = (
    "campaign, position, recipient, test, slug, digest, message_id, state, attempts, "
    "claimed_at, finished_at, reply"
)


def check_foreign(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a SQLite file that holds tables but no `sends` table: another program's."""
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if tables and "sends" not in tables:
        raise KapmailError(
            "this SQLite file is not a kapmail send ledger "
            f"(it holds {', '.join(sorted(tables)[:3])})",
            file=path,
            hint="name the ledger kapmail made (--ledger, or [send] ledger in kapmail.toml)",
        )


def upgrade(db: sqlite3.Connection) -> None:
    """A ledger keyed by position (kapmail before version 2) rekeyed by slug, rows kept."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(sends)")}
    if not columns or "digest" in columns:
        return
    db.execute("BEGIN IMMEDIATE")
    db.execute("ALTER TABLE sends RENAME TO sends_v1")
    db.execute(SCHEMA)
    db.execute(
        "INSERT OR IGNORE INTO sends (campaign, position, recipient, test, slug, message_id, "
        "state, attempts, claimed_at, finished_at, reply) SELECT campaign, position, "
        "recipient, test, slug, message_id, state, attempts, claimed_at, finished_at, reply "
        "FROM sends_v1"
    )
    db.execute("DROP TABLE sends_v1")
    db.execute("COMMIT")


def one_line_error(exc: BaseException) -> str:
    """An error's text on one line (a system message may hold line breaks)."""
    return " ".join((str(exc) or type(exc).__name__).split())
