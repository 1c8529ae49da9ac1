"""Measure `kapmail send`: messages per second to an SMTP server on the loopback interface.

Run: .venv/bin/python benchmarks/send_speed.py [--messages 2000]
Sends the KAP series (8 emails) to enough readers for the given number of messages, through
the real command (checks, each reader's copy, the ledger's two committed writes per message,
one reused connection) to aiosmtpd on 127.0.0.1 in a process of its own (its Sink handler
drops what it receives). Then, for comparison, as many copies of one ready-made message of
the same size over the bare connection, and the time to build each reader's copy alone.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from kapmail import pipeline
from kapmail.cli import cli
from kapmail.config.schema import Smtp
from kapmail.send import personalise
from kapmail.send.recipients import Recipient
from kapmail.send.settings import settings
from kapmail.send.smtp import Mailer

ROOT = Path(__file__).resolve().parent.parent
CAMPAIGN = ROOT / "campaigns" / "kap-conditions"


def start_server() -> tuple[subprocess.Popen, int]:
    """aiosmtpd with its Sink handler on a free port of 127.0.0.1, once it accepts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
    server = subprocess.Popen([*command, "-l", f"127.0.0.1:{port}"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the SMTP server did not start")


def through_the_command(port: int, messages: int, folder: Path) -> float:
    readers = max(1, messages // 8)
    recipients = folder / "readers.csv"
    with recipients.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["email", "first_name"])
        writer.writerows([f"reader{i}@example.org", f"Reader {i}"] for i in range(readers))
    args = ["send", str(CAMPAIGN), "--recipients", str(recipients), "--live", "--plain"]
    args += ["--smtp-host", "127.0.0.1", "--smtp-port", str(port)]
    args += ["--ledger", str(folder / "sends.sqlite")]
    start = time.perf_counter()
    result = CliRunner().invoke(cli, args)
    elapsed = time.perf_counter() - start
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return elapsed


def bare_connection(port: int, messages: int, data: bytes) -> float:
    found = settings(Smtp(), host="127.0.0.1", port=port, security="none", environ={})
    start = time.perf_counter()
    with Mailer(found) as mailer:
        for i in range(messages):
            assert mailer.send("a@example.org", f"r{i}@example.org", data).ok
    return time.perf_counter() - start


def building(messages: int) -> float:
    """Seconds to make `messages` readers' copies (no network, no ledger)."""
    series = pipeline.plan(pipeline.load(CAMPAIGN))
    items = pipeline.Pass(series, pipeline.Target(personalise.PROFILE), check=False).run()
    now = dt.datetime.now(dt.UTC)
    start = time.perf_counter()
    for i in range(messages):
        item = items[i % len(items)]
        reader = Recipient(f"reader{i}@example.org", first_name="Reader")
        personalise.message(series.campaign, item.email, item.html, item.text, reader, now=now)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    sent = parser.parse_args().messages // 8 * 8
    server, port = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            elapsed = through_the_command(port, sent, Path(tmp))
            print(
                f"kapmail send: {sent} messages in {elapsed:.2f} s: {sent / elapsed:.0f} "
                "messages/s (loading, checks and the ledger included)"
            )
        size = 28_000
        data = b"Subject: x\r\n\r\n" + (b"y" * 74 + b"\r\n") * (size // 76)
        bare = bare_connection(port, sent, data)
        print(f"bare connection, {size // 1000} KB messages: {sent / bare:.0f} messages/s")
        built = building(sent)
        print(f"building readers' copies alone: {1000 * built / sent:.2f} ms each")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
