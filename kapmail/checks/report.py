"""Findings for people (text grouped by email) and for programs (a JSON array)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from kapmail.checks.common import plural
from kapmail.checks.engine import ERROR, Finding, errors, warnings
from kapmail.config import Switch


def as_json(findings: Sequence[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], indent=2, ensure_ascii=False)


def summary(findings: Sequence[Finding]) -> str:
    """`2 errors, 1 warning` or `no findings`."""
    if not findings:
        return "no findings"
    return f"{plural(len(errors(findings)), 'error')}, {plural(len(warnings(findings)), 'warning')}"


def as_text(
    campaign: str,
    emails: int,
    findings: Sequence[Finding],
    switches: Mapping[str, Switch] | None = None,
) -> str:
    """A campaign's findings grouped by email (those every email shares, once), with the
    switches that shaped them."""
    state = "NOT READY" if errors(findings) else "ready"
    lines = [f"{campaign}: {plural(emails, 'email')} checked, {summary(findings)} — {state}"]
    for rule, switch in sorted((switches or {}).items()):
        where = f" ({switch.source})" if switch.source else ""
        lines.append(f"  [checks.{rule}] {switch.severity}{where}: {switch.reason}")
    shared = _shared(findings, emails)
    groups: dict[str, list[Finding]] = {}
    if shared:
        once = {_sig(f): f for f in reversed(findings) if _sig(f) in shared}
        groups[f"every email ({emails})"] = [
            once[sig] for sig in dict.fromkeys(map(_sig, findings)) if sig in once
        ]
    for finding in findings:
        if _sig(finding) not in shared:
            groups.setdefault(finding.email or "the whole series", []).append(finding)
    for title, members in groups.items():
        lines.append(f"  {title}")
        for finding in members:
            label = "error  " if finding.severity == ERROR else "warning"
            lines.append(f"    {label} {finding.rule:<4} {finding.where}: {finding.message}")
    return "\n".join(lines)


def _sig(finding: Finding) -> tuple:
    return (finding.rule, finding.severity, finding.where, finding.message)


def _shared(findings: Sequence[Finding], emails: int) -> set[tuple]:
    """Findings that every email of a series of two or more has, word for word."""
    if emails < 2:
        return set()
    holders: dict[tuple, set[int]] = {}
    for finding in findings:
        if finding.email is not None:
            holders.setdefault(_sig(finding), set()).add(finding.position)
    return {sig for sig, positions in holders.items() if len(positions) == emails}
