"""Builds into one output folder take turns: every committed folder is whole and its
manifest true, a second build waits (or fails at once with --no-wait), and a live build's
staging folder is never removed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.folderlock import lock_folder
from kapmail.outbox import Staging
from tests.conftest import ROOT, make_campaign

WAITING = "waiting for another kapmail build"


def article(sections: int = 40) -> str:
    """An article of `sections` sections: 42 emails with the intro and the conclusion."""
    parts = ["Intro for every reader."]
    for n in range(1, sections + 1):
        parts += [f"{n}. Topic {n}", f"Paragraph about topic {n}. " * 12]
    parts += ["Conclusion", "The end.", "Will you read them all?"]
    return "\n".join(parts) + "\n"


def start_build(folder: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kapmail", "build", str(folder), "--out", str(out), *extra],
        cwd=folder.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def assert_whole(out: Path, name: str = "campaign") -> int:
    """The committed folder holds exactly what its manifest lists, byte for byte."""
    folder = out / name
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {"manifest.json", "index.html"}
    for entry in manifest["emails"]:
        for file, digest in entry["files"].items():
            assert hashlib.sha256((folder / file).read_bytes()).hexdigest() == digest, file
            listed.add(file)
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}
    assert on_disk == listed
    assert sorted(p.name for p in out.iterdir()) == [".kapmail-cache", name]  # no staging left
    return len(manifest["emails"])


def test_two_builds_at_once_many_times_commit_whole_folders(tmp_path: Path) -> None:
    folder = make_campaign(tmp_path, article())
    out = tmp_path / "out"
    for _round in range(6):
        builds = [start_build(folder, out, "--no-check") for _ in range(2)]
        results = [build.communicate() for build in builds]
        assert [build.returncode for build in builds] == [0, 0], results
        assert assert_whole(out) == 42
    # The lock is not a matter of luck: hold it here while two builds start.
    for _round in range(2):
        lock = lock_folder(out)
        builds = [start_build(folder, out, "--no-check") for _ in range(2)]
        assert builds[0].stderr is not None and builds[1].stderr is not None
        assert all(WAITING in build.stderr.readline() for build in builds)  # both blocked
        os.close(lock)
        results = [build.communicate() for build in builds]
        assert [build.returncode for build in builds] == [0, 0], results
        assert assert_whole(out) == 42


def test_no_wait_fails_at_once_in_one_line(tmp_path: Path) -> None:
    folder = make_campaign(tmp_path, article(3))
    out = tmp_path / "out"
    out.mkdir()
    lock = lock_folder(out)  # as another process's build holds it
    try:
        result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out), "--no-wait"])
    finally:
        os.close(lock)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "another kapmail build is writing into this output folder" in line
    assert [p.name for p in out.iterdir()] == []  # the build waited for nothing


def test_a_live_builds_staging_folder_is_kept_a_dead_ones_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    dead = out / f".campaign.tmp-{gone.stdout.strip()}-dead"
    live = out / f".campaign.tmp-{os.getppid()}-live"
    for staging in (dead, live):
        staging.mkdir()
        (staging / "01-intro.html").write_text("partial")
    with Staging(out, "campaign") as staging:
        staging.write("a.txt", b"a")
        staging.commit()
    assert not dead.exists()
    assert (live / "01-intro.html").read_text() == "partial"
