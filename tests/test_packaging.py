"""The wheel carries the templates, and a campaign can override any of them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kapmail.config import load_campaign
from tests.builds import build_in_memory
from tests.conftest import ROOT, make_campaign
from tests.html_text import visible_text

ARTICLE = "Intro.\n1. Alpha\nBody.\nWill you?\n"


def test_wheel_ships_templates_and_builds_outside_the_repository(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [wheel] = (tmp_path / "dist").glob("kapmail-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {"kapmail/templates/email.mjml.j2", "kapmail/templates/email.txt.j2"} <= names
        assert "kapmail/templates/partials/footer.mjml.j2" in names
        assert "kapmail/templates/_compiled/sources.json" in names  # compiled ahead of time
        assert any(n.startswith("kapmail/templates/_compiled/html/tmpl_") for n in names)
        archive.extractall(tmp_path / "site")
    (tmp_path / "work").mkdir()
    folder = make_campaign(tmp_path / "work", ARTICLE)
    script = (
        "import kapmail.render.environment as t, sys; "
        "from kapmail.cli import main; "
        "assert str(t.builtin_dir()).startswith(sys.argv[1]), t.builtin_dir(); "
        "sys.argv = ['kapmail', 'build', sys.argv[2], '--out', sys.argv[3]]; main()"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "site"), str(folder), str(tmp_path / "out")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "campaign" / "02-alpha.html").is_file()


def test_campaign_templates_override_the_shipped_ones(tmp_path: Path):
    folder = make_campaign(tmp_path, ARTICLE)
    (folder / "templates" / "partials").mkdir(parents=True)
    header = (ROOT / "templates/partials/header.mjml.j2").read_text()
    (folder / "templates/partials/header.mjml.j2").write_text(
        header.replace("Part {{ position }}", "Lesson {{ position }}")
    )
    (folder / "templates/email.txt.j2").write_text("Plain {{ email.title }}\n")
    built = build_in_memory(load_campaign(folder))
    assert "Lesson 2 of 2" in built.rendered[1].html  # the last section closes (issue 20)
    assert "Part 2 of 2" not in visible_text(built.rendered[1].html)
    assert built.rendered[1].text == "Plain Alpha\n"
    (tmp_path / "plain").mkdir()
    default = build_in_memory(load_campaign(make_campaign(tmp_path / "plain", ARTICLE)))
    assert "Part 2 of 2" in visible_text(default.rendered[1].html)
