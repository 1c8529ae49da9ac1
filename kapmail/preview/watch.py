"""Watching a campaign's files for `kapmail preview --watch` (watchfiles, imported lazily)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

POLL_MS = 200  # polling: robust to editors that replace files, and to any file system
DEBOUNCE_MS = 300


def changes(
    paths: Iterable[Path], stop: threading.Event, *, ignore: Iterable[Path] = ()
) -> Iterator[set[Path]]:
    """Each batch of changed files under `paths` (files or folders) until `stop` is set;
    anything under `ignore` (the outbox), hidden temporary files, Python's bytecode and
    folders themselves are left out."""
    from watchfiles import watch

    ignored = tuple(p.resolve() for p in ignore)

    def wanted(_change: object, name: str) -> bool:
        path = Path(name).resolve()
        hidden = path.name.startswith(".") or path.name.endswith(("~", ".swp", ".tmp"))
        # Python's bytecode (the compiled templates' modules write theirs on first import),
        # and a folder whose list of files changed (the files themselves are reported)
        compiled = "__pycache__" in path.parts or path.suffix == ".pyc"
        if hidden or compiled or path.is_dir():
            return False
        return not any(path.is_relative_to(root) for root in ignored)

    roots = sorted({str(p) for p in paths if p.exists()})
    for batch in watch(
        *roots,
        watch_filter=wanted,
        stop_event=stop,
        force_polling=True,
        poll_delay_ms=POLL_MS,
        debounce=DEBOUNCE_MS,
        step=50,
        yield_on_timeout=False,
        raise_interrupt=False,
    ):
        yield {Path(name).resolve() for _, name in batch}
