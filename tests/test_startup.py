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


# What a build imports depends on what it builds (issue 25): the readers and Pillow only
# for their articles, the rules only when checking, the export and calendar code never.
NOT_FOR_PLAIN_TEXT = ("PIL", "mammoth", "markdown_it", "icalendar", "watchfiles")
READERS = ("kapmail.content.html", "kapmail.content.word", "kapmail.content.markdown")


def _build_imports(*args: str) -> set[str]:
    result = run_importtime("-m", "kapmail", "build", *args)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    imported = imported_modules(result.stderr)
    assert "premailer" in imported  # it did render
    return imported


def _families(imported: set[str]) -> set[str]:
    from kapmail.checks import FAMILIES

    return {name for name in imported if name.removeprefix("kapmail.checks.") in FAMILIES}


def test_a_plain_text_build_without_checks_imports_no_reader_picture_or_rule(tmp_path: Path):
    imported = _build_imports("campaigns/kap-conditions", "--out", str(tmp_path), "--no-check")
    assert not {name.split(".")[0] for name in imported} & set(NOT_FOR_PLAIN_TEXT)
    assert not imported & set(READERS)
    assert not _families(imported)


def test_checking_imports_the_rules_and_still_no_reader(tmp_path: Path):
    imported = _build_imports("campaigns/kap-conditions", "--out", str(tmp_path))
    assert "kapmail.checks.accessibility" in _families(imported)
    assert not {name.split(".")[0] for name in imported} & set(NOT_FOR_PLAIN_TEXT)
    assert not imported & set(READERS)


def test_markdown_with_a_picture_imports_markdown_it_and_pillow(tmp_path: Path):
    from PIL import Image

    from tests.conftest import make_campaign

    article = (
        "# Pictures\n\nAn opening paragraph.\n\n## One\n\nText of one.\n\n"
        "![A grey square](images/square.png)\n\n## Two\n\nText of two.\n"
    )
    folder = make_campaign(tmp_path, article, name="article.md")
    (folder / "images").mkdir()
    Image.new("RGB", (40, 40), (120, 120, 120)).save(folder / "images" / "square.png")
    imported = _build_imports(str(folder), "--out", str(tmp_path / "out"), "--no-check")
    top = {name.split(".")[0] for name in imported}
    assert {"PIL", "markdown_it"} <= top
    assert "mammoth" not in top and "kapmail.content.word" not in imported


def test_every_module_that_registers_rules_is_loaded_with_the_registry():
    """`kapmail.checks.REGISTRY` imports the modules in FAMILIES on first use: a module of
    rules left out of it would never run."""
    import kapmail.checks as checks

    folder = Path(checks.__file__).parent
    registering = {p.stem for p in folder.glob("*.py") if "@REGISTRY.rule(" in p.read_text()}
    assert registering == set(checks.FAMILIES)
