"""`kapmail check`: every rule over every email, nothing written."""

from __future__ import annotations

from pathlib import Path

import click

from kapmail import pipeline
from kapmail.checks import Finding, errors, report
from kapmail.commands.each import each_series
from kapmail.commands.printing import findings as print_findings
from kapmail.plan import Series


def run(
    sources: tuple[Path, ...],
    *,
    output_format: str,
    strict: bool,
    encoding: str,
    org_file: Path | None = None,
) -> int:
    """Exit 0 without errors (warnings allowed unless `strict`), else 1; 2 when a source
    could not be checked (the others still are)."""
    everything: list[Finding] = []

    def check_one(series: Series) -> int:
        emailing = pipeline.Pass(series)
        for _ in emailing:
            pass  # each email is checked as it passes; nothing is kept
        found = emailing.findings or []
        everything.extend(found)
        if output_format == "text":
            print_findings(series, found)
        return 0

    failed = each_series(
        sources,
        check_one,
        encoding=encoding,
        org_file=org_file,
        notice=output_format == "text",
        writes=False,
    )
    if output_format == "json":
        click.echo(report.as_json(everything))
    failing = errors(everything) or (strict and everything)
    if strict and everything and not errors(everything) and output_format == "text":
        click.echo(f"--strict: {report.summary(everything)} fail the check")
    return max(failed, 1 if failing else 0)
