"""What each reader gets this run: the planned series compared with what the ledger shows.

An email is known by its slug (and, when its heading changed, by its content digest). For
each reader and each email of the series as planned now:

- already received (sent): never again, even when the email changed since (it is counted
  and the dry run says so);
- in the ledger otherwise: uncertain, failed or deferred, as `ledger.may_retry` says;
- not received: due on its own date on the reader's schedule. A reader who has already had
  a later email of the series is past it (it was inserted after their turn): `--catch-up
  send` (the default) sends it this run, `--catch-up skip` leaves it out with a notice;
- an email the ledger holds but the series no longer has is never replaced by another.

`--max-per-reader N` sends at most N emails to one reader in one run (the earliest first);
the rest wait for later runs. Without it, a reader whose start date lies more than one
cadence in the past gets every email already due at once, and is named in a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from kapmail.config import Campaign
from kapmail.content import passages
from kapmail.plan import Email, send_times
from kapmail.send.ledger import SENDING, SENT, Row, may_retry
from kapmail.send.recipients import Job, Recipient
from kapmail.send.report import Tally

SEND, SKIP = "send", "skip"
CATCH_UP = (SEND, SKIP)
SKIP_REASONS = {SENT: "already sent", "failed": "failed before (--retry-failed)"}


@dataclass(frozen=True)
class Planned:
    """One email of the series as planned now: its place, its slug, its content digest."""

    position: int
    slug: str
    digest: str


def digest(email: Email) -> str:
    """A digest of what the email says: the text of its blocks, not its heading or subject,
    its article lines, dates or place. The same text under a renamed heading (a new slug),
    planned for another start date, or moved in the article has the same digest, so the
    ledger still knows the email a reader had. An email with no prose of its own (a picture
    alone, say) has none: two such emails must never pass for one another."""
    text = "\n".join(passage for passage, _ in passages(email.blocks))
    return hashlib.sha256(text.encode()).hexdigest()[:24] if text else ""


def planned(emails: Sequence[Email]) -> list[Planned]:
    return [Planned(e.position, e.slug, digest(e)) for e in emails]


@dataclass(frozen=True)
class Options:
    """How a run chooses: at `now`, only what is due or everything, one position or all."""

    now: dt.datetime
    due_only: bool
    only: int | None = None
    test: bool = False
    catch_up: str = SEND
    max_per_reader: int | None = None
    retry: tuple[bool, bool] = (False, False)


@dataclass
class Plan:
    """The jobs of one run, and what the run should say about the others."""

    jobs: list[Job] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    many: list[tuple[Recipient, int]] = field(default_factory=list)  # > 1 email this run
    held: int = 0  # left for later runs by --max-per-reader
    changed: int = 0  # received emails that changed since: not sent again


def plan(
    campaign: Campaign,
    series: Sequence[Planned],
    people: Sequence[Recipient],
    received: Callable[[str], Mapping[str, Row]],
    tally: Tally,
    options: Options,
) -> Plan:
    """The jobs for `people`, grouped by start date (stable), each reader's in series order.

    `received(address)` is what the ledger holds for a reader, by slug; skipped and
    uncertain messages are counted in `tally`.
    """
    now, due_only, only, test = options.now, options.due_only, options.only, options.test
    catch_up, max_per_reader, retry = options.catch_up, options.max_per_reader, options.retry
    result = Plan()
    for person in people:
        start = person.start or campaign.schedule.start
        times = send_times(campaign, len(series), start=start)
        rows = {} if test else dict(received(person.key))
        by_digest = {r.digest: r for r in rows.values() if r.digest and r.state == SENT}
        known = {e.slug for e in series}
        past = max((e.position for e in series if e.slug in rows), default=0)
        mine: list[Job] = []
        for email in series:
            due = times[email.position - 1]
            if (only is not None and email.position != only) or (due_only and due > now):
                continue
            row = rows.get(email.slug)
            if row is None and email.digest in by_digest:  # its heading (slug) changed
                found = by_digest[email.digest]
                row = found if found.slug not in known else None
            if row is not None:
                if may_retry(row, *retry):
                    mine.append(Job(person, email.position, due, start, "again"))
                elif row.state == SENDING:
                    tally.uncertain += 1
                else:
                    tally.skip(SKIP_REASONS[row.state])
                    if row.digest and row.digest != email.digest:
                        result.changed += 1
                continue
            note = ""
            if email.position < past:  # inserted before an email the reader already had
                if catch_up == SKIP:
                    tally.skip("added after the reader passed it (--catch-up skip)")
                    result.notices.append(
                        f"#{email.position} {email.slug} not sent to {who(person)}: added "
                        "after they passed it (--catch-up skip)"
                    )
                    continue
                note = "added after the reader passed it: sent now (--catch-up send)"
            mine.append(Job(person, email.position, due, start, note))
        if max_per_reader is not None and len(mine) > max_per_reader:
            result.held += len(mine) - max_per_reader
            for _ in mine[max_per_reader:]:
                tally.skip("held for a later run (--max-per-reader)")
            mine = mine[:max_per_reader]
        if len(mine) > 1 and due_only and not test:
            result.many.append((person, len(mine)))
        result.jobs.extend(mine)
    result.jobs.sort(key=lambda job: job.start)  # stable: recipients stay in order
    return result


def who(person: Recipient) -> str:
    return person.address if person.line is None else f"{person.address} (line {person.line})"


def many_warning(many: Sequence[tuple[Recipient, int]], limit: int = 10) -> str | None:
    """One warning naming the readers who get more than one email in this run."""
    if not many:
        return None
    named = ", ".join(f"{who(person)}: {count}" for person, count in many[:limit])
    more = f" and {len(many) - limit} more" if len(many) > limit else ""
    return (
        f"warning: {len(many)} reader(s) get more than one email in this run (a start date "
        f"more than one cadence ago, or emails added): {named}{more}; --max-per-reader 1 "
        "sends them one a run"
    )
