"""Writing a campaign's files: all or nothing, never outside the output folder.

A campaign is written into a staging folder beside its destination and swapped into place
in one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames), so a build that
fails or is killed leaves the previous folder exactly as it was. One build at a time writes
into an output folder: `Staging` holds an exclusive `flock` on the resolved folder itself
from its start to its end (`folderlock`: a second build waits, or fails at once with
`wait=False`), and a staging folder left beside a destination is removed only when its
owner process is gone. A file the replaced folder already holds byte for byte is
hard-linked into the staging folder rather than written again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kapmail.errors import KapmailError
from kapmail.folderlock import locked

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


def new_file(folder: Path, name: str, *, what: str, hint: str) -> Path:
    """FOLDER/name for a file about to be made: refused when `what` is there already (never
    overwritten) or FOLDER is a file."""
    made = folder / name
    if made.exists():
        raise KapmailError(f"{what} already exists here", file=made, hint=hint)
    if folder.exists() and not folder.is_dir():
        raise KapmailError("this is a file, not a folder", file=folder, hint="name a new folder")
    return made


def target(out: Path, *parts: str) -> Path:
    """out/parts…, refusing anything that would land outside `out`."""
    base = out.resolve()
    path = base.joinpath(*parts).resolve()
    if path == base or base not in path.parents:
        raise KapmailError(f"refusing to write outside the output folder: {'/'.join(parts)}")
    return path


class Staging:
    """A folder being written: files go into `.<name>.tmp-<pid>-<token>` beside out/name,
    and `commit` swaps it into place; leaving the `with` block without a commit removes it.
    The output folder stays locked for the whole `with` block.

        with Staging(out, "kap-conditions") as staging:
            digest = staging.write("01-intro.html", data)
            folder = staging.commit()

    `wait`: when another build holds the output folder, wait for it (calling `on_wait`
    with a message first) or, when False, refuse at once.
    """

    def __init__(
        self,
        out: Path,
        name: str,
        *,
        wait: bool = True,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.out = out
        self.name = name
        self.wait = wait
        self.on_wait = on_wait
        self.dest: Path | None = None
        self.folder: Path | None = None
        self.made: list[Path] = []
        self.written: dict[str, str] = {}
        self.committed = False
        self.lock: Path | None = None
        self.stack = contextlib.ExitStack()

    def __enter__(self) -> Staging:
        dest = target(self.out.resolve(), self.name)
        # Folders this write creates, deepest first: removed again if it is never committed.
        self.made = [d for d in (dest.parent, *dest.parent.parents) if not d.exists()]
        self.committed = False
        self.written = {}
        try:
            out = prepare_out(self.out)
            self.lock = self.stack.enter_context(locked(out, wait=self.wait, on_wait=self.on_wait))
            self.dest = target(out, self.name)
            self.dest.parent.mkdir(parents=True, exist_ok=True)
            _recover(self.dest)
            token = f"{os.getpid()}-{secrets.token_hex(4)}"
            self.folder = self.dest.parent / f".{self.dest.name}.tmp-{token}"
            self.folder.mkdir()
        except OSError as exc:
            self.__exit__()
            raise KapmailError(f"cannot write output: {exc.strerror}", file=dest) from None
        except KapmailError:
            self.__exit__()
            raise
        return self

    def write(self, relative: str, content: bytes) -> str:
        """Write one file into the staging folder; returns the SHA-256 of what was written.

        A file the folder being replaced already holds with exactly these bytes (a regular
        file, not linked elsewhere) is hard-linked instead of written again: a rebuild that
        changed one email writes one email. `commit` reads every file back either way.
        """
        assert self.folder is not None, "use Staging in a with block"
        plain = relative not in {"", ".", ".."} and not {"/", os.sep, "\0"} & set(relative)
        # A plain name stays in the folder this build made; anything else is resolved.
        path = self.folder / relative if plain else target(self.folder, relative)
        try:
            if not plain:
                path.parent.mkdir(parents=True, exist_ok=True)
            if not self._kept(path, relative, content):
                path.write_bytes(content)
        except OSError as exc:
            raise KapmailError(f"cannot write output: {exc.strerror}", file=self.dest) from None
        digest = hashlib.sha256(content).hexdigest()
        self.written[relative] = digest
        return digest

    def _kept(self, path: Path, relative: str, content: bytes) -> bool:
        """Whether `relative` was linked from the folder being replaced, which holds these
        very bytes in a regular file of its own (never a symlink, never a shared inode)."""
        if self.dest is None:
            return False
        old = self.dest.joinpath(relative)
        try:
            found = os.lstat(old)
            if not (
                stat.S_ISREG(found.st_mode)
                and found.st_nlink == 1
                and found.st_size == len(content)
                and old.read_bytes() == content
            ):
                return False
            os.link(old, path, follow_symlinks=False)
        except OSError:
            return False
        return True

    def commit(self) -> Path:
        """Swap the staging folder into place: the old folder stays until the new is whole.

        Every file written must still be there, byte for byte, or nothing is swapped.
        """
        assert self.folder is not None and self.dest is not None, "use Staging in a with block"
        for relative, digest in self.written.items():
            path = self.folder / relative
            if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                raise KapmailError(
                    f"{relative} changed or vanished while the build wrote it",
                    file=self.dest,
                    hint="something else writes into this output folder; build again",
                )
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
        self.stack.close()  # releases the lock
        self.lock = None


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
    """Atomically swap two folders (Linux renameat2); False where unsupported. ctypes loads
    here, when a build replaces a folder: a rebuild with nothing changed never does."""
    import ctypes
    import ctypes.util

    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


def _recover(dest: Path) -> None:
    """Clear what a killed build left: staging folders whose owner process is gone (or a
    retired folder to restore). Called with the output folder locked."""
    for leftover in sorted(dest.parent.glob(f".{dest.name}.*-*")):
        kind, _, owner = leftover.name[len(dest.name) + 2 :].partition("-")
        if kind not in {"tmp", "old"} or _alive(owner.split("-")[0]):
            continue
        if kind == "old" and not dest.exists():
            leftover.rename(dest)
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Whether process `pid` (another than this one) still runs."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
