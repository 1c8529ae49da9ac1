"""`kapmail new`: a campaign folder with its article and a commented campaign.toml.

The article is planned by the real pipeline (a minimal campaign.toml first), so the
campaign.toml written after it names every email's slug, subject and preheader as a build
derives them. Nothing is overwritten: an existing campaign.toml is refused, and when the
scaffold fails half way the files it wrote are removed again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.commands.each import using
from kapmail.config import CAMPAIGN_FILE, org_file_for
from kapmail.content import suffixes
from kapmail.deliver import scaffold
from kapmail.errors import KapmailError
from kapmail.outbox import new_file, write_file


@dataclass(frozen=True)
class Options:
    """`kapmail new`'s command line."""

    folder: Path
    article: Path | None
    encoding: str
    language: str | None
    org_file: Path | None


def run(options: Options, today: dt.date | None = None) -> int:
    """Scaffold FOLDER; 0 when done (bad input raises KapmailError)."""
    folder, article = options.folder, options.article
    hint = "edit it, or give `kapmail new` a new folder"
    config = new_file(folder, CAMPAIGN_FILE, what="a campaign", hint=hint)
    org = org_file_for(folder.resolve().parent, options.org_file)
    article_name, content = _article(folder, article)
    pictures = []
    if article:
        pictures = scaffold.article_pictures(article, folder, encoding=options.encoding)
    # Every folder this makes, deepest first: all removed again if the scaffold fails.
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    written: list[Path] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if content is not None:
            written.append(write_file(folder / article_name, content))
        for target, data in pictures:  # the article's own pictures, at the same paths
            created[:0] = [p for p in target.parents if not p.exists() and folder in p.parents]
            written.append(write_file(target, data))
        start = scaffold.next_monday(today or dt.date.today())
        name = _name(folder)
        minimal = scaffold.minimal_toml(name, article_name, start, org_found=org is not None)
        written.append(write_file(config, minimal.encode()))
        series = pipeline.Sources((folder,), org, options.encoding, options.language).one("new")
        name = series.article.title or name
        text = scaffold.campaign_toml(series, name=name, article=article_name, org_file=org)
        write_file(config, text.encode())
    except BaseException:
        for path in reversed(written):
            path.unlink(missing_ok=True)
        for made in created:
            _remove_empty(made)
        raise
    click.echo(using(series))
    if article is not None:
        origin = f"copied from {article}"
    else:
        origin = "already in the folder" if content is None else "a sample: replace it"
    click.echo(f"created {config}: {len(series.emails)} emails, from {article_name} ({origin})")
    click.echo(_identity_note(org, config))
    click.echo(f"next: edit {config}, then `kapmail build {folder}`")
    return 0


def _identity_note(org: Path | None, config: Path) -> str:
    """Where the sender's identity comes from, and that it must be the organisation's own."""
    keys = "the brand name, sender name and address, reply-to, website and footer links"
    if org is None:
        return (
            f"{keys} are placeholders in {config} ([brand], [sender]): replace them with the "
            "organisation's own (check L7 refuses placeholders), or move them into a "
            "kapmail.toml (`kapmail init`) shared by every campaign"
        )
    return (
        f"{keys} come from {org} ([brand], [sender]): they must be the organisation's own "
        "(check L7 refuses placeholders such as example.org)"
    )


def _article(folder: Path, source: Path | None) -> tuple[str, bytes | None]:
    """The article's name in FOLDER and the bytes to write there (None: keep the one there)."""
    if source is None:
        for suffix in (*suffixes.TEXT, *suffixes.MARKDOWN):
            if (folder / f"article{suffix}").is_file():
                return f"article{suffix}", None
        return "article.txt", scaffold.SAMPLE_ARTICLE.encode()
    suffix = source.suffix.lower()
    if suffix in suffixes.PAGES:  # a page's images sit beside it: not copied alone
        raise KapmailError(
            "a web page's images stay beside it, so `kapmail new` does not copy it",
            file=source,
            hint="give the zipped page (Google Docs: File > Download > Web page (.html, "
            "zipped)), or make the folder yourself and name the page in campaign.toml",
        )
    if suffix not in suffixes.ARTICLES:
        raise KapmailError(
            f"an article is a .txt, .md, .docx or .zip file, not "
            f"{suffix or 'a file without a suffix'}",
            file=source,
            hint="save it as .txt (plain text), .md (Markdown) or .docx (Word)",
        )
    name = f"article{suffix}"
    if (folder / name).exists():
        raise KapmailError(
            "an article is already in the folder",
            file=folder / name,
            hint="move it away, or run `kapmail new` without --article to use it",
        )
    try:
        return name, source.read_bytes()
    except OSError as exc:
        raise KapmailError(f"cannot read article: {exc.strerror}", file=source) from None


def _name(folder: Path) -> str:
    """A campaign name from the folder: `grief-at-work` -> `Grief at work`."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "New campaign"


def _remove_empty(folder: Path) -> None:
    """Remove a folder this run made, unless something else is in it now."""
    with contextlib.suppress(OSError):
        folder.rmdir()
