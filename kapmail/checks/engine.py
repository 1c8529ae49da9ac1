"""The rule engine: families of rules in one registry, run over rendered emails.

A rule is a small function over a `Context` (one email) or over all contexts of a series
that yields `Hit`s. The engine turns hits into `Finding`s, applying the campaign's
switches (`[checks.<id>]` in campaign.toml) on the way: a switch turns a rule or a whole
family off, or re-grades every finding it makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

ERROR, WARNING, OFF = "error", "warning", "off"
SEVERITIES = (ERROR, WARNING)
SWITCHES = (ERROR, WARNING, OFF)
EMAIL, SERIES = "email", "series"
_RULE_ID = re.compile(r"^([A-Z]+)(\d+)$")


@dataclass(frozen=True)
class Hit:
    """What a rule yields: how bad, what to fix, and where (a part and a line or a key)."""

    severity: str
    message: str
    part: str = "html"
    line: int | None = None
    key: str | None = None


def error(message: str, **where: Any) -> Hit:
    return Hit(ERROR, message, **where)


def warning(message: str, **where: Any) -> Hit:
    return Hit(WARNING, message, **where)


@dataclass(frozen=True)
class Finding:
    """One problem in one email (or in the series when `email` is None)."""

    rule: str
    severity: str
    message: str
    email: str | None = None
    position: int = 0
    part: str = "html"
    line: int | None = None
    key: str | None = None
    campaign: str | None = None

    @property
    def where(self) -> str:
        """`html:12`, `text:3`, `config sender.postal_address`, `header From`, `subject`."""
        if self.key and self.part in {"config", "header"}:
            return f"{self.part} {self.key}"
        if self.key and self.part == "article":
            return f"{self.key}:{self.line}" if self.line else self.key
        if self.line is not None:
            return f"{self.part}:{self.line}"
        return self.part

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "email": self.email,
            "position": self.position,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "where": self.where,
            "part": self.part,
            "line": self.line,
            "key": self.key,
        }


@dataclass(frozen=True)
class Switch:
    """A campaign's decision about one rule or family: re-grade or turn off, and why."""

    severity: str
    reason: str
    source: str = ""


@dataclass(frozen=True)
class Family:
    name: str
    title: str


@dataclass(frozen=True)
class Rule:
    id: str
    family: str
    title: str
    check: Callable[[Any], Iterable[Hit]]
    scope: str = EMAIL


def rule_key(rule_id: str) -> tuple[str, int]:
    """Natural order of rule ids: F2 before F10."""
    match = _RULE_ID.match(rule_id)
    return (match.group(1), int(match.group(2))) if match else (rule_id, 0)


class Registry:
    """Families and their rules, by name; the one place `check` and config look them up."""

    def __init__(self) -> None:
        self.families: dict[str, Family] = {}
        self.rules: dict[str, Rule] = {}

    def family(self, name: str, title: str) -> str:
        self.families.setdefault(name, Family(name, title))
        return name

    def rule(self, rule_id: str, title: str, *, scope: str = EMAIL) -> Callable:
        """Decorator: register `check` as rule `rule_id` of the family its prefix names."""
        match = _RULE_ID.match(rule_id)
        if not match or match.group(1) not in self.families:
            raise ValueError(f"rule id {rule_id!r} names no registered family")
        if rule_id in self.rules:
            raise ValueError(f"rule {rule_id} is registered twice")

        def register(check: Callable[[Any], Iterable[Hit]]) -> Callable:
            self.rules[rule_id] = Rule(rule_id, match.group(1), title, check, scope)
            return check

        return register

    def names(self) -> list[str]:
        """Everything a `[checks.<name>]` table may name: families, then rule ids."""
        return [*self.families, *sorted(self.rules, key=rule_key)]

    def switch_for(self, rule: Rule, switches: Mapping[str, Switch]) -> Switch | None:
        """The rule's own switch, else its family's."""
        return switches.get(rule.id) or switches.get(rule.family)

    def run(
        self,
        contexts: Sequence[Any],
        switches: Mapping[str, Switch] | None = None,
        *,
        campaign: str | None = None,
        families: Collection[str] | None = None,
    ) -> list[Finding]:
        """Every rule (of `families`, default all) over every email, series rules once."""
        switches = switches or {}
        findings: list[Finding] = []
        for rule in sorted(self.rules.values(), key=lambda r: rule_key(r.id)):
            if families is not None and rule.family not in families:
                continue
            switch = self.switch_for(rule, switches)
            if switch and switch.severity == OFF:
                continue
            if rule.scope == SERIES:
                targets: list[tuple[Any, Any]] = [(None, list(contexts))]
            else:
                targets = [(ctx, ctx) for ctx in contexts]
            for ctx, subject in targets:
                for hit in rule.check(subject):
                    findings.append(
                        Finding(
                            rule=rule.id,
                            severity=switch.severity if switch else hit.severity,
                            message=hit.message,
                            email=ctx.name if ctx else None,
                            position=ctx.position if ctx else 0,
                            part=hit.part,
                            line=hit.line,
                            key=hit.key,
                            campaign=campaign,
                        )
                    )
        return sort_findings(findings)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """By email position (series first), rule id, line, then message."""
    return sorted(
        findings,
        key=lambda f: (f.position, rule_key(f.rule), f.part, f.line or 0, f.key or "", f.message),
    )


def errors(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == ERROR]


def warnings(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == WARNING]


REGISTRY = Registry()
