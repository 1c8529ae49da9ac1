"""Screenshots of built emails through Chromium, and a contact sheet of them side by side.

Playwright drives Debian's Chromium (or the binary KAPMAIL_CHROMIUM names); it is imported
only when a snapshot is taken, so `kapmail --help` stays light. Every request that is not
`file:` or `data:` is aborted (remote images, fonts), so the same build gives the same PNGs
offline; but the article's own images, requested at `<[images] base_url>/<name>`, are answered
from the build's `images/` folder (`local`), uploaded or not.
"""

from __future__ import annotations

import base64
import html
import os
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kapmail import outbox
from kapmail.errors import KapmailError
from kapmail.preview import views

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Route

DEBIAN_CHROMIUM = "/usr/bin/chromium"
INSTALL = "pip install 'kapmail[browser]' and apt-get install chromium"
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
VIEWPORT_HEIGHT = 800
GAP = 16  # px between the contact sheet's cells


@dataclass(frozen=True)
class Page:
    """One built email to photograph: its file and the label the contact sheet shows."""

    html: Path
    stem: str
    label: str


@dataclass(frozen=True)
class Shot:
    """One screenshot written: which email, at which CSS width."""

    page: Page
    width: int
    path: Path


def chromium_path(environ: Mapping[str, str] = os.environ) -> str:
    """KAPMAIL_CHROMIUM if set (never a silent fallback), else Debian's Chromium, else PATH."""
    named = environ.get("KAPMAIL_CHROMIUM")
    if named:
        if Path(named).is_file():
            return named
        raise KapmailError(
            f"Chromium not found: {named}",
            key="KAPMAIL_CHROMIUM",
            hint=f"name the Chromium binary, or unset it and {INSTALL}",
        )
    found = DEBIAN_CHROMIUM if Path(DEBIAN_CHROMIUM).is_file() else shutil.which("chromium")
    if found is None:
        raise KapmailError("snapshots need Chromium", hint=INSTALL)
    return found


def require_browser(environ: Mapping[str, str] = os.environ) -> str:
    """The Chromium binary, after making sure Playwright is installed (else KapmailError)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise KapmailError("snapshots need Playwright", hint=INSTALL) from None
    return chromium_path(environ)


def file_name(page: Page, width: int, dark: bool, view: str = views.NORMAL) -> str:
    """`NN-slug-375.png`; `-dark` with dark mode, then `-<view>` for another client's view
    (`NN-slug-375-dark-images-off.png`)."""
    return f"{page.stem}-{width}{_suffix(dark, view)}.png"


def sheet_name(dark: bool, view: str = views.NORMAL) -> str:
    return f"contact-sheet{_suffix(dark, view)}.png"


def _suffix(dark: bool, view: str) -> str:
    return ("-dark" if dark else "") + ("" if view == views.NORMAL else f"-{view}")


def take(
    pages: Sequence[Page],
    out: Path,
    *,
    widths: Sequence[int],
    dark: bool = False,
    scale: float = 1,
    chromium: str | None = None,
    local: Mapping[str, Path] | None = None,
    done: Callable[[Shot], object] | None = None,
    view: str = views.NORMAL,
) -> tuple[list[Shot], Path]:
    """Photograph every page at every width (full page) into `out`, then the contact sheet;
    `local` answers requests for those URLs with those files; `done` hears of each shot;
    `view` shows each page as another client would (`preview.views`), the files untouched."""
    executable = chromium or require_browser()
    folder = outbox.prepare_out(out)
    shots = []
    seen = {
        page.html.resolve().as_uri(): views.view(page.html.read_text(encoding="utf-8"), view)
        for page in pages
        if view != views.NORMAL
    }
    with _browser(executable) as browser:
        for width in widths:
            with _context(browser, width, scale, local or {}, seen) as context:
                for page in pages:
                    path = outbox.target(folder, file_name(page, width, dark, view))
                    _screenshot(context, page.html.resolve().as_uri(), path, dark=dark)
                    shots.append(Shot(page, width, path))
                    if done is not None:
                        done(shots[-1])
        sheet = outbox.target(folder, sheet_name(dark, view))
        html_text = contact_sheet_html(shots, dark=dark)
        with _context(browser, sheet_width(shots), scale, {}, {}) as context:
            page = context.new_page()
            page.set_content(html_text, wait_until="load")
            page.screenshot(path=str(sheet), full_page=True)
    return shots, sheet


def sheet_width(shots: Sequence[Shot]) -> int:
    """The CSS width of the contact sheet: its widest row of cells."""
    rows: dict[int, int] = {}
    for shot in shots:
        rows[shot.width] = rows.get(shot.width, GAP) + shot.width + GAP
    return max(rows.values(), default=GAP * 2)


def contact_sheet_html(shots: Sequence[Shot], *, dark: bool) -> str:
    """A page with one row per width: each screenshot (inlined as data:) under its label."""
    rows: dict[int, list[str]] = {}
    for shot in shots:
        data = base64.b64encode(shot.path.read_bytes()).decode("ascii")
        rows.setdefault(shot.width, []).append(
            f"<figure><figcaption>{html.escape(shot.page.label)}</figcaption>"
            f'<img src="data:image/png;base64,{data}" width="{shot.width}" alt=""></figure>'
        )
    mode = "dark" if dark else "light"
    body = "".join(
        f'<h2>{width} px, {mode}</h2><div class="row">{"".join(cells)}</div>'
        for width, cells in rows.items()
    )
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"body{{margin:0;padding:{GAP}px;background:#8a8a8a;font:13px/1.3 sans-serif;color:#111}}"
        f"h2{{margin:0 0 8px;font-size:15px}}.row{{display:flex;gap:{GAP}px;"
        f"align-items:flex-start;margin-bottom:{GAP}px}}"
        "figure{margin:0}figcaption{margin-bottom:4px;overflow-wrap:anywhere}"
        "img{display:block}"
        f"</style></head><body>{body}</body></html>"
    )


@contextmanager
def _browser(executable: str) -> Iterator[Browser]:
    from playwright.sync_api import Error, sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable, args=list(LAUNCH_ARGS))
        except Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown error"
            raise KapmailError(f"Chromium did not start: {first}", file=executable) from None
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def _context(
    browser: Browser,
    width: int,
    scale: float,
    local: Mapping[str, Path],
    documents: Mapping[str, str],
) -> Iterator[Any]:
    """A browser context of that viewport width and device scale, offline but for files;
    `documents` answers those page URLs with that HTML (a view of the file)."""
    context = browser.new_context(
        viewport={"width": width, "height": VIEWPORT_HEIGHT}, device_scale_factor=scale
    )
    context.route("**/*", lambda route: _local_only(route, local, documents))
    try:
        yield context
    finally:
        context.close()


def _local_only(route: Route, local: Mapping[str, Path], documents: Mapping[str, str]) -> None:
    """Let `file:` and `data:` through, answer `local` URLs from their files and `documents`
    from their text; abort everything else (remote images and fonts)."""
    url = route.request.url
    if url in documents:
        route.fulfill(body=documents[url], content_type="text/html; charset=utf-8")
    elif url in local:
        route.fulfill(path=local[url])
    elif url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()


def _screenshot(context: Any, url: str, path: Path, *, dark: bool) -> None:
    page = context.new_page()
    try:
        page.emulate_media(color_scheme="dark" if dark else "light")
        page.goto(url, wait_until="load")
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.close()
