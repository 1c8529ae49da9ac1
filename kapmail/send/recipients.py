"""Who gets what: the recipients (a CSV file or --to addresses) and the jobs `send.drip` plans.

The CSV has a header row with `email`, `first_name` and optionally `start_date` (YYYY-MM-DD);
other columns are ignored. Addresses are checked with email-validator (syntax only, no DNS
look-ups) and normalised (the domain in lower case, IDNA-encoded), so one reader is one
ledger key (`Recipient.key`, in lower case). A bad row is a `Problem` naming its line and is
skipped; a file that cannot be read at all is a KapmailError.

A recipient's schedule is the campaign's (`plan.send_times`: cadence, send hour, time zone,
weekend rule) counted from their own start date, or from `[schedule] start` without one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from pathlib import Path
from typing import Any

from email_validator import EmailNotValidError, validate_email

from kapmail.config import Campaign
from kapmail.deliver import mime
from kapmail.errors import KapmailError
from kapmail.plan import send_times

COLUMNS = ("email", "first_name", "start_date")
MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Recipient:
    """One reader: the normalised address (the ledger's key), their first name and start."""

    address: str
    first_name: str | None = None
    start: dt.date | None = None
    line: int | None = None  # the CSV line, for messages
    name: str = ""  # the To header's display name

    @property
    def key(self) -> str:
        """The address in lower case: how the ledger and duplicate checks know a reader.

        RFC 5321 lets a server tell `Sam@` from `sam@`, but mail systems do not, and
        sending one reader two copies is the worse mistake.
        """
        return self.address.lower()

    @property
    def to(self) -> Address:
        local, domain = self.address.rsplit("@", 1)
        return Address(self.name, local, domain)


@dataclass(frozen=True)
class Problem:
    """A CSV row that is skipped, and why."""

    line: int
    message: str


@dataclass(frozen=True)
class Job:
    """One email for one recipient, and when it is (or was) due."""

    recipient: Recipient
    position: int
    due: dt.datetime
    start: dt.date  # the start date the recipient's copy is planned from
    note: str = ""  # why it goes now, when that is not simply its date (shown in a dry run)


def normalise(address: str) -> str:
    """The address as the ledger keys it; raises ValueError with the reason when invalid."""
    try:
        checked = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc).rstrip(".")) from None
    return checked.ascii_email or checked.normalized


def from_addresses(values: Iterable[str]) -> list[Recipient]:
    """`--to` addresses (`sam@example.org` or `Sam <sam@example.org>`), each once."""
    found: dict[str, Recipient] = {}
    for value in values:
        parsed = mime.recipient(value)
        try:
            address = normalise(parsed.addr_spec)
        except ValueError as exc:
            raise KapmailError(f"{value!r} is not an e-mail address: {exc}", key="--to") from None
        found.setdefault(address.lower(), Recipient(address, name=parsed.display_name))
    return list(found.values())


def read_csv(path: Path) -> tuple[list[Recipient], list[Problem]]:
    """The recipients of a CSV file, and the rows skipped with their line numbers."""
    try:
        return _read_rows(path, csv.reader(io.StringIO(_read_text(path), newline="")))
    except csv.Error as exc:  # e.g. a cell over csv.field_size_limit() (128 KB)
        raise KapmailError(
            f"cannot read the CSV: {' '.join(str(exc).split())}",
            file=path,
            hint="a cell this long is not a reader's address, name or date: check the file",
        ) from None


def _read_rows(path: Path, rows: Any) -> tuple[list[Recipient], list[Problem]]:
    header = next(rows, None)
    columns = [name.strip().lower() for name in header or []]
    if "email" not in columns:
        raise KapmailError(
            "the first row must name the columns, with an email column",
            file=path,
            line=1,
            hint="write a header row: email,first_name,start_date",
        )
    index = {name: columns.index(name) for name in COLUMNS if name in columns}
    people: list[Recipient] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    end = rows.line_num
    for values in rows:
        line, end = end + 1, rows.line_num
        if not any(cell.strip() for cell in values):
            continue
        try:
            person = _recipient({name: _cell(values, i) for name, i in index.items()}, line)
        except ValueError as exc:
            problems.append(Problem(line, str(exc)))
            continue
        if person.key in seen:
            problems.append(Problem(line, f"{person.address} repeats line {seen[person.key]}"))
            continue
        seen[person.key] = line
        people.append(person)
    return people, problems


def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise KapmailError("the recipients file is over 20 MB", file=path)
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KapmailError(
            f"not UTF-8 text at byte {exc.start}", file=path, hint="save the CSV as UTF-8"
        ) from None
    except OSError as exc:
        raise KapmailError(f"cannot read: {exc.strerror}", file=path) from None


def _cell(values: Sequence[str], index: int) -> str:
    return values[index].strip() if index < len(values) else ""


def _recipient(cells: dict[str, str], line: int) -> Recipient:
    raw = cells["email"]
    if not raw:
        raise ValueError("no address in the email column")
    try:
        address = normalise(raw)
    except ValueError as exc:
        raise ValueError(f"{raw!r} is not a valid address: {exc}") from None
    first = cells.get("first_name") or None
    if first is not None:
        try:
            mime.one_line(first, header="To", key="first_name")
        except KapmailError:
            raise ValueError("first_name holds a line break or control character") from None
        try:
            mime.display_name(first, header="To", key="first_name")
        except KapmailError:
            raise ValueError(
                "first_name holds an encoded word (=?…?=) that decodes to a line break: "
                "it would add headers"
            ) from None
    start = None
    if cells.get("start_date"):
        try:
            start = dt.date.fromisoformat(cells["start_date"])
        except ValueError:
            raise ValueError(
                f"start_date {cells['start_date']!r} is not a date like 2027-01-31"
            ) from None
    return Recipient(address, first, start, line, name=first or "")


def scheduled(
    campaign: Campaign, total: int, people: Iterable[Recipient]
) -> tuple[list[Recipient], list[Problem]]:
    """The readers whose series can be planned; a start date too far in the past or future
    for the calendar (`9999-12-20`) is a bad row, not a crash of the whole send."""
    ok: list[Recipient] = []
    problems: list[Problem] = []
    for person in people:
        try:
            send_times(campaign, total, start=person.start or campaign.schedule.start)
        except (OverflowError, ValueError):
            problems.append(
                Problem(
                    person.line or 0,
                    f"start_date {person.start} is out of range: its series would not end "
                    "within the calendar",
                )
            )
            continue
        ok.append(person)
    return ok, problems
