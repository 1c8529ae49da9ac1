"""`kapmail preview`: build, serve the outbox on 127.0.0.1, open the gallery, and with
--watch rebuild the campaign whose files changed while the open page reloads itself."""

from __future__ import annotations

import threading
import webbrowser
from dataclasses import dataclass, field
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.commands.each import using
from kapmail.config import Campaign
from kapmail.errors import KapmailError
from kapmail.hosts import is_loopback
from kapmail.preview import watch as watching
from kapmail.preview.gallery import Rows
from kapmail.preview.server import PreviewServer
from kapmail.shipped import builtin_dir
from kapmail.writers import write_build


@dataclass
class Source:
    """One SOURCE argument: how to build it, and the files whose change rebuilds it."""

    path: Path
    slug: str | None = None
    watched: tuple[Path, ...] = ()  # until a first good build: the source itself
    rows: Rows = field(default_factory=Rows)  # its gallery's rows, kept for the next build

    def __post_init__(self) -> None:
        self.watched = self.watched or (self.path.resolve(),)

    def affected_by(self, changed: Path) -> bool:
        return any(changed == p or changed.is_relative_to(p) for p in self.watched)


@dataclass(frozen=True)
class Options:
    """`kapmail preview`'s command line."""

    sources: tuple[Path, ...]
    out: Path
    port: int
    host: str
    open_browser: bool
    watch: bool
    encoding: str
    language: str | None
    org_file: Path | None

    @property
    def reading(self) -> pipeline.Sources:
        return pipeline.Sources(self.sources, self.org_file, self.encoding, self.language)


def build(source: Source, options: Options, server: PreviewServer) -> bool:
    """Build one source into the outbox; a failure is printed and shown on the page, and the
    last good build stays served."""
    key = str(source.path)
    try:
        series = options.reading.series(source.path)
        campaign = series.campaign
        folder, manifest = write_build(
            series, options.out, pipeline.Target(), gallery_rows=source.rows
        )
    except KapmailError as exc:
        message = f"kapmail: error: {exc.one_line()}"
    except Exception as exc:
        message = f"kapmail: error: {source.path}: {type(exc).__name__}: {exc}"
    else:
        source.slug = campaign.slug
        source.watched = watched_paths(source.path, campaign)
        state = "ready" if manifest.ready else "not ready (see the page)"
        click.echo(f"{using(series)}; built {len(manifest.emails)} emails -> {folder}: {state}")
        server.state.built(key)
        return True
    click.echo(message, err=True)
    server.state.failed(key, message)
    return False


def watched_paths(source: Path, campaign: Campaign) -> tuple[Path, ...]:
    """A campaign folder (article, campaign.toml, templates, images), or a bare article and
    the `images/` folder beside it (a web page's pictures); its organisation file and the
    shipped templates."""
    paths = [campaign.article_path, *campaign.sources, builtin_dir()]
    pictures = campaign.article_path.parent / "images"
    if pictures.is_dir():
        paths.append(pictures)
    if campaign.template_dir:
        paths.append(campaign.template_dir)
    if source.is_dir() or source.name == "campaign.toml":
        paths.append(campaign.root)
    return tuple(p.resolve() for p in paths)


def rebuild_on_change(
    sources: list[Source], options: Options, server: PreviewServer, stop: threading.Event
) -> None:
    """Rebuild each source a change touches (only those), until `stop` is set."""
    paths = {p for source in sources for p in source.watched}
    shipped = builtin_dir().resolve()
    for changed in watching.changes(paths, stop, ignore=[options.out]):
        if any(path.is_relative_to(shipped) for path in changed):
            from kapmail.render.environment import forget_shipped

            forget_shipped()
        for source in sources:
            if any(source.affected_by(path) for path in changed):
                names = ", ".join(sorted(p.name for p in changed))
                click.echo(f"changed: {names}; rebuilding {source.slug or source.path}")
                build(source, options, server)


def run(options: Options) -> int:
    """Build, serve until Ctrl-C, and (with `watch`) rebuild on change. 2 if nothing built."""
    host, port, watch = options.host, options.port, options.watch
    sources = [Source(path) for path in options.reading.found()]
    options.out.mkdir(parents=True, exist_ok=True)
    try:
        server = PreviewServer(options.out, host, port)
    except OSError as exc:  # the port is taken, the host is not this machine's
        raise KapmailError(
            f"cannot listen on {host}:{port} ({exc.strerror or exc})",
            hint="pick another --port (0: any free port) or --host",
        ) from None
    built = [source for source in sources if build(source, options, server)]
    if not built and not watch:
        server.server_close()
        return 2
    if not is_loopback(host):
        click.echo(
            f"kapmail: warning: serving on {host}: others on the network can read the outbox",
            err=True,
        )
    stop = threading.Event()
    if watch:
        worker = threading.Thread(
            target=rebuild_on_change, args=(sources, options, server, stop), daemon=True
        )
        worker.start()
    first = built[0].slug if len(built) == 1 else None
    url = server.url + (f"{first}/index.html" if first else "")
    click.echo(f"serving {options.out} at {url} (Ctrl-C to stop)", nl=True)
    if options.open_browser:
        webbrowser.open(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        click.echo("stopped")
    finally:
        stop.set()
        server.server_close()
    return 0
