"""A rebuild links the files the replaced folder already holds byte for byte instead of
writing them again; anything else (changed bytes, a symlink, a file linked elsewhere) is
written afresh, and the folder's bytes are what a fresh build writes."""

from __future__ import annotations

import os
from pathlib import Path

from kapmail.outbox import Staging


def _build(out: Path, files: dict[str, bytes]) -> Path:
    with Staging(out, "series") as staging:
        for name, content in files.items():
            staging.write(name, content)
        return staging.commit()


def test_unchanged_files_are_linked_and_changed_ones_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = {"01-a.html": b"<p>one</p>", "02-b.html": b"<p>two</p>", "images/x.png": b"PNG"}
    folder = _build(out, first)
    inodes = {name: (folder / name).stat().st_ino for name in first}
    second = {**first, "02-b.html": b"<p>two, changed</p>"}
    assert _build(out, second) == folder
    assert {name: (folder / name).read_bytes() for name in second} == second
    assert (folder / "01-a.html").stat().st_ino == inodes["01-a.html"]  # linked
    assert (folder / "02-b.html").stat().st_ino != inodes["02-b.html"]  # written
    assert all((folder / name).stat().st_nlink == 1 for name in second)  # the old folder gone


def test_a_symlink_or_a_file_linked_elsewhere_is_never_linked(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside.html"
    outside.write_bytes(b"<p>one</p>")
    folder = _build(out, {"01-a.html": b"<p>one</p>", "02-b.html": b"<p>two</p>"})
    (folder / "01-a.html").unlink()
    (folder / "01-a.html").symlink_to(outside)
    elsewhere = tmp_path / "kept-copy.html"
    os.link(folder / "02-b.html", elsewhere)
    _build(out, {"01-a.html": b"<p>one</p>", "02-b.html": b"<p>two</p>"})
    assert not (folder / "01-a.html").is_symlink()
    assert (folder / "01-a.html").stat().st_ino != outside.stat().st_ino
    assert (folder / "02-b.html").stat().st_ino != elsewhere.stat().st_ino
    assert outside.stat().st_nlink == 1 and elsewhere.stat().st_nlink == 1
