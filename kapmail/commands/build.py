"""`kapmail build`: each campaign's emails, checked, into OUT/<campaign>/ with its manifest."""

from __future__ import annotations

from pathlib import Path

import click

from kapmail import __version__, images, pipeline
from kapmail.commands import printing, progress
from kapmail.commands.each import each_series
from kapmail.manifest import PARTS, EmailEntry, Manifest
from kapmail.outbox import Staging
from kapmail.plan import Series
from kapmail.preview.gallery import gallery, send_date
from kapmail.preview.inbox import card


def run(
    sources: tuple[Path, ...],
    *,
    out: Path,
    target: pipeline.Target,
    encoding: str,
    check: bool,
    org_file: Path | None = None,
) -> int:
    """Build every source it can: 2 when one failed, else 1 when a series is not ready, else 0."""

    def build_one(series: Series) -> int:
        folder, manifest = write_series(series, out, target, check=check)
        click.echo(f"built {len(series.emails)} emails for {series.campaign.slug} -> {folder}")
        if manifest.findings is None:
            click.echo("checks skipped (--no-check): manifest.json marks the series not ready")
            return 0
        return 1 if printing.not_ready(series, manifest.findings, folder) else 0

    return each_series(sources, build_one, encoding=encoding, org_file=org_file)


def write_series(
    series: Series, out: Path, target: pipeline.Target, *, check: bool = True
) -> tuple[Path, Manifest]:
    """Write a series into OUT/<campaign>/ atomically: the checked bytes of every email, the
    article's images (once each, in images/), the manifest recording their digests and the
    findings, and the gallery page."""
    campaign = series.campaign
    entries, cards = [], []
    with Staging(out, campaign.slug) as staging:
        pictures = {
            f"{images.FOLDER}/{p.name}": staging.write(f"{images.FOLDER}/{p.name}", p.data)
            for p in series.images
        }
        emailing = pipeline.Pass(series, target, check=check)
        for item in progress.counted(emailing, len(series.emails), f"building {campaign.slug}"):
            email = item.email
            names = {part: f"{email.stem}.{suffix}" for part, suffix in PARTS.items()}
            contents = {"html": item.html, "text": item.text, "eml": item.eml}
            files = {names[part]: staging.write(names[part], contents[part]) for part in PARTS}
            entries.append(
                EmailEntry(
                    position=email.position,
                    slug=email.slug,
                    kind=email.kind,
                    title=email.title,
                    subject=email.subject,
                    preheader=email.preheader,
                    send_at=email.send_at.isoformat(),
                    html=names["html"],
                    text=names["text"],
                    eml=names["eml"],
                    html_bytes=len(item.html),
                    files=files,
                    checked=item.checked,
                )
            )
            when = send_date(email.send_at, campaign.schedule.timezone)
            cards.append(card(item.html, item.text, item.eml, when))
        manifest = Manifest(
            campaign=campaign.slug,
            name=campaign.name,
            platform=target.profile.name,
            generator=f"kapmail {__version__}",
            emails=tuple(entries),
            findings=None if emailing.findings is None else tuple(emailing.findings),
            switched=dict(campaign.checks),
            images=pictures,
        )
        staging.write("manifest.json", manifest.to_bytes())
        staging.write("index.html", gallery(manifest, campaign, cards))
        return staging.commit(), manifest
