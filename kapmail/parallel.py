"""A long series made in worker processes while the build takes the emails in order.

Rendering (Jinja2, mjml-python, premailer) and checking hold the GIL, so threads would not
help: each worker is a forked copy of the build that makes the emails it is given, by their
place in the series, and returns the result. The build takes them in the series' order, so
the files and the findings are byte for byte those of a serial build. A short series (fewer
than `MIN_EMAILS` to make) is made here: starting processes costs more than it saves. With
`warm`, the first email is made here before the workers start, so they are forked with its
imports, compiled templates, parsed stylesheet and matched chrome instead of each doing it
again.
`KAPMAIL_WORKERS=1` turns the workers off; without `fork` (not on Linux) they are off too. A
worker that fails gives nothing back and the email is made again here, so an error is
raised exactly as a serial build raises it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

T = TypeVar("T")

MIN_EMAILS = 24
MAX_WORKERS = 4
WORKERS_VARIABLE = "KAPMAIL_WORKERS"

# The work the forked workers do: set before the pool starts, read in the child.
_FORKED: list[Callable[[int], object]] = []


def workers(environ: Mapping[str, str] = os.environ) -> int:
    """How many worker processes: `KAPMAIL_WORKERS`, else one per core (at most 4)."""
    named = environ.get(WORKERS_VARIABLE, "").strip()
    if named.isdigit() and int(named) > 0:
        return min(int(named), MAX_WORKERS)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _run(index: int) -> object:
    """In a worker: the work for `index`, or None if it failed (the parent then does it
    again and raises the error itself)."""
    try:
        return _FORKED[0](index)
    except Exception:
        return None


def _run_here(work: Callable[[int], T], index: int) -> T | None:
    """The work for `index` done here, or None if it failed (it is done again, and its error
    raised, when the build reaches it)."""
    try:
        return work(index)
    except Exception:
        return None


class Ahead(Generic[T]):
    """`work(index)` for each of `indexes`, started in workers when there are enough."""

    def __init__(
        self,
        work: Callable[[int], T],
        indexes: Iterable[int],
        count: int | None = None,
        *,
        warm: bool = False,
    ) -> None:
        """`warm`: make the first of `indexes` here before the workers start (when the
        caller may do it first, before anything it stands behind)."""
        self.work = work
        wanted = list(indexes)
        self.futures: dict[int, Future[object]] = {}
        self.pool: ProcessPoolExecutor | None = None
        self.first: tuple[int, T | None] | None = None  # made here before the workers start
        count = workers() if count is None else count
        if len(wanted) < MIN_EMAILS or count < 2:
            return
        import multiprocessing  # only for a series long enough to use them
        from concurrent.futures import ProcessPoolExecutor

        if "fork" not in multiprocessing.get_all_start_methods():
            return
        if warm:  # forked after it: the workers start warm
            self.first = (wanted[0], _run_here(work, wanted[0]))
            wanted = wanted[1:]
        _FORKED[:] = [work]
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
        self.futures = {index: self.pool.submit(_run, index) for index in wanted}

    @property
    def parallel(self) -> bool:
        return self.pool is not None

    def get(self, index: int) -> tuple[T, bool]:
        """The work for `index` and whether a worker did it (else it was done here, now)."""
        if self.first is not None and self.first[0] == index:
            here, self.first = self.first[1], None
            return (self.work(index) if here is None else here), False
        future = self.futures.pop(index, None)
        done = future.result() if future is not None else None
        if done is None:
            return self.work(index), False
        return done, True  # type: ignore[return-value]  # what `work` returned, pickled

    def close(self) -> None:
        """Stop the workers (work not taken is dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _FORKED.clear()
