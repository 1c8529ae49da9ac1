"""What the build, check and export commands print about a series' findings."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import click

from kapmail.checks import Finding, errors, report
from kapmail.plan import Series


def findings(series: Series, found: Sequence[Finding]) -> None:
    """The readable report of one series' findings, with the switches that shaped them."""
    campaign = series.campaign
    click.echo(report.as_text(campaign.slug, len(series.emails), found, campaign.checks))


def not_ready(series: Series, found: Sequence[Finding], folder: Path) -> bool:
    """Print the report and, with error findings, the NOT READY banner; True when not ready."""
    findings(series, found)
    if not errors(found):
        return False
    banner = "NOT READY"
    if not os.environ.get("NO_COLOR"):
        banner = click.style(banner, fg="red", bold=True)
    click.echo(
        f"{banner}: {series.campaign.slug} has {report.summary(found)}; the files in {folder} "
        "are a draft to preview, not to send. Fix the findings and build again."
    )
    return True


def waiting(message: str) -> None:
    """Say on stderr that this command waits for another build."""
    click.echo(f"kapmail: {message}", err=True)
