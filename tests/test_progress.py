"""Issue 22: long work shows a progress bar on a terminal (a real pseudo-terminal here), and
nothing of it in a pipe or with NO_COLOR set."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL_CAMPAIGN, make_campaign

ARTICLE = "Sleep\n\nIntro.\n\n1. Alpha\n\nBody of alpha.\n\n2. Beta\n\nBody of beta.\n"


def on_a_terminal(args: list[str], cwd: Path, **env: str) -> str:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kapmail", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, **env},
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait(timeout=120)
    os.close(master)
    return seen.decode(errors="replace")


def test_build_and_export_show_a_bar_on_a_terminal(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN)
    shown = on_a_terminal(["build", str(folder), "--out", str(tmp_path / "out")], tmp_path)
    assert "building campaign" in shown and "100%" in shown
    exported = on_a_terminal(
        ["export", str(folder), "--platform", "brevo", "--out", str(tmp_path / "x"), "--force"],
        tmp_path,
    )
    assert "exporting campaign" in exported


def test_no_bar_with_no_color_or_in_a_pipe(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN)
    args = ["build", str(folder), "--out", str(tmp_path / "out")]
    assert "building campaign" not in on_a_terminal(args, tmp_path, NO_COLOR="1")
    piped = subprocess.run(
        [sys.executable, "-m", "kapmail", *args], capture_output=True, text=True, check=False
    )
    assert "built 3 emails" in piped.stdout  # intro, Alpha, Beta (Beta closes: no conclusion)
    assert "building" not in piped.stdout + piped.stderr
