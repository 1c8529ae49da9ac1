"""The rule engine: families of rules in one registry, run over emails as they leave.

A rule is a small function over a `Context` (one email) or over a `SeriesView` (every email
of a series) that yields `Hit`s. A `Checker` runs the email rules on one email at a time,
keeps what the series rules need, and runs those at the end. Hits become `Finding`s with
the campaign's switches (`[checks.<id>]`) applied: a switch turns a rule or a whole family
off, or re-grades every finding it makes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kapmail.checks.context import Context, Seen, SeriesView
from kapmail.config import Campaign, Switch
from kapmail.config.schema import ERROR, OFF, WARNING
from kapmail.errors import KapmailError

SEVERITIES = (ERROR, WARNING)
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
    unit: str = "line"  # what an article finding's line counts: "line" or "paragraph"

    @property
    def where(self) -> str:
        """`html:12`, `text:3`, `config sender.postal_address`, `header From`, `subject`,
        `article.md:7`, `sleep.docx paragraph 12`."""
        if self.key and self.part in {"config", "header"}:
            return f"{self.part} {self.key}"
        if self.key and self.part == "article" and self.line and self.unit != "line":
            return f"{self.key} {self.unit} {self.line}"
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
            "unit": self.unit,
            "key": self.key,
        }


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
    """Families and their rules, by name: what the checker runs and switches may name."""

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
        contexts: Sequence[Context],
        campaign: Campaign,
        *,
        families: Collection[str] | None = None,
    ) -> list[Finding]:
        """Every rule (of `families`, default all) over the emails of one series."""
        checker = Checker(self, campaign, families=families)
        found = [f for ctx in contexts for f in checker.check(ctx)]
        return sort_findings([*found, *checker.finish()])


class Checker:
    """Checks one series an email at a time: email rules at once, series rules at the end."""

    def __init__(
        self,
        registry: Registry,
        campaign: Campaign,
        *,
        families: Collection[str] | None = None,
    ) -> None:
        unknown = sorted(set(campaign.checks) - set(registry.names()))
        if unknown:  # the loader refuses these with a hint; this guards other callers
            named = campaign.checks[unknown[0]]
            raise KapmailError(
                f"[checks.{unknown[0]}] names no rule or family of checks",
                file=named.file,
                line=named.line,
                key=f"checks.{unknown[0]}",
            )
        self.campaign = campaign
        self.article: str | None = None
        self.article_unit = "line"
        self.seen: list[Seen] = []
        self.rules: list[tuple[Rule, Switch | None]] = []
        for rule in sorted(registry.rules.values(), key=lambda r: rule_key(r.id)):
            switch = registry.switch_for(rule, campaign.checks)
            wanted = families is None or rule.family in families
            if wanted and not (switch and switch.severity == OFF):
                self.rules.append((rule, switch))

    def check(self, ctx: Context) -> list[Finding]:
        """The email rules' findings for one email. The checker keeps only what the series
        rules need of it, so the caller can let the email go."""
        found = [
            self._finding(rule, switch, hit, ctx)
            for rule, switch in self.rules
            if rule.scope == EMAIL
            for hit in rule.check(ctx)
        ]
        self.keep(Seen.of(ctx), ctx.article, ctx.article_unit)
        return sort_findings(found)

    def keep(self, seen: Seen, article: str | None, article_unit: str) -> None:
        """What the series rules need of one email: of each one checked, or of one whose
        findings a build cache kept (checked before, on the same inputs)."""
        self.seen.append(seen)
        self.article = self.article or article
        self.article_unit = article_unit

    def finish(self) -> list[Finding]:
        """The series rules' findings over every email checked so far."""
        view = SeriesView(self.campaign, self.article, tuple(self.seen))
        return sort_findings(
            self._finding(rule, switch, hit, None)
            for rule, switch in self.rules
            if rule.scope == SERIES
            for hit in rule.check(view)
        )

    def _finding(self, rule: Rule, switch: Switch | None, hit: Hit, ctx: Context | None) -> Finding:
        return Finding(
            rule=rule.id,
            severity=switch.severity if switch else hit.severity,
            message=hit.message,
            email=ctx.name if ctx else None,
            position=ctx.position if ctx else 0,
            part=hit.part,
            line=hit.line,
            key=hit.key,
            campaign=self.campaign.slug,
            unit=self.article_unit if hit.part == "article" else "line",
        )


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
