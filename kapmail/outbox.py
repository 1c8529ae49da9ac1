"""Writing a campaign's files: all or nothing, never outside the output folder."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kapmail.errors import KapmailError


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
        raise KapmailError(f"cannot create output folder: {exc.strerror}", file=out) from None
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


def write_folder(out: Path, name: str, files: Mapping[str, bytes]) -> Path:
    """Write `files` into out/name atomically: the old folder stays until the new is whole."""
    out = prepare_out(out)
    dest = target(out, name)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = dest.parent / f".{dest.name}.tmp-{os.getpid()}"
    retired = dest.parent / f".{dest.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for relative, content in sorted(files.items()):
            path = target(staging, relative)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if dest.exists():
            dest.rename(retired)
        staging.rename(dest)
    except OSError as exc:
        if retired.exists() and not dest.exists():
            retired.rename(dest)
        raise KapmailError(f"cannot write output: {exc.strerror}", file=dest) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return dest


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
