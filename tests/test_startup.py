"""Start-up stays light: help and version never import the rendering stack.

Each command runs in a fresh interpreter under `-X importtime`, which lists every module imported
on stderr, so a heavy import anywhere on the path (even a transitive one) is caught.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

HEAVY = (
    "premailer",
    "mjml",
    "lxml",
    "cssutils",
    "jinja2",
    "requests",
    "markupsafe",
    "playwright",
    "PIL",
)

LIGHT_COMMANDS = (
    ["--help"],
    ["--version"],
    ["build", "--help"],
    ["check", "--help"],
    ["export", "--help"],
    ["schedule", "--help"],
    ["send", "--help"],
    ["sends", "--help"],
    ["unsubscribe", "verify", "--help"],
    ["snapshot", "--help"],
    ["preview", "--help"],
    ["new", "--help"],
    ["init", "--help"],
)


def imported_modules(importtime_stderr: str) -> set[str]:
    """Module names from `import time: self [us] | cumulative | name` lines (header skipped)."""
    names = set()
    for line in importtime_stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        columns = line.removeprefix("import time:").split("|")
        if len(columns) != 3 or not columns[0].strip().isdigit():
            continue
        names.add(columns[2].strip())
    return names


def run_importtime(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the interpreter with `-X importtime` and args, from the repository root."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_parser_finds_a_known_import():
    result = run_importtime("-c", "import json")
    assert result.returncode == 0, result.stderr
    names = imported_modules(result.stderr)
    assert "json" in names
    assert "json.decoder" in names
    assert not any(name.startswith((" ", "import time")) for name in names)


@pytest.mark.parametrize("args", LIGHT_COMMANDS, ids=" ".join)
def test_light_commands_skip_heavy_imports(args: list[str]):
    command = "python -m kapmail " + " ".join(args)
    result = run_importtime("-m", "kapmail", *args)
    assert result.returncode == 0, f"{command} exited {result.returncode}:\n{result.stderr[-2000:]}"
    assert result.stdout.strip(), f"{command} printed nothing"
    imported = imported_modules(result.stderr)
    assert imported, f"{command}: no -X importtime output was parsed"
    heavy = sorted({name.split(".")[0] for name in imported} & set(HEAVY))
    assert not heavy, f"{command} imports {', '.join(heavy)}; import them lazily"
