"""The preview server: the outbox over HTTP (stdlib), with a live-reload script and the last
build's error on /version and /error. Only files inside the outbox are served."""

from __future__ import annotations

import json
import socket
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

POLL_MS = 500
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


class Handler(SimpleHTTPRequestHandler):
    """Serves `root` only: a path that resolves outside it (`..`, a symlink out) is a 404."""

    root: Path
    state: State

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, directory=str(self.root), **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self.serve(body=True)

    def do_HEAD(self) -> None:
        self.serve(body=False)

    def serve(self, *, body: bool) -> None:
        route = urlsplit(self.path).path
        if route == "/version":
            return self.reply(self.state.to_json(), "application/json", body)
        if route == "/error":
            return self.reply(self.state.error.encode(), "text/plain; charset=utf-8", body)
        if "\\" in unquote(route) or not self.inside():
            return self.send_error(HTTPStatus.NOT_FOUND)
        page = self.page()
        if page is not None:
            return self.reply(page, "text/html; charset=utf-8", body)
        return super().do_GET() if body else super().do_HEAD()

    def inside(self) -> bool:
        """Whether the requested path, symlinks resolved, is within the served folder."""
        parts = unquote(urlsplit(self.path).path).split("/")
        if ".." in parts:
            return False
        root = self.root.resolve()
        target = Path(self.translate_path(self.path)).resolve()
        return target == root or target.is_relative_to(root)

    def page(self) -> bytes | None:
        """An HTML page with the reload script added, or None for any other file."""
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file() or path.name != "index.html":
            return None
        html = path.read_bytes()
        at = html.rfind(b"</body>")
        return html[:at] + RELOAD + html[at:] if at >= 0 else html + RELOAD

    def reply(self, data: bytes, kind: str, body: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows builds and errors, not every request."""


class PreviewServer(ThreadingHTTPServer):
    """A threading HTTP server over one folder, with its reload `state`."""

    daemon_threads = True

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = State()
        handler = type("BoundHandler", (Handler,), {"root": root, "state": self.state})
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), handler)

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"
