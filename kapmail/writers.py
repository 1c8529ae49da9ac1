"""The folders commands write: a build (`write_build`, reused by `current_build`) and a
platform's export package (`write_export`), each from one `pipeline.Pass`, atomically.

Commands call these; no command imports another to reach them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path
from typing import TYPE_CHECKING

from kapmail import __version__, images, pipeline, progress
from kapmail.buildcache import BuildCache
from kapmail.checks import require_ready
from kapmail.errors import KapmailError
from kapmail.manifest import PARTS, EmailEntry, Manifest, read
from kapmail.outbox import Staging
from kapmail.plan import Series
from kapmail.platforms import Profile

if TYPE_CHECKING:  # the gallery (Jinja2) loads only when a build writes
    from kapmail.preview.gallery import Rows


def write_build(
    series: Series,
    out: Path,
    target: pipeline.Target,
    *,
    check: bool = True,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
    cache: bool = True,
    keep_mjml: bool = False,
    gallery_rows: Rows | None = None,
) -> tuple[Path, Manifest]:
    """Write a series into OUT/<campaign>/ atomically: the checked bytes of every email, the
    article's images (once each, in images/), the manifest recording their digests and the
    findings, and the gallery page. OUT stays locked for the whole build: another build
    into it waits (calling `on_wait` first) or, without `wait`, is refused. With `cache`,
    emails whose inputs are unchanged come from OUT/.kapmail-cache/ (`buildcache`), and a
    folder that already holds exactly this build is left as it is (nothing is written). With
    `keep_mjml`, each email's MJML too (NN-<slug>.mjml). `gallery_rows` keeps the gallery's
    rows from one build to the next in a process that builds again (`preview --watch`)."""
    slug = series.campaign.slug
    with (
        Staging(out, slug, wait=wait, on_wait=on_wait) as staging,
        BuildCache(out, slug) if cache else contextlib.nullcontext() as kept,
    ):
        if kept is not None:
            key = kept.build_key(series, repr(target), check=check, mjml=keep_mjml)
            if staging.dest is not None and kept.unchanged(key, staging.dest):
                return staging.dest, read(staging.dest)  # the staging folder is dropped
        manifest = _stage(
            series, staging, target, check=check, cache=kept, mjml=keep_mjml, rows=gallery_rows
        )
        folder = staging.commit()
        if kept is not None:
            kept.remember(key, staging.written)
        return folder, manifest


def _stage(
    series: Series,
    staging: Staging,
    target: pipeline.Target,
    *,
    check: bool,
    cache: BuildCache | None = None,
    mjml: bool = False,
    rows: Rows | None = None,
) -> Manifest:
    """Everything a build writes, into `staging` (one pass: each email made once, or taken
    from `cache` when its inputs are unchanged)."""
    from kapmail.preview.gallery import gallery, send_date  # Jinja2: only when writing
    from kapmail.preview.inbox import card

    campaign = series.campaign
    entries, cards = [], []
    pictures = {
        f"{images.FOLDER}/{p.name}": staging.write(f"{images.FOLDER}/{p.name}", p.data)
        for p in series.images
    }
    emailing = pipeline.Pass(series, target, check=check, cache=cache, inbox=True)
    for item in progress.counted(emailing, len(series.emails), f"building {campaign.slug}"):
        entries.append(_entry(item, staging, mjml=mjml))
        when = send_date(item.email.send_at, campaign.schedule.timezone, campaign.about.language)
        cards.append(card(item.html, item.text, item.eml, when, item.inbox))
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
    staging.write("index.html", gallery(manifest, campaign, cards, rows))
    return manifest


def _entry(item: pipeline.Outgoing, staging: Staging, *, mjml: bool = False) -> EmailEntry:
    """Write one email's HTML, text and .eml (and its MJML); its manifest entry."""
    email = item.email
    names = {part: f"{email.stem}.{suffix}" for part, suffix in PARTS.items()}
    contents = {"html": item.html, "text": item.text, "eml": item.eml}
    files = {names[part]: staging.write(names[part], contents[part]) for part in PARTS}
    if mjml:
        files[f"{email.stem}.mjml"] = staging.write(f"{email.stem}.mjml", item.mjml)
    return EmailEntry(
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
        words=email.words,
        minutes=email.minutes,
        files=files,
        checked=item.checked,
    )


def current_build(series: Series, outbox: Path) -> tuple[Path, Manifest, bool]:
    """OUTBOX/<campaign>/ as built now, and whether it was built just now.

    The series is built once, into a staging folder. When every email's HTML is what the
    folder already holds (its manifest and files agree), the staging folder is dropped and
    the folder kept as it is, so snapshots already taken there survive; else it is swapped
    in (and stale snapshots go with the old folder). Each email is rendered once either way.
    """
    folder = outbox.resolve() / series.campaign.slug
    built = _built_html(folder)
    with Staging(outbox, series.campaign.slug) as staging:
        manifest = _stage(series, staging, pipeline.Target(), check=True)
        fresh = {entry.html: entry.files.get(entry.html) for entry in manifest.emails}
        if built is not None and built[0] == fresh:
            return folder, built[1], False  # leaving without a commit drops the staging
        return staging.commit(), manifest, True


def _built_html(folder: Path) -> tuple[dict[str, str | None], Manifest] | None:
    """Each email's HTML file and its digest, as the folder's manifest records them and the
    files on disk agree, with that manifest; None when the folder is missing or damaged."""
    with contextlib.suppress(KapmailError, OSError):
        manifest = read(folder)
        built = {entry.html: entry.files.get(entry.html) for entry in manifest.emails}
        if all(
            digest is not None and sha256((folder / name).read_bytes()).hexdigest() == digest
            for name, digest in built.items()
        ):
            return built, manifest
    return None


def write_export(
    series: Series, profile: Profile, out: Path, *, force: bool = False, teaser: str | None = None
) -> Path:
    """Write OUT/<campaign>/<platform>/ atomically from the checked bytes of every email;
    other platforms' folders stay. Not ready (without `force`): nothing is written.
    `teaser`: the "coming next" lines (deliver.export.TEASERS; default: the profile's)."""
    from kapmail.deliver.export import email_files, package_files, with_teasers  # not for build

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
