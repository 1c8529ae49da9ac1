"""The quality gate: rules over rendered emails, one module per family, one registry.

    from kapmail.checks import REGISTRY, Context, run
    findings = run(contexts, campaign.checks, campaign="kap-conditions")

Families: F (format), H (headers, over an .eml), L (law), A (accessibility), D (dark mode),
M (merge tags), HC (health content). `is_ready` / `require_ready` answer
whether a series may be exported or sent.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from kapmail.checks import (  # noqa: F401 - importing a family registers its rules
    accessibility,
    darkmode,
    format,
    headers,
    health,
    law,
    mergetags,
)
from kapmail.checks.context import Context
from kapmail.checks.engine import (
    ERROR,
    OFF,
    REGISTRY,
    SWITCHES,
    WARNING,
    Finding,
    Registry,
    Switch,
    errors,
    sort_findings,
    warnings,
)
from kapmail.checks.readiness import NotReadyError, is_ready, require_ready


def run(
    contexts: Sequence[Context],
    switches: Mapping[str, Switch] | None = None,
    *,
    campaign: str | None = None,
    families: Collection[str] | None = None,
) -> list[Finding]:
    """Every registered rule (of `families`, default all) over the emails of one series."""
    return REGISTRY.run(contexts, switches, campaign=campaign, families=families)


__all__ = [
    "ERROR",
    "OFF",
    "REGISTRY",
    "SWITCHES",
    "WARNING",
    "Context",
    "Finding",
    "NotReadyError",
    "Registry",
    "Switch",
    "errors",
    "is_ready",
    "require_ready",
    "run",
    "sort_findings",
    "warnings",
]
