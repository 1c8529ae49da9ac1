"""`kapmail preview`: the outbox over HTTP on 127.0.0.1, nothing outside it, live rebuilds."""

from __future__ import annotations

import http.client
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.commands.preview import Source
from kapmail.preview.server import RELOAD, PreviewServer
from tests.conftest import KAP_CAMPAIGN, ROOT, copy_org

TIMEOUT = 20  # seconds: no test waits longer for a server or a rebuild


@pytest.fixture(scope="module")
def outbox(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("served")
    (root / "pyproject.toml").write_text("[project]\nname = 'secret'\n")
    out = root / "outbox"
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out)])
    assert result.exit_code == 0, result.output
    (out / "escape").symlink_to(root / "pyproject.toml")
    (out / "escape-dir").symlink_to(root, target_is_directory=True)
    (out / "alias.html").symlink_to(out / "kap-conditions" / "index.html")
    return out


@pytest.fixture(scope="module")
def server(outbox) -> Iterator[PreviewServer]:
    server = PreviewServer(outbox, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(TIMEOUT)


def status(server: PreviewServer, path: str) -> tuple[int, bytes]:
    """The raw request, exactly as written (no client-side normalisation of `..`)."""
    host, port = server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.putrequest("GET", path, skip_host=False, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_the_gallery_is_served_with_the_reload_script(server, outbox):
    code, page = status(server, "/kap-conditions/index.html")
    assert code == 200 and RELOAD in page and b"kapmail preview" in page
    first = sorted((outbox / "kap-conditions").glob("01-*.html"))[0].name
    code, email = status(server, f"/kap-conditions/{first}")
    assert code == 200 and b"<!doctype html>" in email.lower()
    assert status(server, "/kap-conditions/")[0] == 200
    code, state = status(server, "/version")
    assert code == 200 and json.loads(state) == {"version": 0, "error": ""}


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/kap-conditions/../../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/..%2fpyproject.toml",
        "/escape",
        "/escape-dir/pyproject.toml",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/..\\pyproject.toml",
        "/no-such-file",
    ],
)
def test_nothing_outside_the_outbox_is_served(server, path):
    code, body = status(server, path)
    assert code == 404 and b"secret" not in body and b"root:" not in body


def test_a_file_no_gallery_links_is_not_served(server):
    """Changed on purpose (issue 21): only what a gallery links is served, so a symlink at
    the top of the outbox and the manifest are 404."""
    assert status(server, "/alias.html")[0] == 404
    assert status(server, "/kap-conditions/manifest.json")[0] == 404


def test_it_listens_on_loopback_only_by_default(outbox):
    server = PreviewServer(outbox, port=0)
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url.startswith("http://127.0.0.1:")
    finally:
        server.server_close()


def test_a_change_rebuilds_only_the_campaign_it_touches(tmp_path):
    one, two = Source(tmp_path / "one"), Source(tmp_path / "two")
    assert one.affected_by((tmp_path / "one" / "article.txt").resolve())
    assert not two.affected_by((tmp_path / "one" / "article.txt").resolve())


class Running:
    """`kapmail preview` in a subprocess, its output lines read on a thread."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kapmail", "preview", *args, "--port", "0", "--no-open"],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not printed; output so far: {''.join(self.seen)}")

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        return response.read().decode()


def eventually(check, what: str):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not within {TIMEOUT} s: {what}")


def test_the_command_serves_on_loopback_and_stops_cleanly_on_ctrl_c(tmp_path):
    running = Running(str(KAP_CAMPAIGN), "--out", str(tmp_path / "out"), cwd=ROOT)
    try:
        line = running.wait_for("serving ")
        url = line.split(" at ")[1].split()[0]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/kap-conditions/index.html")
        assert "Riverbend Learning Team" in get(url)
    finally:
        code = running.stop()
    assert code == 0
    running.wait_for("stopped")


def test_watch_rebuilds_on_an_edit_and_keeps_the_last_good_build_on_a_broken_one(tmp_path):
    copy_org(tmp_path)
    folder = tmp_path / "kap-conditions"
    shutil.copytree(KAP_CAMPAIGN, folder)
    out = tmp_path / "outbox"
    running = Running(str(folder), "--out", str(out), "--watch", cwd=tmp_path)
    try:
        base = running.wait_for("serving ").split(" at ")[1].split()[0].rsplit("/", 2)[0]
        email = f"{base}/kap-conditions/02-depressive-disorders.html"
        assert "Zebrafish" not in get(email)
        time.sleep(1)  # the watcher's first scan
        article = folder / "article.txt"
        text = article.read_text()
        article.write_text(text.replace("For those suffering", "Zebrafish aside, for those", 1))
        eventually(lambda: "Zebrafish aside" in get(email), "the edit reaches the served email")
        good = json.loads(get(f"{base}/version"))
        assert good["version"] >= 1 and good["error"] == ""

        toml = folder / "campaign.toml"
        toml.write_text(toml.read_text() + "\n[schedule\nbroken = \n")
        state = eventually(
            lambda: json.loads(get(f"{base}/version"))["error"], "the error is shown"
        )
        assert "campaign.toml" in state
        assert "campaign.toml" in get(f"{base}/error")
        assert "Zebrafish aside" in get(email)  # the last good build stays served
        running.wait_for("kapmail: error:")
    finally:
        assert running.stop() == 0


def test_a_taken_port_is_one_line_and_exit_2(outbox, server):
    port = server.server_address[1]
    result = CliRunner().invoke(
        cli, ["preview", str(KAP_CAMPAIGN), "--out", str(outbox), "--port", str(port), "--no-open"]
    )
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output


def test_watch_follows_the_images_folder_beside_a_bare_article(tmp_path):
    from kapmail.commands.preview import watched_paths
    from kapmail.config import campaign_for_article

    copy_org(tmp_path)
    article = tmp_path / "sleep.md"
    article.write_text("# Sleep\n\nIntro.\n\n## Rest\n\nBody.\n\nShall we?\n")
    before = watched_paths(article, campaign_for_article(article))
    (tmp_path / "images").mkdir()
    after = watched_paths(article, campaign_for_article(article))
    assert (tmp_path / "images").resolve() not in before
    assert (tmp_path / "images").resolve() in after


def raw_request(server: PreviewServer, request: bytes) -> bytes:
    """Send `request` as written on one connection and read the whole reply."""
    import socket

    host, port = server.server_address[:2]
    with socket.create_connection((host, port), timeout=TIMEOUT) as connection:
        connection.sendall(request)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply


@pytest.fixture(scope="module")
def with_ledger(outbox) -> Path:
    """A send ledger and dot files inside the outbox and inside a build folder."""
    folder = outbox / "kap-conditions"
    for place in (outbox, folder):
        (place / "sends.sqlite").write_bytes(b"SQLite format 3\x00reader@example.org")
        (place / ".env").write_text("KAPMAIL_SMTP_PASSWORD=secret")
    (folder / "snapshots").mkdir(exist_ok=True)
    (folder / "snapshots" / "01-intro-600.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return outbox


@pytest.mark.parametrize(
    "path",
    [
        "/sends.sqlite",
        "/kap-conditions/sends.sqlite",
        "/.env",
        "/kap-conditions/.env",
        "/kap-conditions/%2eenv",
        "/kap-conditions/manifest.json",
        "/kap-conditions/snapshots/",
        "/kap-conditions/images/",
    ],
)
def test_the_ledger_dot_files_and_listings_are_never_served(server, with_ledger, path):
    code, body = status(server, path)
    assert code == 404 and b"reader@example.org" not in body and b"secret" not in body


def test_snapshots_are_served(server, with_ledger):
    code, body = status(server, "/kap-conditions/snapshots/01-intro-600.png")
    assert code == 200 and body.startswith(b"\x89PNG")


def test_the_root_is_an_index_of_campaigns_not_a_listing(server, with_ledger):
    code, page = status(server, "/")
    assert code == 200
    assert b"sends.sqlite" not in page and b".env" not in page
    assert b'href="kap-conditions/"' in page and b"<td>8</td>" in page
    assert b"KAP" in page and (b"<td>ready</td>" in page or b"<td>not ready</td>" in page)


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.2", "attacker"])
def test_a_foreign_host_header_is_refused(server, host):
    port = server.server_address[1]
    for path in ("/kap-conditions/index.html", "/version", "/"):
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        reply = raw_request(server, request.encode())
        assert reply.startswith(b"HTTP/1.0 421"), reply[:80]
    ok = f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    assert raw_request(server, ok.encode()).startswith(b"HTTP/1.0 200")


@pytest.mark.parametrize(
    "path", ["/kap-conditions/index.html%00", "/%00", "/%ff%fe", "/a%0d%0aSet-Cookie:x"]
)
def test_a_bad_url_is_400_not_a_traceback(server, path):
    code, body = status(server, path)
    assert code == 400 and b"Traceback" not in body


def test_an_idle_connection_is_closed(outbox):
    import socket

    idle = PreviewServer(outbox, port=0, idle=0.5)
    thread = threading.Thread(target=idle.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        host, port = idle.server_address[:2]
        with socket.create_connection((host, port), timeout=TIMEOUT) as connection:
            connection.sendall(b"GET / HTTP/1.1\r\n")  # half a request, then silence
            assert connection.recv(1024) == b""  # closed by the server, not by our timeout
    finally:
        idle.shutdown()
        idle.server_close()
        thread.join(TIMEOUT)


def test_on_every_address_only_ip_hosts_with_the_port_are_served():
    """Listening on 0.0.0.0 (--host), a name is still refused: DNS rebinding needs one."""
    from kapmail.preview.server import allowed_hosts, host_allowed

    hosts = allowed_hosts("0.0.0.0", 8000)
    assert host_allowed("192.168.1.5:8000", hosts) and host_allowed("localhost:8000", hosts)
    assert not host_allowed("evil.example:8000", hosts)
    assert not host_allowed("192.168.1.5:9000", hosts)
    assert not host_allowed("192.168.1.5:8000", allowed_hosts("127.0.0.1", 8000))


def test_the_watcher_passes_over_bytecode_and_hidden_files(tmp_path):
    """Importing the compiled templates may write __pycache__ beside them, in a watched
    folder: that is no change to rebuild for (nor are an editor's hidden files)."""
    from kapmail.preview.watch import changes

    stop, batches = threading.Event(), queue.Queue()

    def watch() -> None:
        for batch in changes([tmp_path], stop):
            batches.put(batch)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        time.sleep(1)  # the watcher's first scan
        (tmp_path / "__pycache__").mkdir()
        (tmp_path / "__pycache__" / "tmpl_x.cpython-311.pyc").write_bytes(b"\0")
        (tmp_path / "tmpl_y.pyc").write_bytes(b"\0")
        (tmp_path / ".partial.swp").write_text("x")
        time.sleep(1)
        (tmp_path / "partial.j2").write_text("edited")
        assert batches.get(timeout=10) == {(tmp_path / "partial.j2").resolve()}
    finally:
        stop.set()
        watcher.join(timeout=10)
