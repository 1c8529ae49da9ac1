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
import functools
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from markupsafe import Markup

from kapmail import i18n, images
from kapmail.buildcache import templates_digest
from kapmail.checks import Finding
from kapmail.config import Campaign
from kapmail.manifest import EmailEntry, Manifest
from kapmail.preview.inbox import Card
from kapmail.render.compose import page_part, render_page

TEMPLATE = "gallery.html.j2"
ROW_TEMPLATE = "partials/gallery_row.html.j2"
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


class Rows:
    """The rows of the last gallery page, kept for the next one (`preview --watch` renders
    the page again after each change): a row whose every input is unchanged (the email, its
    findings, the row template and every template file it could include, the language) is
    not rendered again."""

    def __init__(self) -> None:
        self._last: dict[Hashable, Markup] = {}
        self._now: dict[Hashable, Markup] = {}

    def start(self) -> None:
        self._now = {}

    def row(self, key: Hashable, render: Callable[[], Markup]) -> Markup:
        html = self._last.get(key)
        if html is None:
            html = render()
        self._now[key] = html
        return html

    def done(self) -> None:
        """The page is whole: its rows are the ones to keep."""
        self._last, self._now = self._now, {}


def _row_key(row: Row) -> Hashable:
    """Everything of `row` the row template can read, as one hashable value."""
    entry = row.entry
    fields = tuple((f.name, _hashable(getattr(entry, f.name))) for f in dataclasses.fields(entry))
    return fields, row.card, row.findings


def _hashable(value: object) -> object:
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


def send_date(moment: dt.datetime, timezone: str, language: str = "en") -> str:
    """'Tuesday 12 January 2027, 09:00 (America/New_York)': the send time in words, in the
    campaign's language ('martes, 12 de enero de 2027, 09:00')."""
    zone = ZoneInfo(timezone)
    local = moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)
    return f"{i18n.long_date_time(local, language or 'en')} ({timezone})"


def gallery(
    manifest: Manifest,
    campaign: Campaign,
    cards: Sequence[Card] = (),
    rows_kept: Rows | None = None,
) -> bytes:
    """The preview page for a built series, from its manifest and each email's `Card`; with
    `rows_kept`, the rows of unchanged emails come from the last page rendered with it."""
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
    callables = i18n.template_callables(language)
    skipped = manifest.checks == "skipped"

    part = functools.cache(lambda: page_part(campaign.template_dir, ROW_TEMPLATE))
    # Every template file's digest: the row template may include or import another, whose
    # edit leaves the row template's own object as it was.
    templates = functools.cache(lambda: templates_digest(campaign))

    def row_html(row: Row) -> Markup:
        """One row, rendered by the row template (or kept from the last page)."""
        template = part()
        values = {"row": row, "widths": WIDTHS, "checks_skipped": skipped, **callables}
        if rows_kept is None:
            return Markup(template.render(values))
        key = (template, templates(), language, skipped, _row_key(row))
        return rows_kept.row(key, lambda: Markup(template.render(values)))

    if rows_kept is not None:
        rows_kept.start()
    values = {
        "manifest": manifest,
        "rows": rows,
        "row_html": row_html,
        "series_findings": tuple(f for f in findings if not f.email),
        "sender": campaign.sender.name,
        "widths": WIDTHS,
        "lang": language,
        "dir": direction,
        **callables,
    }
    page = render_page(campaign.template_dir, TEMPLATE, values, "the gallery")
    if rows_kept is not None:
        rows_kept.done()
    return page


def local_images(html: str, base_url: str, paths: Iterable[str]) -> str:
    """`html` with each article image's `<base_url>/<name>` source read from `images/<name>`."""
    for path in paths:
        name = path.removeprefix(f"{images.FOLDER}/")
        html = html.replace(f'src="{images.url(name, base_url)}"', f'src="{path}"')
    return html
