"""`kapmail snapshot` in real Chromium: one valid PNG per email and width, and a contact sheet."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kapmail.cli import cli
from tests.conftest import KAP_CAMPAIGN

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EMAILS = 8  # the KAP series
INSTALL_HINT = "pip install 'kapmail[browser]' and apt-get install chromium"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from the IHDR chunk, after checking the PNG signature."""
    head = path.read_bytes()[:24]
    assert head[:8] == PNG_SIGNATURE, f"{path.name} is not a PNG"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def snapshot(*args: str) -> Result:
    return CliRunner().invoke(cli, ["snapshot", str(KAP_CAMPAIGN), *args])


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder: the build goes to its outbox/, as from a user's project folder."""
    return tmp_path_factory.mktemp("snapshot")


@pytest.fixture(scope="module")
def light(chromium: str, workdir: Path) -> Path:
    """The default widths (375 and 600), light, into --out."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(workdir)
        patch.setenv("KAPMAIL_CHROMIUM", chromium)
        result = snapshot("--out", str(workdir / "light"))
    assert result.exit_code == 0, result.output
    return workdir / "light"


@pytest.mark.browser
def test_one_png_per_email_and_width_plus_the_contact_sheet(light: Path):
    pngs = sorted(light.glob("*.png"))
    assert len(pngs) == EMAILS * 2 + 1
    for width in (375, 600):
        shots = sorted(light.glob(f"[0-9][0-9]-*-{width}.png"))
        assert [p.name[:2] for p in shots] == [f"{n:02d}" for n in range(1, EMAILS + 1)]
        for shot in shots:
            shot_width, height = png_size(shot)
            assert shot_width == width
            assert height > 800  # full page, not the viewport
    sheet_width, _ = png_size(light / "contact-sheet.png")
    assert sheet_width > EMAILS * 600  # every email side by side


@pytest.mark.browser
def test_dark_is_the_default_folder_and_differs_from_light(chromium, light, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("KAPMAIL_CHROMIUM", chromium)
    result = snapshot("--width", "375", "--dark")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output  # the light run's build is reused, not rebuilt
    folder = workdir / "outbox" / "kap-conditions" / "snapshots"
    dark = sorted(folder.glob("*-375-dark.png"))
    assert len(dark) == EMAILS
    assert (folder / "contact-sheet-dark.png").is_file()
    assert not list(folder.glob("*-375.png"))  # light files only when asked for
    for shot in dark:
        assert png_size(shot)[0] == 375
        twin = light / shot.name.replace("-dark.png", ".png")
        assert shot.read_bytes() != twin.read_bytes()


@pytest.mark.browser
def test_scale_two_doubles_the_pixels(chromium, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("KAPMAIL_CHROMIUM", chromium)
    out = workdir / "retina"
    result = snapshot("--width", "375", "--scale", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    shots = sorted(out.glob("*-375.png"))
    assert len(shots) == EMAILS
    assert {png_size(shot)[0] for shot in shots} == {750}


def test_a_missing_chromium_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KAPMAIL_CHROMIUM", str(tmp_path / "no-such-chromium"))
    result = snapshot("--out", str(tmp_path / "shots"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "no-such-chromium" in lines[0] and INSTALL_HINT in lines[0]
    assert not (tmp_path / "shots").exists() and not (tmp_path / "outbox").exists()


def test_a_missing_playwright_is_one_line_and_exit_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)  # import fails
    result = snapshot()
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"kapmail: error: snapshots need Playwright ({INSTALL_HINT})")
    assert not (tmp_path / "outbox").exists()


def test_widths_are_checked_before_anything_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = snapshot("--width", "20")
    assert result.exit_code == 2
    assert "--width" in result.stderr
    assert not (tmp_path / "outbox").exists()
