"""`kapmail send`: the checked series over SMTP, to test addresses or a drip list, each once.

Every email is built and checked once (`pipeline.Pass` with the send profile), when the
ledger has anything due (or before a first ledger), and the series refused unless ready;
each recipient then gets those bytes with their own first name, To, Message-ID and
unsubscribe link. A recipient whose start date is not the campaign's gets the series planned
from their date (its "coming next" dates are theirs), checked in a pass of its own;
recipients are grouped by start date, so one such pass serves all who share it.

What each reader gets is `send.drip`'s plan (the series compared with the ledger, by slug).
Each message is claimed in the ledger (committed) before its SMTP transaction and marked
after it, so a rerun sends only what is missing and a crash leaves at most one uncertain.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.checks import require_ready
from kapmail.config.schema import Smtp
from kapmail.errors import KapmailError
from kapmail.pipeline import Outgoing
from kapmail.plan import Series, starting
from kapmail.progress import ticker
from kapmail.send import drip, guard, optout, personalise, place
from kapmail.send.ledger import FAILED, Key, Ledger
from kapmail.send.recipients import Job
from kapmail.send.report import UNCERTAIN_HINT, Tally
from kapmail.send.runs import (
    against,
    anything_due,
    dry_run,
    readers,
    tell,
    where,
)
from kapmail.send.settings import Settings, settings
from kapmail.send.smtp import Mailer, Pace, SmtpError, StopRunError


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
    timeout: float
    stop_after: int
    retry_uncertain: bool
    retry_failed: bool
    catch_up: str
    max_per_reader: int | None
    suppress: Path | None
    new_ledger: bool
    ledger: Path | None
    now: dt.datetime | None
    encoding: str
    language: str | None
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
            timeout=self.timeout,
            stop_after=self.stop_after,
            environ=os.environ,
        )

    def choosing(self, now: dt.datetime) -> drip.Options:
        """How the drip plan chooses this run's messages."""
        return drip.Options(
            now=now,
            due_only=self.due,
            only=self.only,
            test=self.test,
            catch_up=self.catch_up,
            max_per_reader=self.max_per_reader,
            retry=self.retry,
        )


@dataclass
class Run:
    """One live run: its options, the moment it runs at, the campaign, the unsubscribe key
    and the tally."""

    options: Options
    now: dt.datetime
    campaign: str
    key: bytes | None
    tally: Tally = field(default_factory=Tally)


def run(options: Options) -> int:
    """Send (or, unless `live`, only show) what is due; 1 when anything failed, else 0."""
    paths = (options.source,) if options.source else ()
    sources = pipeline.Sources(paths, options.org_file, options.encoding, options.language)
    series = sources.one("send")
    campaign = series.campaign
    book_path = place.ledger_path(campaign, options.ledger)
    chosen = options.ledger is not None
    place.check_new(campaign, book_path, new_ledger=options.new_ledger, chosen=chosen)
    unsubscribe = campaign.sender.unsubscribe_url
    key = optout.secret(os.environ) if optout.needs_key(unsubscribe) else None
    tally = Tally()
    people = readers(series, tally, options.to, options.recipients_file, options.suppress)
    only = options.only
    if only is not None and only > len(series.emails):
        raise KapmailError(
            f"--only {only}: the series has {len(series.emails)} emails", key="--only"
        )
    this = Run(options, options.now or dt.datetime.now(dt.UTC), campaign.slug, key, tally)
    choosing = options.choosing(this.now)
    planned = drip.planned(series.emails)
    if not options.sending:
        return dry_run(series, planned, people, book_path, tally, choosing)
    smtp_settings = options.settings(campaign.smtp)
    click.echo(where(campaign, smtp_settings, book_path), err=True)
    # Made and checked only when the ledger, read first, has anything due, and before it is
    # locked (forked workers must not inherit it); a first run checks before any ledger.
    emails = None
    if not book_path.is_file() or anything_due(book_path, campaign, planned, people, choosing):
        emails = Emails(series, force=options.force)
    with Ledger.open(book_path) as book:
        plan = against(book, campaign, planned, people, (tally, choosing))
        tell(plan)
        if plan.jobs and emails is None:  # it came due since the ledger was read
            emails = Emails(series, force=options.force, workers=1)  # the ledger is open
        try:
            if plan.jobs and emails is not None:
                deliver(emails, plan.jobs, book, smtp_settings, this)
        finally:
            click.echo(tally.line(campaign.slug))
            for row in book.uncertain(campaign.slug):
                click.echo(
                    f"uncertain: #{row.position} to {row.recipient} ({row.slug}, claimed "
                    f"{row.claimed_at}): {UNCERTAIN_HINT}",
                    err=True,
                )
    return 0 if tally.ok else 1


class Emails:
    """The checked emails of the series, and of the series replanned for another start date
    (one such pass at a time: recipients come grouped by start date)."""

    def __init__(self, series: Series, *, force: bool, workers: int | None = None) -> None:
        self.series = series
        self.force = force
        self.main = self._checked(series, workers=workers)
        self.other: tuple[dt.date, dict[int, Outgoing]] | None = None

    def _checked(self, series: Series, *, workers: int | None = None) -> dict[int, Outgoing]:
        emailing = pipeline.Pass(series, pipeline.Target(personalise.PROFILE), workers=workers)
        found = {item.email.position: item for item in emailing}
        require_ready(emailing.findings, force=self.force, name=series.campaign.slug)
        return found

    def starting(self, start: dt.date) -> dict[int, Outgoing]:
        if start == self.series.campaign.schedule.start:
            return self.main
        if self.other is None or self.other[0] != start:
            self.other = None  # let the last group's emails go first
            # Mid-run, with the SMTP connection and the ledger open: no worker is forked.
            self.other = (start, self._checked(starting(self.series, start), workers=1))
        return self.other[1]


def deliver(
    emails: Emails, jobs: Sequence[Job], book: Ledger, smtp_settings: Settings, this: Run
) -> None:
    """Check, claim, send and mark each job in turn over one connection."""
    campaign = emails.series.campaign
    sender = campaign.sender.email
    now, test, tally = this.now, this.options.test, this.tally
    retry = this.options.retry
    pace = Pace(this.options.rate)
    with Mailer(smtp_settings) as mailer, ticker(len(jobs), f"sending {campaign.slug}") as tick:
        mailer.connect()
        for job in jobs:
            item = emails.starting(job.start)[job.position]
            person = job.recipient
            data = personalise.message(
                campaign,
                item.email,
                item.html,
                item.text,
                person,
                now=now,
                test=test,
                unsubscribe_key=this.key,
            )
            subject = (personalise.TEST_PREFIX if test else "") + item.email.subject
            try:
                guard.check(campaign, item.email, data, to=person.address, subject=subject)
            except guard.HeaderRefusedError as exc:
                tally.failed += 1
                click.echo(
                    f"refused: #{job.position} to {drip.who(person)}: {exc.message}", err=True
                )
                tick(job)
                continue
            row = Key(campaign.slug, item.email.slug, person.key, test)
            message_id = personalise.message_id(campaign, item.email, person, now=now, test=test)
            pace.wait()
            claimed = book.claim(
                row,
                position=job.position,
                digest=drip.digest(item.email),
                message_id=message_id,
                retry_uncertain=retry[0],
                retry_failed=retry[1],
            )
            if not claimed:
                tally.skip("claimed by another run")  # between the plan and now
                tick(job)
                continue
            try:
                outcome = mailer.send(sender, person.address, data)
            except (SmtpError, StopRunError) as exc:
                if not exc.in_doubt:  # it never left: the next run sends it
                    book.mark_failed(row, exc.one_line(), permanent=False)
                    tally.deferred += 1
                raise
            if outcome.ok:
                book.mark_sent(row, outcome.reply)
                tally.sent += 1
            elif outcome.in_doubt:  # left `sending`: reported as uncertain, never resent blindly
                tally.uncertain += 1
                tally.cut_off += 1
                click.echo(
                    f"uncertain: #{job.position} to {drip.who(person)}: {outcome.reply}", err=True
                )
            else:
                book.mark_failed(row, outcome.reply, permanent=outcome.state == FAILED)
                if outcome.state == FAILED:
                    tally.failed += 1
                else:
                    tally.deferred += 1
                click.echo(
                    f"{outcome.state}: #{job.position} to {drip.who(person)}: {outcome.reply}",
                    err=True,
                )
            tick(job)
