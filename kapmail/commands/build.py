"""`kapmail build`: each campaign's emails, checked, into OUT/<campaign>/ with its manifest."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.commands import printing
from kapmail.commands.each import each_series
from kapmail.plan import Series
from kapmail.platforms import Profile
from kapmail.writers import write_build


@dataclass(frozen=True)
class Options:
    """`kapmail build`'s command line."""

    sources: tuple[Path, ...]
    out: Path
    profile: Profile
    to: str | None
    encoding: str
    language: str | None
    run_checks: bool
    org_file: Path | None
    no_wait: bool = False
    no_cache: bool = False
    keep_mjml: bool = False


def run(options: Options) -> int:
    """Build every source it can: 2 when one failed, else 1 when a series is not ready, else 0."""
    target = pipeline.Target(profile=options.profile, to=options.to)

    def build_one(series: Series) -> int:
        folder, manifest = write_build(
            series,
            options.out,
            target,
            check=options.run_checks,
            wait=not options.no_wait,
            on_wait=printing.waiting,
            cache=not options.no_cache,
            keep_mjml=options.keep_mjml,
        )
        click.echo(f"built {len(series.emails)} emails for {series.campaign.slug} -> {folder}")
        if manifest.findings is None:
            click.echo("checks skipped (--no-check): manifest.json marks the series not ready")
            return 0
        return 1 if printing.not_ready(series, manifest.findings, folder) else 0

    sources = pipeline.Sources(
        options.sources, options.org_file, options.encoding, options.language
    )
    return each_series(sources, build_one)
