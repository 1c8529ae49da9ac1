"""Writing a campaign's files: all or nothing, never outside the output folder.

A campaign is written into a staging folder beside its destination and swapped into place
in one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames), so a build that
fails or is killed leaves the previous folder exactly as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from kapmail.errors import KapmailError

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def to_json(data: Any) -> bytes:
    """Stable, readable JSON bytes (sorted keys, UTF-8, final newline)."""
    return (json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def prepare_out(out: Path) -> Path:
    """Create the output folder if needed; refuse a file or an unwritable folder."""
    if out.exists() and not out.is_dir():
        raise KapmailError("--out is a file, not a folder", file=out, hint="name a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KapmailError(
            f"cannot create output folder: {exc.strerror}", file=out, hint="choose another --out"
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise KapmailError("output folder is not writable", file=out, hint="choose another --out")
    return out.resolve()


def target(out: Path, *parts: str) -> Path:
    """out/parts…, refusing anything that would land outside `out`."""
    base = out.resolve()
    path = base.joinpath(*parts).resolve()
    if path == base or base not in path.parents:
        raise KapmailError(f"refusing to write outside the output folder: {'/'.join(parts)}")
    return path


class Staging:
    """A folder being written: files go into `.<name>.tmp-<pid>` beside out/name, and
    `commit` swaps it into place; leaving the `with` block without a commit removes it.

        with Staging(out, "kap-conditions") as staging:
            digest = staging.write("01-intro.html", data)
            folder = staging.commit()
    """

    def __init__(self, out: Path, name: str) -> None:
        self.out = out
        self.name = name
        self.dest: Path | None = None
        self.folder: Path | None = None
        self.made: list[Path] = []
        self.committed = False

    def __enter__(self) -> Staging:
        dest = target(self.out.resolve(), self.name)
        # Folders this write creates, deepest first: removed again if it is never committed.
        self.made = [d for d in (dest.parent, *dest.parent.parents) if not d.exists()]
        self.committed = False
        try:
            self.dest = target(prepare_out(self.out), self.name)
            self.dest.parent.mkdir(parents=True, exist_ok=True)
            _recover(self.dest)
            self.folder = self.dest.parent / f".{self.dest.name}.tmp-{os.getpid()}"
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir()
        except OSError as exc:
            self.__exit__()
            raise KapmailError(f"cannot write output: {exc.strerror}", file=dest) from None
        except KapmailError:
            self.__exit__()
            raise
        return self

    def write(self, relative: str, content: bytes) -> str:
        """Write one file into the staging folder; returns the SHA-256 of what was written."""
        assert self.folder is not None, "use Staging in a with block"
        path = target(self.folder, relative)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        except OSError as exc:
            raise KapmailError(f"cannot write output: {exc.strerror}", file=self.dest) from None
        return hashlib.sha256(content).hexdigest()

    def commit(self) -> Path:
        """Swap the staging folder into place: the old folder stays until the new is whole."""
        assert self.folder is not None and self.dest is not None, "use Staging in a with block"
        try:
            _swap_into_place(self.folder, self.dest)
        except OSError as exc:
            raise KapmailError(f"cannot write output: {exc.strerror}", file=self.dest) from None
        self.committed = True
        return self.dest

    def __exit__(self, *exc_info: object) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        if not self.committed:
            for folder in self.made:
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if still empty


def _swap_into_place(staging: Path, dest: Path) -> None:
    """Make `staging` become `dest`; whatever was at `dest` ends up at `staging`."""
    if not dest.exists():
        staging.rename(dest)
    elif not _exchange(staging, dest):
        retired = dest.parent / f".{dest.name}.old-{os.getpid()}"
        dest.rename(retired)
        staging.rename(dest)
        retired.rename(staging)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders (Linux renameat2); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def _recover(dest: Path) -> None:
    """Clear what a killed build left: staging folders, or a retired folder to restore."""
    for leftover in sorted(dest.parent.glob(f".{dest.name}.*-*")):
        kind = leftover.name[len(dest.name) + 2 :].split("-", 1)[0]
        if kind == "old" and not dest.exists():
            leftover.rename(dest)
        elif kind in {"tmp", "old"}:
            shutil.rmtree(leftover, ignore_errors=True)


def write_file(path: Path, content: bytes) -> Path:
    """Write one file atomically (a temporary file beside it, then a rename)."""
    if path.is_dir():
        raise KapmailError("this is a folder, not a file", file=path, hint="name a file")
    partial = path.parent / f".{path.name}.tmp-{os.getpid()}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(content)
        partial.replace(path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KapmailError(f"cannot write: {exc.strerror}", file=path) from None
    return path
