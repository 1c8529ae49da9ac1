"""Is a series ready to leave? The one question export and send ask before they act."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kapmail.checks.engine import ERROR, Finding
from kapmail.errors import KapmailError


class NotReadyError(KapmailError):
    """A series with error findings (or unchecked) asked to leave without --force."""

    exit_code = 1


def _error_rules(source: Mapping[str, Any] | Iterable[Finding]) -> tuple[bool, list[str]]:
    """(checked, ids of rules with error findings) from a manifest or a list of findings."""
    if isinstance(source, Mapping):
        if source.get("checks") != "run":
            return False, []
        found = source.get("findings") or []
        return True, [f["rule"] for f in found if f.get("severity") == ERROR]
    return True, [f.rule for f in source if f.severity == ERROR]


def is_ready(source: Mapping[str, Any] | Iterable[Finding]) -> bool:
    """True when the checks ran and found no errors (warnings do not block).

    `source` is a built series' manifest (`manifest.json` as a dict) or the findings of
    `kapmail.checks.run`. A manifest whose checks were skipped (`--no-check`) is not ready.
    """
    checked, failing = _error_rules(source)
    return checked and not failing


def require_ready(
    source: Mapping[str, Any] | Iterable[Finding], *, force: bool = False, name: str = ""
) -> None:
    """Raise NotReadyError (exit 1) unless the series is ready or `force` is given."""
    if force:
        return
    checked, failing = _error_rules(source)
    what = f"series {name}" if name else "the series"
    if not checked:
        raise NotReadyError(
            f"{what} was built with --no-check",
            hint="run `kapmail check` on it, rebuild without --no-check, or pass --force",
        )
    if failing:
        rules = ", ".join(sorted(set(failing)))
        raise NotReadyError(
            f"{what} is not ready: {len(failing)} error finding(s) ({rules})",
            hint="fix them (see `kapmail check`) or pass --force",
        )
