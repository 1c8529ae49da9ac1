"""`kapmail schedule`: when each email goes out, as a table and optionally a calendar."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.deliver import sendplan
from kapmail.outbox import write_file


@dataclass(frozen=True)
class Options:
    """`kapmail schedule`'s command line."""

    sources: tuple[Path, ...]
    ics: Path | None
    encoding: str
    language: str | None
    org_file: Path | None


def run(options: Options) -> int:
    """Print the plan of every source; with `ics`, write it as a calendar too (an earlier
    calendar there: events whose time changed get SEQUENCE + 1)."""
    sources = pipeline.Sources(
        options.sources, options.org_file, options.encoding, options.language
    )
    plans = list(sources.each())
    ics = options.ics
    path = None
    if ics is not None:
        previous = ics.read_bytes() if ics.is_file() else None
        path = write_file(ics, sendplan.ics(plans, previous=previous))
    click.echo("\n".join(sendplan.table(series) for series in plans), nl=False)
    if path is not None:
        events = sum(len(series.emails) for series in plans)
        click.echo(f"wrote {events} events -> {path}")
    return 0
