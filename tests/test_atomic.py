"""An interrupted build never damages what is already in the outbox."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import ROOT, make_campaign, snapshot


def long_article(version: str, sections: int = 300) -> str:
    parts = [f"Version {version} intro."]
    for n in range(1, sections + 1):
        parts += [f"{n}. Topic {n}", f"Paragraph for topic {n}, version {version}. " * 20]
    parts += ["Conclusion", "The end.", "Will you read it all?"]
    return "\n".join(parts) + "\n"


def test_sigkill_while_writing_leaves_the_previous_build(tmp_path: Path):
    folder = make_campaign(tmp_path, long_article("one"))
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)]).exit_code == 0
    before = {k: v for k, v in snapshot(out).items() if not k.startswith(".kapmail-cache/")}
    assert len(before) == 302 * 3 + 2  # html, txt and eml per email, manifest and index
    (folder / "article.txt").write_text(long_article("two"))

    killed_while_writing = False
    for _attempt in range(3):
        process = subprocess.Popen(
            [sys.executable, "-m", "kapmail", "build", str(folder), "--out", str(out)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while process.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(".campaign.tmp-") for p in out.iterdir()):
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.001)
        process.wait(timeout=60)
        if process.returncode == -signal.SIGKILL:
            killed_while_writing = True
            break
        # The build finished before we caught it writing: put version one back and retry.
        (folder / "article.txt").write_text(long_article("one"))
        CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
        (folder / "article.txt").write_text(long_article("two"))
    assert killed_while_writing
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == {"campaign"}
    assert snapshot(out / "campaign") == {k.removeprefix("campaign/"): v for k, v in before.items()}

    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [".kapmail-cache", "campaign"]
    assert b"version two" in (out / "campaign" / "002-topic-1.html").read_bytes()
