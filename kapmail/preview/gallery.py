"""outbox/<campaign>/index.html: every email of a build on one page, with its check status.

The page is self-contained (no external scripts or styles) and works from file://: each
email is shown in `srcdoc` frames, which share the page's origin, so the page's small script
can size each frame to its email and switch it to dark mode. The article's images show
from the build's own `images/` folder, uploaded or not: in the frames (only there, never in
the written emails) `<[images] base_url>/<name>` reads `images/<name>`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from kapmail import i18n, images
from kapmail.checks import Finding
from kapmail.config import Campaign
from kapmail.manifest import EmailEntry, Manifest
from kapmail.preview.inbox import Card
from kapmail.render.compose import render_page

TEMPLATE = "gallery.html.j2"
WIDTHS = (375, 600)


@dataclass(frozen=True)
class Row:
    """One email on the page: its manifest entry, what it looks like, what the checks said."""

    entry: EmailEntry
    card: Card | None
    findings: tuple[Finding, ...]

    @property
    def stem(self) -> str:
        return self.entry.html.rsplit(".", 1)[0]


def send_date(moment: dt.datetime, timezone: str, language: str = "en") -> str:
    """'Tuesday 12 January 2027, 09:00 (America/New_York)': the send time in words, in the
    campaign's language ('martes, 12 de enero de 2027, 09:00')."""
    zone = ZoneInfo(timezone)
    local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return f"{i18n.long_date_time(local, language or 'en')} ({timezone})"


def gallery(manifest: Manifest, campaign: Campaign, cards: Sequence[Card] = ()) -> bytes:
    """The preview page for a built series, from its manifest and each email's `Card`."""
    language, direction = i18n.settled(campaign.about.language, campaign.about.direction)
    findings = manifest.findings or ()
    rows = []
    for index, entry in enumerate(manifest.emails):
        stem = entry.html.rsplit(".", 1)[0]
        card = cards[index] if index < len(cards) else None
        base_url = campaign.images.base_url
        if card is not None and base_url and manifest.images:
            card = dataclasses.replace(
                card, html=local_images(card.html, base_url, manifest.images)
            )
        rows.append(Row(entry, card, tuple(f for f in findings if f.email == stem)))
    values = {
        "manifest": manifest,
        "rows": rows,
        "series_findings": tuple(f for f in findings if not f.email),
        "sender": campaign.sender.name,
        "widths": WIDTHS,
        "lang": language,
        "dir": direction,
        **i18n.template_callables(language),
    }
    return render_page(campaign.template_dir, TEMPLATE, values, "the gallery")


def local_images(html: str, base_url: str, paths: Iterable[str]) -> str:
    """`html` with each article image's `<base_url>/<name>` source read from `images/<name>`."""
    for path in paths:
        name = path.removeprefix(f"{images.FOLDER}/")
        html = html.replace(f'src="{images.url(name, base_url)}"', f'src="{path}"')
    return html
