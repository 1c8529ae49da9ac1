"""The send ledger: one SQLite row per (campaign, email slug, recipient), so nothing goes twice.

An email is known by what the reader received: the campaign's stable id (its slug), the
email's slug and a digest of its content (kept beside it), never by its position, so
inserting, removing or editing a section later in a drip cannot make a reader's next email
one they already had, or skip one. The position is kept for reports only.

Each state change is its own committed transaction (WAL, synchronous=FULL). A row is written
`sending` and committed before the SMTP transaction starts, and `sent` (with the server's
reply and the time) after it ends. A process killed in between leaves the row `sending`: the
message may or may not have arrived, so a later run reports it as uncertain and leaves it
alone unless asked to retry it. `failed` is a permanent refusal (5xx), `deferred` a
temporary failure that outlasted the retries: the next run tries it again.

Test sends (`--to`) are rows of their own (`test` = 1): recorded, never skipped, and never
counted as a recipient's real send. The ledger holds no password and no message content.
Longer than 300 lines on purpose: every read and write of the ledger is one method of one
class, so its transaction rules sit together (its file layout is in `ledger_file`).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kapmail.errors import KapmailError
from kapmail.send.ledger_file import (
    COLUMNS,
    DEFERRED,
    FAILED,
    READER_INDEX,
    SCHEMA,
    SENDING,
    SENT,
    VERSION,
    check_foreign,
    one_line_error,
    upgrade,
)

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Key:
    """What a row is about: one email (by slug) of one campaign to one recipient (a test send
    or not)."""

    campaign: str
    slug: str
    recipient: str
    test: bool = False


@dataclass(frozen=True)
class Row:
    """One row of the ledger."""

    campaign: str
    position: int
    recipient: str
    test: bool
    slug: str
    digest: str
    message_id: str
    state: str
    attempts: int
    claimed_at: str
    finished_at: str | None
    reply: str | None

    @property
    def key(self) -> Key:
        return Key(self.campaign, self.slug, self.recipient, self.test)

    @property
    def uncertain(self) -> bool:
        """Left `sending`: a run stopped between claiming it and hearing the server's reply."""
        return self.state == SENDING


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class LedgerBusyError(KapmailError):
    """Another send holds the ledger: its `sending` rows are in flight, not uncertain."""

    exit_code = 1


class Ledger:
    """The ledger file, opened (and created) for a send, or read for a report.

        with Ledger.open(path) as ledger:
            if ledger.claim(key, slug=..., message_id=...):
                ...send...
                ledger.mark_sent(key, "250 OK")

    A send holds an exclusive lock on `<ledger>.lock` while it runs (the system releases it
    when the process ends, however it ends), so one run at a time writes a ledger and a row
    left `sending` is never another run's message in flight.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, lock: IO | None = None) -> None:
        self.db = connection
        self.path = path
        self.lock = lock
        found = {row[1] for row in connection.execute("PRAGMA table_info(sends)")}
        # a ledger of an earlier kapmail, read without upgrading it, has no digests
        self.columns = COLUMNS if "digest" in found else COLUMNS.replace("digest", "'' AS d")

    @classmethod
    def open(cls, path: Path, *, write: bool = True) -> Ledger:
        """Open the ledger at `path` to send (made, with its folder, when missing), or
        with `write=False` read-only, for a report or a dry run (it must exist).

        A SQLite file that is not a kapmail ledger is refused, never written to; a ledger of
        an earlier kapmail (keyed by position) is upgraded when opened to send."""
        path = path.expanduser().resolve()  # the lock, too, is on the resolved path
        lock = None
        try:
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
                lock = _lock(path)
            elif not path.is_file():
                raise KapmailError("no send ledger here", file=path, hint="nothing was sent yet")
            uri = f"{path.resolve().as_uri()}?mode={'rwc' if write else 'ro'}"
            db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=10)
            try:
                check_foreign(db, path)
                if write:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.execute("PRAGMA synchronous=FULL")
                    upgrade(db)
                    db.execute(SCHEMA)
                    db.execute(READER_INDEX)
                    db.execute(f"PRAGMA user_version={VERSION}")
                db.execute("SELECT count(*) FROM sends").fetchone()
            except BaseException:
                db.close()
                raise
        except (sqlite3.Error, OSError) as exc:
            if lock is not None:
                lock.close()
            raise KapmailError(
                f"cannot open the send ledger: {one_line_error(exc)}",
                file=path,
                hint="give another --ledger, or move the damaged file aside",
            ) from None
        except BaseException:
            if lock is not None:
                lock.close()
            raise
        return cls(db, path, lock)

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.close()  # releases the lock

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One committed change; BEGIN IMMEDIATE so two runs never claim the same row.

        A write the disk refuses (full, read-only, gone) is a KapmailError naming the ledger."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                with suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            with suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            raise KapmailError(
                f"cannot write the send ledger: {one_line_error(exc)}",
                file=self.path,
                hint="free space or fix the folder's permissions; the message being recorded "
                "is reported as uncertain by the next run if it left",
            ) from None

    def get(self, key: Key) -> Row | None:
        found = self.db.execute(
            f"SELECT {self.columns} FROM sends WHERE campaign=? AND slug=? AND recipient=? "
            "AND test=?",
            (key.campaign, key.slug, key.recipient, int(key.test)),
        ).fetchone()
        return _row(found) if found else None

    def claim(
        self,
        key: Key,
        *,
        position: int,
        message_id: str,
        digest: str = "",
        retry_uncertain: bool = False,
        retry_failed: bool = False,
    ) -> bool:
        """Mark `key` as `sending` and commit, if it may go: True when the caller should send.

        A row already `sent` never goes again; an uncertain (`sending`) row only with
        `retry_uncertain`; a `failed` one only with `retry_failed`; `deferred` rows always.
        A test send always goes.
        """
        with self._transaction() as db:
            row = self.get(key)
            if (
                row is not None
                and not key.test
                and not may_retry(row, retry_uncertain, retry_failed)
            ):
                return False
            db.execute(
                "INSERT INTO sends (campaign, position, recipient, test, slug, digest, "
                "message_id, state, attempts, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?) "
                "ON CONFLICT (campaign, slug, recipient, test) DO UPDATE SET "
                "position=excluded.position, digest=excluded.digest, "
                "message_id=excluded.message_id, state=excluded.state, "
                "attempts=attempts + 1, claimed_at=excluded.claimed_at, finished_at=NULL, "
                "reply=NULL",
                (
                    key.campaign,
                    position,
                    key.recipient,
                    int(key.test),
                    key.slug,
                    digest,
                    message_id,
                    SENDING,
                    now_utc(),
                ),
            )
        return True

    def mark_sent(self, key: Key, reply: str) -> None:
        """The server accepted the message: its reply and the time, committed."""
        self._finish(key, SENT, reply)

    def mark_failed(self, key: Key, reply: str, *, permanent: bool = True) -> None:
        """A permanent refusal (`failed`) or a temporary failure that outlasted the retries
        (`deferred`, tried again by the next run)."""
        self._finish(key, FAILED if permanent else DEFERRED, reply)

    def _finish(self, key: Key, state: str, reply: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE sends SET state=?, reply=?, finished_at=? WHERE campaign=? AND "
                "slug=? AND recipient=? AND test=?",
                (
                    state,
                    reply,
                    now_utc(),
                    key.campaign,
                    key.slug,
                    key.recipient,
                    int(key.test),
                ),
            )

    def rows(self, campaign: str | None = None) -> list[Row]:
        """Every row (of one campaign), by campaign, test sends last, position, recipient."""
        where, args = ("WHERE campaign=?", (campaign,)) if campaign else ("", ())
        found = self.db.execute(
            f"SELECT {self.columns} FROM sends {where} "
            "ORDER BY campaign, test, position, recipient",
            args,
        ).fetchall()
        return [_row(values) for values in found]

    def received(self, campaign: str, recipient: str) -> dict[str, Row]:
        """What one reader's real sends of a campaign hold, by email slug."""
        found = self.db.execute(
            f"SELECT {self.columns} FROM sends WHERE campaign=? AND recipient=? AND test=0",
            (campaign, recipient),
        ).fetchall()
        return {row.slug: row for row in map(_row, found)}

    def sent_campaigns(self) -> list[str]:
        """The campaigns (by slug) with a real send recorded here."""
        found = self.db.execute("SELECT DISTINCT campaign FROM sends WHERE test=0 ORDER BY 1")
        return [str(row[0]) for row in found]

    def uncertain(self, campaign: str | None = None) -> list[Row]:
        """Rows left `sending` by a run that stopped in the middle of a transaction."""
        return [row for row in self.rows(campaign) if row.uncertain]


def _lock(path: Path) -> IO | None:
    """Hold `<ledger>.lock` exclusively, or raise LedgerBusyError (no lock where the system
    has no flock)."""
    if fcntl is None:  # pragma: no cover - Windows
        return None
    handle = path.with_name(path.name + ".lock").open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise LedgerBusyError(
            "another kapmail send is using this ledger",
            file=path,
            hint="wait for it to finish; two sends at once could not tell their messages apart",
        ) from None
    return handle


def may_retry(row: Row, retry_uncertain: bool, retry_failed: bool) -> bool:
    """Whether a row already in the ledger may be sent again."""
    return {
        SENT: False,
        SENDING: retry_uncertain,
        FAILED: retry_failed,
        DEFERRED: True,
    }[row.state]


def _row(values: tuple) -> Row:
    fields = list(values)
    fields[3] = bool(fields[3])
    return Row(*fields)
