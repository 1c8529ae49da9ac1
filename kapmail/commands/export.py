"""`kapmail export`: a platform's package per campaign in OUT/<campaign>/<platform>/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.commands.each import each_series
from kapmail.plan import Series
from kapmail.platforms import Profile
from kapmail.writers import write_export


@dataclass(frozen=True)
class Options:
    """`kapmail export`'s command line."""

    sources: tuple[Path, ...]
    profile: Profile
    out: Path
    encoding: str
    language: str | None
    force: bool
    org_file: Path | None
    teaser: str | None
    tracking: bool


def run(options: Options) -> int:
    """Export every source it can; a series that is not ready is refused (nothing written,
    exit 1), a source that fails is reported (exit 2), and the others still go."""
    profile = options.profile if options.tracking else options.profile.without_tracking()

    def export_one(series: Series) -> int:
        folder = write_export(
            series, profile, options.out, force=options.force, teaser=options.teaser
        )
        slug = series.campaign.slug
        click.echo(f"exported {len(series.emails)} emails for {slug} ({profile.name}) -> {folder}")
        return 0

    sources = pipeline.Sources(
        options.sources, options.org_file, options.encoding, options.language
    )
    return each_series(sources, export_one)
