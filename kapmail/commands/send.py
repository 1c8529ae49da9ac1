"""`kapmail send`: the checked series over SMTP, to test addresses or a drip list, each once.

Every email is built and checked once (`pipeline.Pass` with the send profile) and the series
refused unless ready; each recipient then gets those bytes with their own first name, To and
Message-ID. A recipient whose start date is not the campaign's gets the series planned from
their date (its "coming next" dates are theirs), checked in a pass of its own; recipients
are grouped by start date, so one such pass serves all who share it.

Each message is claimed in the ledger (committed) before its SMTP transaction and marked
after it, so a rerun sends only what is missing and a crash leaves at most one message
uncertain.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from kapmail import pipeline
from kapmail.checks import require_ready
from kapmail.config.schema import Smtp
from kapmail.deliver.sendplan import local_time
from kapmail.errors import KapmailError
from kapmail.pipeline import Outgoing
from kapmail.plan import Series, starting
from kapmail.send import personalise, recipients
from kapmail.send.ledger import FAILED, SENDING, SENT, Key, Ledger, may_retry
from kapmail.send.recipients import Job, Recipient
from kapmail.send.report import UNCERTAIN_HINT, Tally, table
from kapmail.send.settings import Settings, settings
from kapmail.send.smtp import Mailer, Pace, SmtpError

SKIP_REASONS = {SENT: "already sent", FAILED: "failed before (--retry-failed)"}


@dataclass(frozen=True)
class Options:
    """`kapmail send`'s command line; the rules between its options are checked here."""

    source: Path | None
    to: tuple[str, ...]
    recipients_file: Path | None
    due: bool
    only: int | None
    live: bool
    dry_run: bool
    smtp_host: str | None
    smtp_port: int | None
    security: str | None
    user: str | None
    rate: float
    retries: int
    retry_wait: float
    retry_uncertain: bool
    retry_failed: bool
    ledger: Path
    now: dt.datetime | None
    encoding: str
    force: bool
    org_file: Path | None

    def __post_init__(self) -> None:
        if bool(self.to) == bool(self.recipients_file):
            raise click.UsageError("give --to ADDRESS (a test send) or --recipients FILE.csv")
        if self.live and self.dry_run:
            raise click.UsageError("--live and --dry-run exclude each other")

    @property
    def test(self) -> bool:
        """A test send (--to): now, to the given addresses, [TEST] before each subject."""
        return bool(self.to)

    @property
    def sending(self) -> bool:
        """Really send: --live, or a test send, unless --dry-run."""
        return not self.dry_run and (self.live or self.test)

    @property
    def retry(self) -> tuple[bool, bool]:
        """--retry-uncertain, --retry-failed."""
        return self.retry_uncertain, self.retry_failed

    def settings(self, config: Smtp) -> Settings:
        """The connection: these options over the [smtp] table (password from the environment)."""
        return settings(
            config,
            host=self.smtp_host,
            port=self.smtp_port,
            security=self.security,
            user=self.user,
            retries=self.retries,
            retry_wait=self.retry_wait,
            environ=os.environ,
        )


@dataclass
class Run:
    """One run of the command: its options, the moment it runs at, the campaign and its tally."""

    options: Options
    now: dt.datetime
    campaign: str
    tally: Tally = field(default_factory=Tally)


def run(options: Options) -> int:
    """Send (or, unless `live`, only show) what is due; 1 when anything failed, else 0."""
    paths = (options.source,) if options.source else ()
    series = pipeline.Sources(paths, options.org_file, options.encoding).one("send")
    campaign = series.campaign
    problems: list[recipients.Problem] = []
    if options.test:
        people = recipients.from_addresses(options.to)
    else:
        assert options.recipients_file is not None
        people, problems = recipients.read_csv(options.recipients_file)
        for problem in problems:
            where = f"{options.recipients_file}:{problem.line}"
            click.echo(f"{where}: {problem.message} (skipped)", err=True)
    only = options.only
    if only is not None and only > len(series.emails):
        raise KapmailError(
            f"--only {only}: the series has {len(series.emails)} emails", key="--only"
        )
    this = Run(options, options.now or dt.datetime.now(dt.UTC), campaign.slug)
    emails = Emails(series, force=options.force)
    jobs = recipients.jobs(
        campaign, len(series.emails), people, now=this.now, due_only=options.due, only=only
    )
    if not options.sending:
        return dry_run(series, jobs, this)
    for _ in problems:
        this.tally.skip("invalid in the CSV")
    smtp_settings = options.settings(campaign.smtp)
    with Ledger.open(options.ledger) as book:
        pending = waiting(jobs, book, this)
        try:
            if pending:
                deliver(emails, pending, book, smtp_settings, this)
        finally:
            click.echo(this.tally.line(campaign.slug))
            for row in book.uncertain(campaign.slug):
                click.echo(
                    f"uncertain: #{row.position} to {row.recipient} (claimed {row.claimed_at}): "
                    f"{UNCERTAIN_HINT}",
                    err=True,
                )
    return 0 if this.tally.ok else 1


class Emails:
    """The checked emails of the series, and of the series replanned for another start date
    (one such pass at a time: recipients come grouped by start date)."""

    def __init__(self, series: Series, *, force: bool) -> None:
        self.series = series
        self.force = force
        self.main = self._checked(series)
        self.other: tuple[dt.date, dict[int, Outgoing]] | None = None

    def _checked(self, series: Series) -> dict[int, Outgoing]:
        emailing = pipeline.Pass(series, pipeline.Target(personalise.PROFILE))
        found = {item.email.position: item for item in emailing}
        require_ready(emailing.findings, force=self.force, name=series.campaign.slug)
        return found

    def starting(self, start: dt.date) -> dict[int, Outgoing]:
        if start == self.series.campaign.schedule.start:
            return self.main
        if self.other is None or self.other[0] != start:
            self.other = None  # let the last group's emails go first
            self.other = (start, self._checked(starting(self.series, start)))
        return self.other[1]


def waiting(jobs: Sequence[Job], book: Ledger, this: Run) -> list[Job]:
    """The jobs the ledger lets go; the others are counted as skipped or uncertain."""
    pending = []
    test, tally = this.options.test, this.tally
    for job in jobs:
        row = book.get(Key(this.campaign, job.position, job.recipient.key, test))
        if test or row is None or may_retry(row, *this.options.retry):
            pending.append(job)
        elif row.state == SENDING:
            tally.uncertain += 1
        else:
            tally.skip(SKIP_REASONS[row.state])
    return pending


def deliver(
    emails: Emails, jobs: Sequence[Job], book: Ledger, smtp_settings: Settings, this: Run
) -> None:
    """Claim, send and mark each job in turn over one connection."""
    campaign = emails.series.campaign
    sender = campaign.sender.email
    now, test, tally = this.now, this.options.test, this.tally
    retry = this.options.retry
    pace = Pace(this.options.rate)
    with Mailer(smtp_settings) as mailer, progress(len(jobs), campaign.slug) as step:
        mailer.connect()
        for job in jobs:
            item = emails.starting(job.start)[job.position]
            person = job.recipient
            data = personalise.message(
                campaign, item.email, item.html, item.text, person, now=now, test=test
            )
            key = Key(campaign.slug, job.position, person.key, test)
            message_id = personalise.message_id(campaign, item.email, person, now=now, test=test)
            pace.wait()
            claimed = book.claim(
                key,
                slug=item.email.slug,
                message_id=message_id,
                retry_uncertain=retry[0],
                retry_failed=retry[1],
            )
            if not claimed:
                tally.skip("claimed by another run")  # between `waiting` and now
                step()
                continue
            try:
                outcome = mailer.send(sender, person.address, data)
            except SmtpError as exc:
                if not exc.in_doubt:  # it never left: the next run sends it
                    book.mark_failed(key, exc.one_line(), permanent=False)
                raise
            if outcome.ok:
                book.mark_sent(key, outcome.reply)
                tally.sent += 1
            elif outcome.in_doubt:  # left `sending`: reported as uncertain, never resent blindly
                tally.uncertain += 1
                tally.cut_off += 1
                click.echo(
                    f"uncertain: #{job.position} to {_who(person)}: {outcome.reply}", err=True
                )
            else:
                book.mark_failed(key, outcome.reply, permanent=outcome.state == FAILED)
                tally.failed += 1
                click.echo(
                    f"{outcome.state}: #{job.position} to {_who(person)}: {outcome.reply}",
                    err=True,
                )
            step()


def dry_run(series: Series, jobs: Sequence[Job], this: Run) -> int:
    """Print what would go where; connect to nothing, write nothing."""
    campaign = series.campaign
    tally, ledger = this.tally, this.options.ledger
    test, due = this.options.test, this.options.due
    pending = list(jobs)
    if ledger.is_file():
        with Ledger.open(ledger, write=False) as book:
            pending = waiting(jobs, book, this)
    subjects = {email.position: email.subject for email in series.emails}
    prefix = personalise.TEST_PREFIX if test else ""
    rows = [
        (
            str(job.position),
            local_time(job.due) if due else "now",
            _who(job.recipient),
            prefix + subjects[job.position],
        )
        for job in pending
    ]
    click.echo(f"DRY RUN for {campaign.slug}: nothing is sent and no ledger is written.")
    if rows:
        click.echo(
            table(("#", f"when ({campaign.schedule.timezone})", "to", "subject"), rows),
            nl=False,
        )
    skipped = f"; {tally.skipped} already in the ledger" if tally.skipped else ""
    uncertain = f"; {tally.uncertain} uncertain" if tally.uncertain else ""
    hint = "" if test else " Add --live to send."
    click.echo(f"{len(rows)} message(s) would be sent{skipped}{uncertain}.{hint}")
    return 0


def _who(person: Recipient) -> str:
    return person.address if person.line is None else f"{person.address} (line {person.line})"


@contextmanager
def progress(total: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; a step function either way."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=f"sending {label}", file=sys.stderr) as bar:
        yield lambda: bar.update(1)
