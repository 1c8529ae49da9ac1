"""Orchestration: sources -> campaigns -> series -> rendered emails -> files in the outbox."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kapmail import __version__, mime, platforms
from kapmail.article import read_article
from kapmail.config import CAMPAIGN_FILE, Campaign, campaign_for_article, load_campaign
from kapmail.errors import KapmailError
from kapmail.outbox import to_json, write_folder
from kapmail.platforms import GENERIC, Profile
from kapmail.render import Rendered, render_series
from kapmail.series import Series, plan_series

ARTICLE_SUFFIXES = {".txt", ".md", ".markdown"}


@dataclass(frozen=True)
class Built:
    """A campaign rendered in memory: what `build` writes and `check` inspects."""

    series: Series
    rendered: tuple[Rendered, ...]

    @property
    def campaign(self) -> Campaign:
        return self.series.campaign


def find_sources(sources: Iterable[Path], *, default_root: Path = Path("campaigns")) -> list[Path]:
    """The given sources, or every campaign folder under ./campaigns when none is given."""
    found = list(sources)
    if found:
        return found
    folders = sorted(p.parent for p in default_root.glob(f"*/{CAMPAIGN_FILE}"))
    if not folders:
        raise KapmailError(
            "no campaigns found",
            file=default_root,
            hint="give a campaign folder or an article file",
        )
    return folders


def load(source: Path) -> Campaign:
    """A campaign folder, or a bare article file with organisation defaults."""
    if source.is_dir():
        return load_campaign(source)
    if source.suffix.lower() in ARTICLE_SUFFIXES or source.is_file():
        if not source.exists():
            raise KapmailError("file not found", file=source, hint="check the path")
        return campaign_for_article(source)
    raise KapmailError("not found", file=source, hint="give a campaign folder or an article file")


def build_in_memory(campaign: Campaign, *, encoding: str = "utf-8") -> Built:
    """Parse, plan and render a campaign without touching the outbox."""
    article = read_article(campaign.article_path, encoding=encoding)
    series = plan_series(article, campaign)
    return Built(series=series, rendered=tuple(render_series(series)))


def plan(campaign: Campaign, *, encoding: str = "utf-8") -> Series:
    """Parse and plan a campaign without rendering (for the send plan)."""
    return plan_series(read_article(campaign.article_path, encoding=encoding), campaign)


def filled(built: Built, profile: Profile = GENERIC) -> list[tuple[Rendered, str, str]]:
    """Each email with its final HTML and text in the platform's syntax."""
    campaign = built.campaign
    return [(r, *platforms.apply(r, campaign, profile)) for r in built.rendered]


def output_files(
    built: Built, *, profile: Profile = GENERIC, to: str | None = None
) -> dict[str, bytes]:
    """The files of a built campaign: HTML, text, .eml and the manifest."""
    files: dict[str, bytes] = {}
    entries = []
    for rendered, html_text, plain_text in filled(built, profile):
        email = rendered.email
        html = html_text.encode()
        files[f"{email.stem}.html"] = html
        files[f"{email.stem}.txt"] = plain_text.encode()
        files[f"{email.stem}.eml"] = mime.to_bytes(
            built.campaign, email, html_text, plain_text, to=to
        )
        entries.append(
            {
                "position": email.position,
                "slug": email.slug,
                "kind": email.kind,
                "title": email.title,
                "subject": email.subject,
                "preheader": email.preheader,
                "send_at": email.send_at.isoformat(),
                "html": f"{email.stem}.html",
                "text": f"{email.stem}.txt",
                "eml": f"{email.stem}.eml",
                "html_bytes": len(html),
            }
        )
    manifest = {
        "campaign": built.campaign.slug,
        "name": built.campaign.name,
        "platform": profile.name,
        "generator": f"kapmail {__version__}",
        "emails": entries,
    }
    files["manifest.json"] = to_json(manifest)
    return files


def write_built(
    built: Built, out: Path, *, profile: Profile = GENERIC, to: str | None = None
) -> Path:
    return write_folder(out, built.campaign.slug, output_files(built, profile=profile, to=to))
