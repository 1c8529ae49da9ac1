"""Orchestration: sources -> campaigns -> series -> rendered emails -> files in the outbox."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kapmail import __version__, checks, mime, platforms
from kapmail.article import read_article
from kapmail.config import CAMPAIGN_FILE, Campaign, campaign_for_article, load_campaign
from kapmail.errors import KapmailError
from kapmail.gallery import gallery
from kapmail.outbox import to_json, write_folder
from kapmail.platforms import GENERIC, Profile
from kapmail.render import Rendered, render_series
from kapmail.series import Email, Series, plan_series

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
    if source.name == CAMPAIGN_FILE and source.is_file():
        source = source.parent
    if source.is_dir():
        return load_campaign(source)
    if source.suffix.lower() in ARTICLE_SUFFIXES or source.is_file():
        if not source.exists():
            raise KapmailError("file not found", file=source, hint="check the path")
        return campaign_for_article(source)
    raise KapmailError("not found", file=source, hint="give a campaign folder or an article file")


def build_in_memory(campaign: Campaign, *, encoding: str = "utf-8") -> Built:
    """Parse, plan and render a campaign without touching the outbox."""
    series = plan(campaign, encoding=encoding)
    return Built(series=series, rendered=tuple(render_series(series)))


def plan(campaign: Campaign, *, encoding: str = "utf-8") -> Series:
    """Parse and plan a campaign without rendering (for the send plan)."""
    return plan_series(read_article(campaign.article_path, encoding=encoding), campaign)


def filled(built: Built, profile: Profile = GENERIC) -> list[tuple[Rendered, str, str]]:
    """Each email with its final HTML and text in the platform's syntax."""
    campaign = built.campaign
    return [(r, *platforms.apply(r, campaign, profile)) for r in built.rendered]


@dataclass(frozen=True)
class Outgoing:
    """One email as it will leave: HTML and text in a platform's syntax, and its .eml."""

    email: Email
    html: str
    text: str
    eml: bytes


def outgoing(built: Built, profile: Profile = GENERIC, to: str | None = None) -> list[Outgoing]:
    """Every email as it will leave, with the .eml message around it."""
    campaign = built.campaign
    return [
        Outgoing(r.email, html, text, mime.to_bytes(campaign, r.email, html, text, to=to))
        for r, html, text in filled(built, profile)
    ]


def contexts(built: Built, profile: Profile = GENERIC) -> list[checks.Context]:
    """What the rules see: each email as it leaves in `profile`'s syntax, .eml included."""
    return [
        checks.Context(
            name=item.email.stem,
            position=item.email.position,
            slug=item.email.slug,
            subject=item.email.subject,
            preheader=item.email.preheader,
            html=item.html,
            text=item.text,
            settings=built.campaign.settings,
            eml=item.eml,
            email=item.email,
            entries=built.campaign.keyed,
            article=str(built.series.article.path),
            merge_tags=profile.merge_tags,
        )
        for item in outgoing(built, profile)
    ]


PLATFORM_FAMILIES = ("M",)


def check_built(built: Built, profile: Profile = GENERIC) -> list[checks.Finding]:
    """Run the rules over a built campaign, with the campaign's switches applied.

    Every rule runs on the generic output (the configured URLs and address, which the law
    and accessibility rules need to see); a platform's own output is checked again by the
    merge-tag family: its unsubscribe tag in both parts, nothing unfilled.
    """
    campaign = built.campaign
    found = checks.run(contexts(built), campaign.checks, campaign=campaign.slug)
    if profile is not GENERIC:
        platform = checks.run(
            contexts(built, profile),
            campaign.checks,
            campaign=campaign.slug,
            families=PLATFORM_FAMILIES,
        )
        found = checks.sort_findings(dict.fromkeys([*found, *platform]))
    return found


def output_files(
    built: Built,
    findings: Sequence[checks.Finding] | None = None,
    *,
    profile: Profile = GENERIC,
    to: str | None = None,
) -> dict[str, bytes]:
    """The files of a built campaign: HTML, text, .eml and the manifest.

    `findings` are the check results (None when the checks were skipped): the manifest
    records them and whether the series is ready to leave.
    """
    files: dict[str, bytes] = {}
    entries = []
    for item in outgoing(built, profile, to):
        email = item.email
        html = item.html.encode()
        files[f"{email.stem}.html"] = html
        files[f"{email.stem}.txt"] = item.text.encode()
        files[f"{email.stem}.eml"] = item.eml
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
        "checks": "skipped" if findings is None else "run",
        "ready": findings is not None and checks.is_ready(findings),
        "findings": [f.to_dict() for f in findings or ()],
        "switched": {
            name: {"severity": s.severity, "reason": s.reason, "source": s.source}
            for name, s in sorted(built.campaign.checks.items())
        },
    }
    files["manifest.json"] = to_json(manifest)
    files["index.html"] = gallery(manifest, built.campaign)
    return files


def write_built(
    built: Built,
    out: Path,
    findings: Sequence[checks.Finding] | None = None,
    *,
    profile: Profile = GENERIC,
    to: str | None = None,
) -> Path:
    files = output_files(built, findings, profile=profile, to=to)
    return write_folder(out, built.campaign.slug, files)
