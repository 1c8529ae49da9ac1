"""The output folder's lock: one build at a time writes into an output folder. `locked`
holds an exclusive `flock` on the resolved folder itself for a block (re-entrant within one
thread); another build waits for it, or fails at once with `wait=False`."""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from kapmail.errors import KapmailError

_HELD = threading.local()  # this thread's locked folders -> how many `locked` blocks hold each


@contextlib.contextmanager
def locked(
    folder: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[Path]:
    """Hold the output folder's lock for the block; re-entrant within one thread (a snapshot
    holds it while the build it may run takes it again)."""
    key = folder.resolve()
    held: dict[Path, int] = _HELD.__dict__.setdefault("folders", {})
    if key in held:
        held[key] += 1
        try:
            yield key
        finally:
            held[key] -= 1
        return
    handle = lock_folder(key, wait=wait, on_wait=on_wait)
    held[key] = 1
    try:
        yield key
    finally:
        del held[key]
        os.close(handle)  # releases the flock


def lock_folder(
    folder: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> int:
    """An exclusive lock on `folder` (its resolved path): the open descriptor to close."""
    handle = os.open(folder.resolve(), os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            os.close(handle)
            raise KapmailError(
                "another kapmail build is writing into this output folder",
                file=folder,
                hint="wait for it to finish, or leave out --no-wait to wait for it",
            ) from None
        if on_wait is not None:
            on_wait(f"waiting for another kapmail build writing into {folder} to finish")
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle
