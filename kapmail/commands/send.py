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
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from kapmail import pipeline
from kapmail.checks import require_ready
from kapmail.errors import KapmailError
from kapmail.pipeline import Outgoing
from kapmail.plan import Series, starting
from kapmail.send import drip, guard, optout, personalise, place, recipients
from kapmail.send.ledger import FAILED, Key, Ledger
from kapmail.send.recipients import Job
from kapmail.send.report import UNCERTAIN_HINT, Tally
from kapmail.send.runs import dry_run, tell, where, without_suppressed
from kapmail.send.settings import Settings, settings
from kapmail.send.smtp import Mailer, Pace, SmtpError, StopRunError


def run(
    source: Path | None,
    *,
    to: Sequence[str],
    recipients_file: Path | None,
    due: bool,
    only: int | None,
    live: bool,
    force: bool,
    ledger: Path | None,
    smtp: Mapping[str, Any],
    rate: float,
    retry_uncertain: bool,
    retry_failed: bool,
    now: dt.datetime | None,
    encoding: str,
    org_file: Path | None = None,
    catch_up: str = drip.SEND,
    max_per_reader: int | None = None,
    new_ledger: bool = False,
    suppress: Path | None = None,
) -> int:
    """Send (or, unless `live`, only show) what is due; 1 when anything failed, else 0."""
    series = one_series(source, encoding, org_file)
    campaign = series.campaign
    test = bool(to)
    book_path = place.ledger_path(campaign, ledger)
    place.check_new(campaign, book_path, new_ledger=new_ledger, chosen=ledger is not None)
    key = optout.secret(os.environ) if optout.needs_key(campaign.sender.unsubscribe_url) else None
    tally = Tally()
    if test:
        people = recipients.from_addresses(to)
    else:
        assert recipients_file is not None
        people, problems = recipients.read_csv(recipients_file)
        people, late = recipients.scheduled(campaign, len(series.emails), people)
        for problem in sorted([*problems, *late], key=lambda p: p.line):
            click.echo(f"{recipients_file}:{problem.line}: {problem.message} (skipped)", err=True)
            tally.skip("invalid in the CSV")
        people = without_suppressed(campaign, people, suppress, tally)
    if only is not None and only > len(series.emails):
        raise KapmailError(
            f"--only {only}: the series has {len(series.emails)} emails", key="--only"
        )
    moment = now or dt.datetime.now(dt.UTC)
    options = drip.Options(
        now=moment,
        due_only=due,
        only=only,
        test=test,
        catch_up=catch_up,
        max_per_reader=max_per_reader,
        retry=(retry_uncertain, retry_failed),
    )
    planned = drip.planned(series.emails)
    if not live:
        return dry_run(series, planned, people, book_path, tally, options)
    smtp_settings = settings(campaign.smtp, **smtp, environ=os.environ)
    click.echo(where(campaign, smtp_settings, book_path), err=True)
    emails = Emails(series, force=force)
    with Ledger.open(book_path) as book:
        plan = drip.plan(
            campaign,
            planned,
            people,
            lambda address: book.received(campaign.slug, address),
            tally,
            options,
        )
        tell(plan)
        try:
            if plan.jobs:
                deliver(
                    emails,
                    plan.jobs,
                    book,
                    smtp_settings,
                    tally,
                    now=moment,
                    test=test,
                    rate=rate,
                    retry=(retry_uncertain, retry_failed),
                    key=key,
                )
        finally:
            click.echo(tally.line(campaign.slug))
            for row in book.uncertain(campaign.slug):
                click.echo(
                    f"uncertain: #{row.position} to {row.recipient} ({row.slug}, claimed "
                    f"{row.claimed_at}): {UNCERTAIN_HINT}",
                    err=True,
                )
    return 0 if tally.ok else 1


def one_series(source: Path | None, encoding: str, org_file: Path | None = None) -> Series:
    """The one campaign to send (SOURCE, or the only one under ./campaigns), planned."""
    found = pipeline.find_sources([source] if source else [])
    if len(found) > 1:
        raise KapmailError(
            f"{len(found)} campaigns found under campaigns/",
            hint="name the one to send: kapmail send campaigns/<name> …",
        )
    return pipeline.plan(pipeline.load(found[0], org_file=org_file), encoding=encoding)


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


def deliver(
    emails: Emails,
    jobs: Sequence[Job],
    book: Ledger,
    smtp_settings: Settings,
    tally: Tally,
    *,
    now: dt.datetime,
    test: bool,
    rate: float,
    retry: tuple[bool, bool] = (False, False),
    key: bytes | None = None,
) -> None:
    """Check, claim, send and mark each job in turn over one connection."""
    campaign = emails.series.campaign
    sender = campaign.sender.email
    pace = Pace(rate)
    with Mailer(smtp_settings) as mailer, progress(len(jobs), campaign.slug) as step:
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
                unsubscribe_key=key,
            )
            subject = (personalise.TEST_PREFIX if test else "") + item.email.subject
            try:
                guard.check(campaign, item.email, data, to=person.address, subject=subject)
            except guard.HeaderRefusedError as exc:
                tally.failed += 1
                click.echo(
                    f"refused: #{job.position} to {drip.who(person)}: {exc.message}", err=True
                )
                step()
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
                tally.skip("claimed by another run")  # between `waiting` and now
                step()
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
            step()


@contextmanager
def progress(total: int, label: str) -> Iterator[Any]:
    """A progress bar on stderr when it is a terminal; a step function either way."""
    if not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=f"sending {label}", file=sys.stderr) as bar:
        yield lambda: bar.update(1)
