"""`kapmail export`: a platform's package per campaign in OUT/<campaign>/<platform>/."""

from __future__ import annotations

from pathlib import Path

import click

from kapmail import pipeline
from kapmail.checks import require_ready
from kapmail.commands import progress
from kapmail.commands.each import each_series
from kapmail.deliver.export import email_files, package_files, with_teasers
from kapmail.outbox import Staging
from kapmail.plan import Series
from kapmail.platforms import Profile


def run(
    sources: tuple[Path, ...],
    *,
    profile: Profile,
    out: Path,
    encoding: str,
    force: bool,
    org_file: Path | None = None,
    teaser: str | None = None,
    tracking: bool = True,
) -> int:
    """Export every source it can; a series that is not ready is refused (nothing written,
    exit 1), a source that fails is reported (exit 2), and the others still go."""

    if not tracking:
        profile = profile.without_tracking()

    def export_one(series: Series) -> int:
        folder = write_export(series, profile, out, force=force, teaser=teaser)
        slug = series.campaign.slug
        click.echo(f"exported {len(series.emails)} emails for {slug} ({profile.name}) -> {folder}")
        return 0

    return each_series(sources, export_one, encoding=encoding, org_file=org_file)


def write_export(
    series: Series, profile: Profile, out: Path, *, force: bool = False, teaser: str | None = None
) -> Path:
    """Write OUT/<campaign>/<platform>/ atomically from the checked bytes of every email;
    other platforms' folders stay. Not ready (without `force`): nothing is written.
    `teaser`: the "coming next" lines (deliver.export.TEASERS; default: the profile's)."""
    series = with_teasers(series, teaser or profile.teaser)
    slug = series.campaign.slug
    with Staging(out, f"{slug}/{profile.name}") as staging:
        emailing = pipeline.Pass(series, pipeline.Target(profile))
        for item in progress.counted(emailing, len(series.emails), f"exporting {slug}"):
            files = email_files(item.email, profile, html=item.html, text=item.text, eml=item.eml)
            for name, content in files.items():
                staging.write(name, content)
        require_ready(emailing.findings, force=force, name=slug)
        for name, content in package_files(series, profile).items():
            staging.write(name, content)
        return staging.commit()
