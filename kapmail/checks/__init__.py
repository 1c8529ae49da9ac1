"""The quality gate: rules over emails as they leave, one module per family, one registry.

    checker = Checker(REGISTRY, campaign)
    findings = [*checker.check(context) for each email, *checker.finish()]

Families: F (format and deliverability: `delivery`, `markup`, `series`), H (headers, over
the .eml), L (law), A (accessibility), D (dark mode), M (merge tags), HC (health content),
S (deceptive content: `deception`), R (reading: enough of the article in each email, and not
too much), I (languages: `language`).
`is_ready` / `require_ready` answer whether a series may be exported or sent.
"""

from __future__ import annotations

from kapmail.checks.context import Context, Seen, SeriesView
from kapmail.checks.engine import (
    SEVERITIES,
    Checker,
    Finding,
    Registry,
    errors,
    sort_findings,
    warnings,
)
from kapmail.checks.readiness import NotReadyError, is_ready, require_ready

# Importing a family registers its rules. They load on the first use of `REGISTRY` (a
# build with --no-check, the manifest or the send ledger never import them).
FAMILIES = (
    "accessibility",
    "darkmode",
    "deception",
    "delivery",
    "headers",
    "health_content",
    "identity",
    "language",
    "law",
    "layout",
    "markup",
    "mergetags",
    "reading",
    "series",
)


def __getattr__(name: str) -> Registry:
    """`REGISTRY`, every family's rules registered in it (PEP 562: on first use)."""
    if name != "REGISTRY":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    for family in FAMILIES:  # __import__, unlike importlib, shows in `python -X importtime`
        __import__(f"{__name__}.{family}")
    from kapmail.checks import engine

    return engine.REGISTRY


__all__ = [
    "REGISTRY",
    "SEVERITIES",
    "Checker",
    "Context",
    "Finding",
    "NotReadyError",
    "Registry",
    "Seen",
    "SeriesView",
    "errors",
    "is_ready",
    "require_ready",
    "sort_findings",
    "warnings",
]
