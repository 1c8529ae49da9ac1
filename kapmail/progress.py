"""Progress on long work, on a terminal only: never in a pipe, a file or with NO_COLOR set.

Click's progress bar, written to stderr so stdout stays what scripts read.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def shown() -> bool:
    """A bar is drawn only for a person watching: stderr a terminal and NO_COLOR unset."""
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


def counted(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    """`items` one by one, each counted on a bar of `length` steps (when `shown()`)."""
    if not shown():
        yield from items
        return
    with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
        yield from bar


@contextlib.contextmanager
def ticker(length: int, label: str) -> Iterator[Callable[[object], None]]:
    """A callback to call once per step done, for work inside a library call (a browser's
    screenshots); it ignores its argument."""
    if not shown():
        yield lambda _step: None
        return
    with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
        yield lambda _step: bar.update(1)
