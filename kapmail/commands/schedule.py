"""`kapmail schedule`: when each email goes out, as a table and optionally a calendar."""

from __future__ import annotations

from pathlib import Path

import click

from kapmail import pipeline
from kapmail.deliver import sendplan
from kapmail.outbox import write_file


def run(
    sources: tuple[Path, ...], *, ics: Path | None, encoding: str, org_file: Path | None = None
) -> int:
    plans = list(pipeline.plans(sources, encoding=encoding, org_file=org_file))
    path = None
    if ics is not None:  # an earlier calendar there: events whose time changed get SEQUENCE + 1
        previous = ics.read_bytes() if ics.is_file() else None
        path = write_file(ics, sendplan.ics(plans, previous=previous))
    click.echo("\n".join(sendplan.table(series) for series in plans), nl=False)
    if path is not None:
        events = sum(len(series.emails) for series in plans)
        click.echo(f"wrote {events} events -> {path}")
    return 0
