"""The preview server: the outbox's galleries over HTTP (stdlib), with a live-reload script
and the last build's error on /version and /error.

Only what a gallery links is served (each campaign's `index.html`, its emails' HTML, text
and .eml, `images/`, `snapshots/*.png`); never a ledger, a manifest, a dot file or a folder
listing. `/` is an index of the built campaigns. A request whose Host header is not the
listening address or localhost gets 421 (DNS rebinding), a malformed URL 400, and an idle
connection is closed after `IDLE_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import mimetypes
import socket
import threading
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from kapmail import manifest
from kapmail.errors import KapmailError

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARDS = frozenset({"0.0.0.0", "[::]"})
POLL_MS = 500
IDLE_SECONDS = 10.0
HTML = "text/html; charset=utf-8"
# Injected before </body> of each page the server sends (never written to the outbox).
RELOAD = b"""<script>(() => {
  const banner = document.createElement("div");
  banner.id = "kapmail-build-error";
  banner.className = "banner build-error";
  banner.setAttribute("role", "alert");
  banner.hidden = true;
  banner.style.cssText = "position:sticky;top:0;z-index:9;margin:0;padding:12px 16px;"
    + "background:#fde2e1;color:#7f1d1d;font:bold 15px/1.4 system-ui,sans-serif;"
    + "white-space:pre-wrap";
  document.body.prepend(banner);
  let seen = null;
  async function poll() {
    try {
      const state = await (await fetch("/version", {cache: "no-store"})).json();
      if (seen !== null && state.version !== seen) { location.reload(); return; }
      seen = state.version;
      banner.hidden = !state.error;
      banner.textContent = state.error
        ? "Build failed; this is the last good build.\\n" + state.error : "";
    } catch (error) {}
    setTimeout(poll, %d);
  }
  poll();
})();</script>
""".replace(b"%d", str(POLL_MS).encode())


class State:
    """What the pages poll: a build counter and the current build errors (thread-safe)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version = 0
        self.errors: dict[str, str] = {}

    def built(self, key: str) -> None:
        with self.lock:
            self.version += 1
            self.errors.pop(key, None)

    def failed(self, key: str, message: str) -> None:
        with self.lock:
            self.errors[key] = message

    @property
    def error(self) -> str:
        with self.lock:
            return "\n".join(self.errors[key] for key in sorted(self.errors))

    def to_json(self) -> bytes:
        with self.lock:
            errors = "\n".join(self.errors[key] for key in sorted(self.errors))
            return json.dumps({"version": self.version, "error": errors}).encode()


class Handler(BaseHTTPRequestHandler):
    """Serves what the galleries link and nothing else (see the module's docstring)."""

    root: Path
    state: State
    hosts: frozenset[str]
    timeout = IDLE_SECONDS  # a connection idle this long is closed (socket timeout)

    def do_GET(self) -> None:
        self.serve(body=True)

    def do_HEAD(self) -> None:
        self.serve(body=False)

    def serve(self, *, body: bool) -> None:
        host = self.headers.get("Host")
        if host is None:
            return self.send_error(HTTPStatus.BAD_REQUEST, "no Host header")
        if not host_allowed(host, self.hosts):
            return self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host")
        route = clean_route(self.path)
        if route is None:
            return self.send_error(HTTPStatus.BAD_REQUEST, "bad URL")
        if route == "/version":
            return self.reply(self.state.to_json(), "application/json", body)
        if route == "/error":
            return self.reply(self.state.error.encode(), "text/plain; charset=utf-8", body)
        if route == "/":
            return self.reply(with_reload(index_page(self.root)), HTML, body)
        path = linked_file(self.root, route)
        if path is None:
            return self.send_error(HTTPStatus.NOT_FOUND)
        try:
            data = path.read_bytes()
        except OSError:
            return self.send_error(HTTPStatus.NOT_FOUND)
        if path.name == "index.html":
            return self.reply(with_reload(data), HTML, body)
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/"):
            kind += "; charset=utf-8"
        return self.reply(data, kind, body)

    def reply(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows builds and errors, not every request."""


def clean_route(raw: str) -> str | None:
    """The request's path, percent-decoded; None when it is not a well-formed URL path
    (undecodable, a control character such as NUL, not starting with /)."""
    try:
        route = unquote(urlsplit(raw).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if not route.startswith("/") or any(ord(c) < 32 or ord(c) == 127 for c in route):
        return None
    return route


def linked_file(root: Path, route: str) -> Path | None:
    """The file a gallery links for `route` (`/<campaign>/<file>`), or None.

    A campaign is a folder of the outbox holding a manifest.json; its linked files are the
    gallery (`index.html`, also `/<campaign>/`), each email's HTML, text and .eml, its
    `images/` and the PNGs in `snapshots/`. Nothing starting with a dot, nothing that
    resolves outside the outbox.
    """
    parts = route.removeprefix("/").split("/")
    if parts[-1] == "" and len(parts) == 2:
        parts[-1] = "index.html"
    if len(parts) < 2 or any(not p or p.startswith(".") or "\\" in p for p in parts):
        return None
    folder = root / parts[0]
    try:
        entries = manifest.read(folder)
    except KapmailError:
        return None
    name = "/".join(parts[1:])
    linked = {"index.html", *entries.images}
    linked.update(n for e in entries.emails for n in (e.html, e.text, e.eml))
    snapshot = len(parts) == 3 and parts[1] == "snapshots" and name.endswith(".png")
    if name not in linked and not snapshot:
        return None
    path = (folder / name).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


def index_page(root: Path) -> bytes:
    """`/`: each built campaign in the outbox (name, emails, ready or not, next send)."""
    rows = []
    now = dt.datetime.now().isoformat(timespec="seconds")
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            built = manifest.read(folder)
        except KapmailError:
            continue
        upcoming = sorted(e.send_at for e in built.emails if e.send_at[:19] >= now)
        state = (
            "checks skipped"
            if built.findings is None
            else ("ready" if built.ready else "not ready")
        )
        rows.append(
            f'<tr><td><a href="{escape(quote(folder.name))}/">{escape(built.name)}</a></td>'
            f"<td>{len(built.emails)}</td><td>{state}</td>"
            f"<td>{escape(upcoming[0][:16].replace('T', ' ')) if upcoming else 'none'}</td></tr>"
        )
    body = "\n".join(rows) or '<tr><td colspan="4">No campaign built yet.</td></tr>'
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>kapmail preview</title></head><body><h1>Campaigns</h1>\n"
        "<table><thead><tr><th>Campaign</th><th>Emails</th><th>State</th><th>Next send</th>"
        f"</tr></thead><tbody>\n{body}\n</tbody></table></body></html>\n"
    ).encode()


def with_reload(html: bytes) -> bytes:
    """A page with the reload script added before `</body>`."""
    at = html.rfind(b"</body>")
    return html[:at] + RELOAD + html[at:] if at >= 0 else html + RELOAD


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server over one folder, with its reload `state`."""

    daemon_threads = True

    def __init__(
        self, root: Path, host: str = "127.0.0.1", port: int = 0, *, idle: float | None = None
    ) -> None:
        self.state = State()
        if ":" in host:
            self.address_family = socket.AF_INET6
        bound = {"root": root, "state": self.state, "timeout": idle or IDLE_SECONDS}
        handler: type[Handler] = type("BoundHandler", (Handler,), bound)
        super().__init__((host, port), handler)
        handler.hosts = allowed_hosts(host, int(self.server_address[1]))

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers a request may carry: the listening address or localhost, with or
    without the port (anything else is DNS rebinding or a misdirected request: 421)."""
    names = {host.lower(), "localhost"}
    if host in LOOPBACK:
        names.update({"127.0.0.1", "[::1]"})
    names = {f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names}
    return frozenset({*names, *(f"{n}:{port}" for n in names)})


def host_allowed(header: str, hosts: frozenset[str]) -> bool:
    """Whether a Host header names this server: one of `hosts`, or, when it listens on every
    address (`0.0.0.0`, `::`), any IP address with its port (DNS rebinding needs a name)."""
    header = header.strip().lower()
    if header in hosts:
        return True
    if not hosts & WILDCARDS:
        return False
    name, _, port = header.rpartition(":") if not header.endswith("]") else (header, "", "")
    if not any(h.endswith(f":{port}") for h in hosts):
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True
