"""`kapmail snapshot`: build a campaign, then photograph every email through Chromium."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from hashlib import sha256
from pathlib import Path

import click

from kapmail import images, pipeline
from kapmail.checks import errors
from kapmail.commands import progress
from kapmail.commands.build import write_series
from kapmail.commands.each import using
from kapmail.errors import KapmailError
from kapmail.manifest import Manifest, read
from kapmail.plan import Series
from kapmail.preview import snapshot

SNAPSHOTS = "snapshots"


def run(
    source: Path | None,
    *,
    widths: Sequence[int],
    dark: bool,
    out: Path | None,
    scale: float,
    outbox: Path,
    encoding: str,
    org_file: Path | None = None,
) -> int:
    """Build into OUTBOX/<campaign>/ and write the PNGs into `out` (default: its snapshots/)."""
    chromium = snapshot.require_browser()  # before building: a missing browser is one line
    series = one_series(source, encoding, org_file)
    click.echo(using(series))
    folder, manifest = current_build(series, outbox)
    if manifest.findings and errors(manifest.findings):
        click.echo("not ready: these snapshots show a draft (see `kapmail check`)", err=True)
    shown, each_width = pages(folder, manifest), tuple(dict.fromkeys(widths))  # once each
    with progress.ticker(len(shown) * len(each_width), "snapshots") as tick:
        shots, sheet = snapshot.take(
            shown,
            out or folder / SNAPSHOTS,
            widths=each_width,
            dark=dark,
            scale=scale,
            chromium=chromium,
            local=local_images(series, folder, manifest),
            done=tick,
        )
    where = shots[0].path.parent if shots else sheet.parent
    click.echo(f"{len(shots)} snapshots and {sheet.name} -> {where}")
    return 0


def current_build(series: Series, outbox: Path) -> tuple[Path, Manifest]:
    """OUTBOX/<campaign>/ as built now: kept when its HTML is what the series renders today
    (so snapshots already taken there survive), else built again (and stale ones go)."""
    folder = outbox.resolve() / series.campaign.slug
    rendered = {item.email.stem + ".html": item.html for item in pipeline.Pass(series, check=False)}
    with contextlib.suppress(KapmailError, OSError):
        manifest = read(folder)
        built = {entry.html: entry.files.get(entry.html) for entry in manifest.emails}
        if built == {name: sha256(html).hexdigest() for name, html in rendered.items()} and all(
            sha256((folder / name).read_bytes()).hexdigest() == digest
            for name, digest in built.items()
        ):
            click.echo(f"{len(built)} emails for {series.campaign.slug} up to date in {folder}")
            return folder, manifest
    folder, manifest = write_series(series, outbox, pipeline.Target())
    click.echo(f"built {len(series.emails)} emails for {series.campaign.slug} -> {folder}")
    return folder, manifest


def one_series(source: Path | None, encoding: str, org_file: Path | None) -> Series:
    """SOURCE, or the only campaign under ./campaigns, planned."""
    found = pipeline.find_sources([source] if source else [])
    if len(found) > 1:
        raise KapmailError(
            f"{len(found)} campaigns found under campaigns/",
            hint="name one: kapmail snapshot campaigns/<name>",
        )
    return pipeline.plan(pipeline.load(found[0], org_file=org_file), encoding=encoding)


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
