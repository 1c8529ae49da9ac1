"""The manual builds as a site: `mkdocs build --strict` (a broken link, a page missing from
the navigation or a missing snippet fails it), as `make test` runs it in CI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def test_mkdocs_build_strict_passes(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "checks" / "index.html").is_file()
    changelog = (tmp_path / "changelog" / "index.html").read_text()
    assert "Unreleased" in changelog  # CHANGELOG.md, included by the snippet
    shutil.rmtree(tmp_path)
