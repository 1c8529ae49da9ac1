"""Is a series ready to leave? The one question export and send ask before they act."""

from __future__ import annotations

from collections.abc import Iterable

from kapmail.checks.engine import ERROR, Finding
from kapmail.errors import KapmailError


class NotReadyError(KapmailError):
    """A series with error findings (or unchecked) asked to leave without --force."""

    exit_code = 1


def is_ready(findings: Iterable[Finding] | None) -> bool:
    """True when the checks ran (`findings` is not None) and found no errors.

    Warnings do not block; a series built with `--no-check` (None) is not ready.
    """
    return findings is not None and not any(f.severity == ERROR for f in findings)


def require_ready(
    findings: Iterable[Finding] | None, *, force: bool = False, name: str = ""
) -> None:
    """Raise NotReadyError (exit 1) unless the series is ready or `force` is given."""
    if force:
        return
    what = f"series {name}" if name else "the series"
    if findings is None:
        raise NotReadyError(
            f"{what} was built with --no-check",
            hint="run `kapmail check` on it, rebuild without --no-check, or pass --force",
        )
    failing = [f.rule for f in findings if f.severity == ERROR]
    if failing:
        rules = ", ".join(sorted(set(failing)))
        raise NotReadyError(
            f"{what} is not ready: {len(failing)} error finding(s) ({rules})",
            hint="fix them (see `kapmail check`) or pass --force",
        )
