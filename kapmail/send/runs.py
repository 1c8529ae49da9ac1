"""What a send run says around its messages: what it uses (said before it connects), who is
suppressed, the plan's notices and warnings, and the whole of a dry run."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from kapmail.config import Campaign
from kapmail.deliver.sendplan import local_time
from kapmail.plan import Series
from kapmail.send import drip, optout, personalise, place, recipients
from kapmail.send.ledger import Ledger
from kapmail.send.recipients import Recipient
from kapmail.send.report import Tally, table
from kapmail.send.settings import Settings


def where(campaign: Campaign, smtp: Settings, ledger: Path) -> str:
    """What a run uses, said before it connects: the configuration, the server, the ledger."""
    files = ", ".join(str(path.resolve()) for path in campaign.sources) or "none"
    user = smtp.user or "no login"
    return (
        f"configuration: {files}\n"
        f"server: {smtp.host} port {smtp.port}, security {smtp.security}, user {user}\n"
        f"ledger: {ledger}"
    )


def without_suppressed(
    campaign: Campaign, people: Sequence[Recipient], option: Path | None, tally: Tally
) -> list[Recipient]:
    """The readers not on a suppression list; each one left out is named once."""
    suppressed: set[str] = set()
    for path in place.suppress_paths(campaign, option):
        suppressed |= optout.read_suppressed(path)
    kept = []
    for person in people:
        if person.key in suppressed:
            click.echo(f"suppressed: {drip.who(person)} (on the suppression list)", err=True)
            tally.skip("suppressed")
        else:
            kept.append(person)
    return kept


def tell(plan: drip.Plan) -> None:
    """The plan's notices and warnings, on stderr (dry and live runs alike)."""
    for notice in plan.notices:
        click.echo(notice, err=True)
    warning = drip.many_warning(plan.many)
    if warning:
        click.echo(warning, err=True)
    if plan.held:
        click.echo(f"{plan.held} email(s) held for later runs by --max-per-reader", err=True)
    if plan.changed:
        click.echo(
            f"{plan.changed} email(s) changed since they were sent: not sent again", err=True
        )


def against(
    book: Ledger | None,
    campaign: Campaign,
    planned: Sequence[drip.Planned],
    people: Sequence[Recipient],
    choosing: tuple[Tally, drip.Options],
) -> drip.Plan:
    """This run's plan: the series as planned now against what `book` (None: no ledger yet)
    says each reader received."""
    tally, options = choosing
    if book is None:
        return drip.plan(campaign, planned, people, lambda address: {}, tally, options)
    if not options.test:
        place.check_renamed(campaign, book.path, book.sent_campaigns())
    return drip.plan(
        campaign, planned, people, lambda a: book.received(campaign.slug, a), tally, options
    )


def anything_due(
    book_path: Path,
    campaign: Campaign,
    planned: Sequence[drip.Planned],
    people: Sequence[Recipient],
    choosing: drip.Options,
) -> bool:
    """Whether the ledger, read without locking it, leaves anything for this run to send."""
    with Ledger.open(book_path, write=False) as book:
        return bool(against(book, campaign, planned, people, (Tally(), choosing)).jobs)


def readers(
    series: Series,
    tally: Tally,
    to: Sequence[str],
    recipients_file: Path | None,
    suppress: Path | None,
) -> list[Recipient]:
    """The test addresses (`to`, when no CSV is given), or the CSV's readers whose series can
    still start and who are not suppressed; each reader left out is named on stderr."""
    if recipients_file is None:
        return recipients.from_addresses(to)
    people, problems = recipients.read_csv(recipients_file)
    campaign = series.campaign
    people, late = recipients.scheduled(campaign, len(series.emails), people)
    for problem in sorted([*problems, *late], key=lambda p: p.line):
        click.echo(f"{recipients_file}:{problem.line}: {problem.message} (skipped)", err=True)
        tally.skip("invalid in the CSV")
    return without_suppressed(campaign, people, suppress, tally)


def dry_run(
    series: Series,
    planned: Sequence[drip.Planned],
    people: Sequence[Recipient],
    ledger: Path,
    tally: Tally,
    options: drip.Options,
) -> int:
    """Print what would go where, and why; connect to nothing, write nothing."""
    campaign = series.campaign
    if ledger.is_file():
        with Ledger.open(ledger, write=False) as book:
            plan = against(book, campaign, planned, people, (tally, options))
    else:
        plan = against(None, campaign, planned, people, (tally, options))
    subjects = {email.position: email.subject for email in series.emails}
    prefix = personalise.TEST_PREFIX if options.test else ""
    rows = [
        (
            str(job.position),
            local_time(job.due) if options.due_only else "now",
            drip.who(job.recipient),
            prefix + subjects[job.position] + (f"  [{job.note}]" if job.note else ""),
        )
        for job in plan.jobs
    ]
    click.echo(f"DRY RUN for {campaign.slug}: nothing is sent and no ledger is written.")
    click.echo(f"ledger: {ledger}{'' if ledger.is_file() else ' (none yet)'}")
    if rows:
        click.echo(
            table(("#", f"when ({campaign.schedule.timezone})", "to", "subject"), rows),
            nl=False,
        )
    tell(plan)
    skipped = f"; {tally.skipped} skipped" if tally.skipped else ""
    why = ", ".join(f"{count} {reason}" for reason, count in tally.reasons.items())
    skipped += f" ({why})" if why else ""
    uncertain = f"; {tally.uncertain} uncertain" if tally.uncertain else ""
    hint = "" if options.test else " Add --live to send."
    click.echo(f"{len(rows)} message(s) would be sent{skipped}{uncertain}.{hint}")
    return 0
