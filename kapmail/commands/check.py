"""`kapmail check`: every rule over every email, nothing written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.checks import Finding, errors, report
from kapmail.commands.each import each_series
from kapmail.commands.printing import findings as print_findings
from kapmail.plan import Series


@dataclass(frozen=True)
class Options:
    """`kapmail check`'s command line."""

    sources: tuple[Path, ...]
    output_format: str
    strict: bool
    encoding: str
    language: str | None
    org_file: Path | None


def run(options: Options) -> int:
    """Exit 0 without errors (warnings allowed unless `strict`), else 1; 2 when a source
    could not be checked (the others still are)."""
    everything: list[Finding] = []
    text = options.output_format == "text"

    def check_one(series: Series) -> int:
        emailing = pipeline.Pass(series)
        for _ in emailing:
            pass  # each email is checked as it passes; nothing is kept
        found = emailing.findings or []
        everything.extend(found)
        if text:
            print_findings(series, found)
        return 0

    sources = pipeline.Sources(
        options.sources, options.org_file, options.encoding, options.language
    )
    failed = each_series(sources, check_one, notice=text, writes=False)
    if options.output_format == "json":
        click.echo(report.as_json(everything))
    strict = options.strict and bool(everything)
    if strict and not errors(everything) and text:
        click.echo(f"--strict: {report.summary(everything)} fail the check")
    return max(failed, 1 if errors(everything) or strict else 0)
