"""`kapmail sends`: the send ledger, as a table or CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.send import place
from kapmail.send.ledger import Ledger
from kapmail.send.report import UNCERTAIN_HINT, ledger_csv, ledger_table


@dataclass(frozen=True)
class Options:
    """`kapmail sends`'s command line."""

    source: Path | None
    ledger: Path | None
    output_format: str
    org_file: Path | None


def run(options: Options) -> int:
    """Print the rows of one campaign (SOURCE) or of all; a missing ledger is no rows.

    Without --ledger, the ledger is the one `kapmail send` uses for SOURCE (or the one
    campaign under ./campaigns)."""
    source, ledger = options.source, options.ledger
    campaign = None
    if source or ledger is None:
        paths = (source,) if source else ()
        loaded = pipeline.Sources(paths, options.org_file).loaded("sends")
        campaign = loaded.slug if source else None
        ledger = ledger or place.ledger_path(loaded, None)
    rows = []
    if ledger.is_file():
        with Ledger.open(ledger, write=False) as book:
            rows = book.rows(campaign)
    if options.output_format == "csv":
        click.echo(ledger_csv(rows), nl=False)
        return 0
    if not rows:
        what = f" for {campaign}" if campaign else ""
        click.echo(f"no sends recorded{what} in {ledger}", err=True)
        return 0
    click.echo(ledger_table(rows), nl=False)
    uncertain = sum(row.uncertain for row in rows)
    if uncertain:
        click.echo(f"{uncertain} uncertain: {UNCERTAIN_HINT}")
    return 0
