"""Issue 22: long work shows a progress bar on a terminal (a real pseudo-terminal here), and
nothing of it in a pipe or with NO_COLOR set."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import MINIMAL_CAMPAIGN, make_campaign
from tests.terminal import on_a_terminal

ARTICLE = "Sleep\n\nIntro.\n\n1. Alpha\n\nBody of alpha.\n\n2. Beta\n\nBody of beta.\n"


def test_build_and_export_show_a_bar_on_a_terminal(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN)
    _, shown = on_a_terminal(["build", str(folder), "--out", str(tmp_path / "out")], cwd=tmp_path)
    assert "building campaign" in shown and "100%" in shown
    _, exported = on_a_terminal(
        ["export", str(folder), "--platform", "brevo", "--out", str(tmp_path / "x"), "--force"],
        cwd=tmp_path,
    )
    assert "exporting campaign" in exported


def test_no_bar_with_no_color_or_in_a_pipe(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN)
    args = ["build", str(folder), "--out", str(tmp_path / "out")]
    _, shown = on_a_terminal(args, cwd=tmp_path, env={"NO_COLOR": "1"})
    assert "building campaign" not in shown
    piped = subprocess.run(
        [sys.executable, "-m", "kapmail", *args], capture_output=True, text=True, check=False
    )
    assert "built 3 emails" in piped.stdout  # intro, Alpha, Beta (Beta closes: no conclusion)
    assert "building" not in piped.stdout + piped.stderr
