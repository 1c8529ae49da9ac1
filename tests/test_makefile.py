"""Issue 22: `make` checks the interpreter against requires-python before making .venv, in
one line, and makes again a .venv that a too-old Python made."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

OLD = '#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Python 3.10.12"; exit 0; fi\nexit 1\n'


def needed() -> str:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    return re.sub(r"^>=", "", spec)


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        check=False,
    )


def old_python(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(OLD)
    path.chmod(0o755)
    return path


def test_a_too_old_interpreter_fails_in_one_line_naming_the_version(tmp_path):
    venv = tmp_path / "venv"
    result = make("demo", f"PYTHON={old_python(tmp_path / 'python3.10')}", f"VENV={venv}")
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"needs Python {needed()} or newer" in lines[0] and "Python 3.10.12" in lines[0]
    assert not venv.exists()


def test_a_venv_made_by_a_too_old_python_is_made_again(tmp_path):
    venv = tmp_path / "venv"
    old_python(venv / "bin" / "python")  # what a Python 3.10 left behind
    result = make("venv", f"PYTHON={sys.executable}", f"VENV={venv}")
    assert result.returncode == 0, result.stderr
    assert "made by an older Python" in result.stdout
    version = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import sys; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert version.strip() == str(sys.version_info[:2])
