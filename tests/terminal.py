"""kapmail run on a real pseudo-terminal, as a person at a keyboard runs it."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path


def on_a_terminal(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    typed: Sequence[str] = (),
    env: Mapping[str, str] | None = None,
) -> tuple[int, str]:
    """`kapmail *args` with a pseudo-terminal for stdin, stdout and stderr, each of `typed`
    entered as a line: its exit code and all it showed."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kapmail", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        close_fds=True,
    )
    os.close(slave)
    if typed:
        os.write(master, "".join(line + "\n" for line in typed).encode())
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        seen += chunk
    code = process.wait(timeout=120)
    os.close(master)
    return code, seen.decode(errors="replace")
