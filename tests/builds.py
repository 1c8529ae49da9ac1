"""Test helpers over the real pipeline: a series planned and rendered, its files, its checks."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from kapmail import pipeline, platforms
from kapmail.checks import Context, Finding
from kapmail.config import Campaign
from kapmail.pipeline import Outgoing, Pass, Target
from kapmail.plan import Series
from kapmail.platforms import GENERIC, Profile
from kapmail.render import Rendered, render_email
from kapmail.writers import write_build, write_export


@dataclass(frozen=True)
class Built:
    """A campaign planned and rendered in memory, placeholders still in place."""

    series: Series
    rendered: tuple[Rendered, ...]

    @property
    def campaign(self) -> Campaign:
        return self.series.campaign


def build_in_memory(campaign: Campaign) -> Built:
    series = pipeline.plan(campaign)
    return Built(series, tuple(render_email(e, series.campaign) for e in series.emails))


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under folder by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def output_files(
    built: Built, *, checked: bool = False, profile: Profile = GENERIC, to: str | None = None
) -> dict[str, bytes]:
    """The files `kapmail build` writes for the series (checks skipped unless `checked`)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, _ = write_build(built.series, Path(tmp), Target(profile, to), check=checked)
        return folder_files(folder)


def export_files(built: Built, profile: Profile) -> dict[str, bytes]:
    """The files `kapmail export --platform <profile> --force` writes for the series."""
    with tempfile.TemporaryDirectory() as tmp:
        return folder_files(write_export(built.series, profile, Path(tmp), force=True))


def check_built(built: Built, profile: Profile = GENERIC) -> list[Finding]:
    emailing = Pass(built.series, Target(profile))
    emailing.run()
    assert emailing.findings is not None
    return emailing.findings


def filled(built: Built, profile: Profile = GENERIC) -> list[tuple[Rendered, str, str]]:
    """Each email with its final HTML and text in the platform's syntax."""
    return [
        (r, *platforms.fill(profile, built.campaign, r.email.slug, r.html, r.text))
        for r in built.rendered
    ]


def outgoing(built: Built, profile: Profile = GENERIC) -> list[Outgoing]:
    return Pass(built.series, Target(profile), check=False).run()


def contexts(built: Built, profile: Profile = GENERIC) -> list[Context]:
    """What the rules see of each email: the bytes that leave, in `profile`'s syntax."""
    return [
        pipeline.context(
            built.series, item.email, profile, item.html.decode(), item.text.decode(), item.eml
        )
        for item in outgoing(built, profile)
    ]
