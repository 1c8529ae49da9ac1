"""A long series rendered in worker processes while the build checks, in order.

Rendering (Jinja2, mjml-python, premailer) holds the GIL, so threads would not help: each
worker is a forked copy of this process that renders the emails it is given by their place
in the series and returns their HTML, text and MJML. The build takes them in the series'
order and checks each one itself, so the files and the findings are byte for byte those of
a serial build. A short series (fewer than `MIN_EMAILS` to render) renders here: starting a
process costs more than it saves. `KAPMAIL_WORKERS=1` turns it off; without `fork` (not on
Linux) it is off too. A worker that fails gives nothing back, and the email is rendered
again here, so any error is raised as a serial build raises it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from kapmail.plan import Series
from kapmail.render.compose import Rendered, render_email

MIN_EMAILS = 24
MAX_WORKERS = 4
WORKERS_VARIABLE = "KAPMAIL_WORKERS"

# The series the forked workers render from: set before the pool starts, read in the child.
_FORKED: list[Series] = []


def workers(environ: os._Environ[str] | dict[str, str] = os.environ) -> int:
    """How many worker processes: `KAPMAIL_WORKERS`, else one per core (at most 4)."""
    named = environ.get(WORKERS_VARIABLE, "").strip()
    if named.isdigit() and int(named) > 0:
        return min(int(named), MAX_WORKERS)
    return min(os.cpu_count() or 1, MAX_WORKERS)


def _render_at(index: int) -> tuple[str, str, str] | None:
    """In a worker: the email at `index` rendered, or None if it failed (the parent then
    renders it again and raises the error itself)."""
    series = _FORKED[0]
    try:
        rendered = render_email(series.emails[index], series.campaign)
    except Exception:
        return None
    return rendered.html, rendered.text, rendered.mjml


class Renders:
    """The renders of a series' emails at `indexes`, started in workers when that pays."""

    def __init__(self, series: Series, indexes: Sequence[int], count: int | None = None) -> None:
        self.series = series
        self.futures: dict[int, Future[tuple[str, str, str] | None]] = {}
        self.pool: ProcessPoolExecutor | None = None
        count = workers() if count is None else count
        if len(indexes) < MIN_EMAILS or count < 2:
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            return
        _FORKED[:] = [series]
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
        self.futures = {index: self.pool.submit(_render_at, index) for index in indexes}

    @property
    def parallel(self) -> bool:
        return self.pool is not None

    def get(self, index: int) -> Rendered:
        """The email at `index`, from its worker when one rendered it, else rendered here."""
        email = self.series.emails[index]
        future = self.futures.pop(index, None)
        done = future.result() if future is not None else None
        if done is None:
            return render_email(email, self.series.campaign)
        html, text, mjml = done
        return Rendered(email=email, html=html, text=text, mjml=mjml)

    def close(self) -> None:
        """Stop the workers (the renders not taken are dropped)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _FORKED.clear()
