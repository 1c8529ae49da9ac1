"""`kapmail snapshot`: build a campaign, then photograph every email through Chromium."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import images, pipeline
from kapmail.checks import errors
from kapmail.commands.each import using
from kapmail.commands.printing import waiting
from kapmail.folderlock import locked
from kapmail.manifest import Manifest
from kapmail.outbox import prepare_out
from kapmail.plan import Series
from kapmail.preview import snapshot
from kapmail.progress import ticker
from kapmail.writers import current_build

SNAPSHOTS = "snapshots"


@dataclass(frozen=True)
class Options:
    """`kapmail snapshot`'s command line."""

    source: Path | None
    widths: tuple[int, ...]
    dark: bool
    view: str
    scale: int
    out: Path | None
    outbox: Path
    encoding: str
    language: str | None
    org_file: Path | None


def run(options: Options) -> int:
    """Build into OUTBOX/<campaign>/ (unless current) and write the PNGs into `out` (default:
    its snapshots/)."""
    chromium = snapshot.require_browser()  # before building: a missing browser is one line
    paths = (options.source,) if options.source else ()
    series = pipeline.Sources(paths, options.org_file, options.encoding, options.language).one(
        "snapshot"
    )
    click.echo(using(series))
    # The outbox stays locked until the shots are taken: no build swaps the folder under them.
    with locked(prepare_out(options.outbox), on_wait=waiting):
        folder, manifest, fresh = current_build(series, options.outbox)
        slug = series.campaign.slug
        if fresh:
            click.echo(f"built {len(series.emails)} emails for {slug} -> {folder}")
        else:
            click.echo(f"{len(manifest.emails)} emails for {slug} up to date in {folder}")
        if manifest.findings and errors(manifest.findings):
            click.echo("not ready: these snapshots show a draft (see `kapmail check`)", err=True)
        shown = pages(folder, manifest)
        each_width = tuple(dict.fromkeys(options.widths))  # each width once, in the order given
        with ticker(len(shown) * len(each_width), "snapshots") as tick:
            shots, sheet = snapshot.take(
                shown,
                options.out or folder / SNAPSHOTS,
                widths=each_width,
                dark=options.dark,
                scale=options.scale,
                chromium=chromium,
                local=local_images(series, folder, manifest),
                done=tick,
                view=options.view,
            )
    where = shots[0].path.parent if shots else sheet.parent
    click.echo(f"{len(shots)} snapshots and {sheet.name} -> {where}")
    return 0


def local_images(series: Series, folder: Path, manifest: Manifest) -> dict[str, Path]:
    """Each article image's `<[images] base_url>/<name>` and its file in the build folder."""
    base_url = series.campaign.images.base_url
    if not base_url:
        return {}  # the emails name images/<name>, which Chromium reads as a file: URL
    return {images.url(Path(path).name, base_url): folder / path for path in manifest.images}


def pages(folder: Path, manifest: Manifest) -> list[snapshot.Page]:
    """Each built email's HTML file, labelled with its position and subject."""
    return [
        snapshot.Page(
            html=folder / entry.html,
            stem=Path(entry.html).stem,
            label=f"{entry.position:02d} · {entry.subject}",
        )
        for entry in manifest.emails
    ]
