"""An article is a regular file inside its campaign folder: a device, a FIFO or a link out
of the folder is one line, exit 2, nothing written."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import make_campaign
from tests.test_hostile import fails_cleanly, outbox  # noqa: F401 (fixture)

ARTICLE = "Intro.\n1) One\nText one.\n2) Two\nText two.\nConclusion\nEnd.\nWill you?\n"


def _replace_article(folder: Path, make: object) -> None:
    article = folder / "article.txt"
    article.unlink()
    assert callable(make)
    make(article)


def test_a_symlink_to_dev_zero_is_refused(tmp_path: Path, outbox: Path) -> None:  # noqa: F811
    folder = make_campaign(tmp_path, ARTICLE)
    _replace_article(folder, lambda p: p.symlink_to("/dev/zero"))
    fails_cleanly(["build", str(folder)], outbox, "article.txt", "not a regular file (a device)")


def test_dev_zero_as_a_bare_article_is_refused(tmp_path: Path, outbox: Path) -> None:  # noqa: F811
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    fails_cleanly(["build", str(link)], outbox, "zero.txt", "not a regular file (a device)")


def test_a_fifo_is_refused_without_waiting_for_a_writer(
    tmp_path: Path,
    outbox: Path,  # noqa: F811
) -> None:
    folder = make_campaign(tmp_path, ARTICLE)
    _replace_article(folder, os.mkfifo)
    fails_cleanly(
        ["build", str(folder)], outbox, "article.txt", "not a regular file (a named pipe)"
    )


def test_a_symlink_out_of_the_campaign_folder_is_refused(
    tmp_path: Path,
    outbox: Path,  # noqa: F811
) -> None:
    folder = make_campaign(tmp_path, ARTICLE)
    secret = tmp_path / "elsewhere.txt"
    secret.write_text(ARTICLE)
    _replace_article(folder, lambda p: p.symlink_to(secret))
    fails_cleanly(
        ["build", str(folder)], outbox, "article.txt", "leads outside the campaign folder"
    )


def test_a_symlink_inside_the_campaign_folder_is_read(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kapmail.cli import cli

    folder = make_campaign(tmp_path, ARTICLE)
    (folder / "real.txt").write_text(ARTICLE)
    _replace_article(folder, lambda p: p.symlink_to(folder / "real.txt"))
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    assert len(list((tmp_path / "out").glob("*/manifest.json"))) == 1
