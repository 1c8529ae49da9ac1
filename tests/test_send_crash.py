"""A send killed with SIGKILL in the middle, then run again: every message once, apart from
at most the one in flight, which the ledger reports as uncertain."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.send.ledger import Ledger
from tests.conftest import KAP_CAMPAIGN, ROOT
from tests.smtp_server import Inbox, loopback
from tests.test_send import write_csv

READERS = 30


@pytest.mark.parametrize("arrived_before_the_kill", [False, True], ids=["lost", "arrived"])
def test_a_killed_send_resumes_and_sends_nothing_twice(
    tmp_path: Path, arrived_before_the_kill: bool
):
    """The 9th message is in flight when the sender is killed: the server has not stored it
    ("lost"), or stored it but the kill came before its reply ("arrived")."""
    recipients = write_csv(
        tmp_path / "list.csv", [(f"r{i:02d}@example.org", f"R{i}", "") for i in range(READERS)]
    )
    ledger = tmp_path / "sends.sqlite"
    inbox = Inbox(hold_at=9, store_held=arrived_before_the_kill)
    with loopback(inbox, lifetime=60) as server:
        argv = ["send", str(KAP_CAMPAIGN), "--recipients", str(recipients), "--only", "2"]
        argv += ["--live", "--plain", "--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)]
        argv += ["--ledger", str(ledger), "--rate", "25"]
        process = subprocess.Popen(
            [sys.executable, "-m", "kapmail", *argv],
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            assert inbox.holding.wait(timeout=30), "the sender never reached message 9"
            assert process.poll() is None
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=10)
        assert process.returncode == -signal.SIGKILL
        assert inbox.count() == (9 if arrived_before_the_kill else 8)

        rerun = CliRunner().invoke(cli, argv)
        assert rerun.exit_code == 0, rerun.output

        with Ledger.open(ledger, write=False) as book:
            rows = book.rows()
        uncertain = {row.recipient for row in rows if row.uncertain}
        sent = {row.recipient for row in rows if row.state == "sent"}
        arrived = [m.recipients[0] for m in inbox.received]
        everyone = {f"r{i:02d}@example.org" for i in range(READERS)}

        assert len(arrived) == len(set(arrived)), "a message arrived twice"
        assert uncertain == {"r08@example.org"}  # the 9th, in flight when killed
        assert sent == everyone - uncertain
        assert set(arrived) == (everyone if arrived_before_the_kill else sent)
        assert "21 sent, 8 skipped (8 already sent), 0 failed, 1 uncertain" in rerun.output
        assert "uncertain: #2 to r08@example.org" in rerun.stderr
        shown = CliRunner().invoke(cli, ["sends", "--ledger", str(ledger)])
        assert "r08@example.org  live  uncertain" in shown.output
        assert "1 uncertain:" in shown.output

        # After a look at the mailbox, --retry-uncertain sends it; had it arrived, it arrives
        # again with the same Message-ID, which mail programs recognise as a duplicate.
        retried = CliRunner().invoke(cli, [*argv, "--retry-uncertain"])
        assert retried.exit_code == 0, retried.output
        assert "1 sent, 29 skipped (29 already sent), 0 failed, 0 uncertain" in retried.output
        copies = [m.headers for m in inbox.received if m.recipients == ["r08@example.org"]]
        assert len(copies) == (2 if arrived_before_the_kill else 1)
        assert len({copy["Message-ID"] for copy in copies}) == 1
