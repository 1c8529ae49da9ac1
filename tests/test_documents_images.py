"""The pictures of a Word document and of a Google Docs export, end to end: read, resized,
written to the outbox once and shown from `[images] base_url` (#11)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import copy_org
from tests.documents import ARTICLES, png, sleep_docx, zipped

BASE_URL = "https://cdn.example.org/sleep"
ALT = "A notebook on a bedside table"


def docx_article(root: Path) -> Path:
    path = root / "sleep.docx"
    path.write_bytes(sleep_docx(picture=png(1400, 700), description=ALT))
    return path


def google_zip(root: Path) -> Path:
    page = (ARTICLES / "google-docs-sleep.html").read_bytes()
    path = root / "sleep.zip"
    path.write_bytes(zipped({"sleep.html": page, "images/image1.png": png(1400, 700)}))
    return path


@pytest.fixture(params=[docx_article, google_zip], ids=["docx", "google-docs-zip"])
def article(request, tmp_path: Path) -> Path:
    copy_org(tmp_path)
    return request.param(tmp_path)


def build(article: Path, out: Path):
    return CliRunner().invoke(cli, ["build", str(article), "--out", str(out)])


def with_base_url(article: Path) -> None:
    org = article.parent / "kapmail.toml"
    org.write_text(org.read_text() + f'\n[images]\nbase_url = "{BASE_URL}/"\n')


def test_the_picture_is_written_once_and_shown_from_base_url(article: Path, tmp_path: Path):
    with_base_url(article)
    result = build(article, tmp_path / "out")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "sleep"
    [written] = list((folder / "images").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    htmls = [(folder / e["html"]).read_text() for e in manifest["emails"]]
    shown = [h for h in htmls if written.name in h]
    assert len(shown) == 1
    img = re.search(rf'<img [^>]*src="{re.escape(BASE_URL)}/{written.name}"[^>]*>', shown[0])
    assert img is not None, shown[0]
    assert f'alt="{ALT}"' in img.group(0)
    assert 'width="536"' in img.group(0) and 'height="268"' in img.group(0)
    assert written.read_bytes().startswith(b"\x89PNG")
    assert written.stat().st_size > 0


def test_without_base_url_the_series_is_a_draft_naming_the_key(article: Path, tmp_path: Path):
    result = build(article, tmp_path / "out")
    assert result.exit_code == 1
    assert "F17" in result.output and "[images] base_url" in result.output
    assert (tmp_path / "out" / "sleep" / "images").is_dir()


def test_a_picture_without_a_description_is_an_a9_error_at_its_paragraph(tmp_path: Path):
    """A9 names the picture; in a Word document findings count paragraphs, not lines."""
    copy_org(tmp_path)
    path = tmp_path / "sleep.docx"
    path.write_bytes(sleep_docx(picture=png(40, 30), description=""))
    with_base_url(path)
    result = build(path, tmp_path / "out")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "A9" in line)
    assert "picture 1" in line and re.search(r"sleep\.docx paragraph \d+", line), line
    assert not re.search(r"sleep\.docx:\d", result.output)
    manifest = json.loads((tmp_path / "out/sleep/manifest.json").read_text())
    [finding] = [f for f in manifest["findings"] if f["rule"] == "A9"]
    assert finding["unit"] == "paragraph" and finding["where"].endswith("sleep.docx paragraph 16")
