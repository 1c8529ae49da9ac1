"""manifest.json: what a build wrote, what its checks found, and the digests that tie the two.

One typed object, written in one place (`Manifest.to_bytes`) and read back by one function
(`read`). `images` records the SHA-256 of each article image written into images/. Each
email records the SHA-256 of every file written for it (`files`) and of each
part as the checks saw it (`checked`): for a checked build the two agree, which is the proof
that what was checked is what was written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kapmail.checks import Finding, is_ready
from kapmail.config import Switch
from kapmail.errors import KapmailError
from kapmail.outbox import to_json

FILE = "manifest.json"
RUN, SKIPPED = "run", "skipped"
# Which written file holds which checked part.
PARTS = {"html": "html", "text": "txt", "eml": "eml"}


@dataclass(frozen=True)
class EmailEntry:
    """One email of a built series: its plan, its files and their digests."""

    position: int
    slug: str
    kind: str
    title: str
    subject: str
    preheader: str
    send_at: str
    html: str
    text: str
    eml: str
    html_bytes: int
    words: int = 0  # the article's words in this email
    minutes: int = 0  # its reading time
    files: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    checked: dict[str, str] = field(default_factory=dict)  # part -> sha256 the checks saw


@dataclass(frozen=True)
class Manifest:
    """A built series as recorded in manifest.json."""

    campaign: str
    name: str
    platform: str
    generator: str
    emails: tuple[EmailEntry, ...]
    findings: tuple[Finding, ...] | None  # None: the checks were skipped (--no-check)
    switched: dict[str, Switch] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)  # images/<name> -> sha256

    @property
    def checks(self) -> str:
        return SKIPPED if self.findings is None else RUN

    @property
    def ready(self) -> bool:
        return is_ready(self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.campaign,
            "name": self.name,
            "platform": self.platform,
            "generator": self.generator,
            "emails": [vars(entry) for entry in self.emails],
            "images": dict(sorted(self.images.items())),
            "checks": self.checks,
            "ready": self.ready,
            "findings": [f.to_dict() for f in self.findings or ()],
            "switched": {
                name: {"severity": s.severity, "reason": s.reason, "source": s.source}
                for name, s in sorted(self.switched.items())
            },
        }

    def to_bytes(self) -> bytes:
        return to_json(self.to_dict())


def read(folder: Path) -> Manifest:
    """The manifest of a built series folder; a missing or damaged one is a clear error."""
    path = folder / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        findings = None
        if data["checks"] == RUN:
            findings = tuple(finding_of(item) for item in data["findings"])
        return Manifest(
            campaign=data["campaign"],
            name=data["name"],
            platform=data["platform"],
            generator=data["generator"],
            emails=tuple(EmailEntry(**entry) for entry in data["emails"]),
            findings=findings,
            switched={
                name: Switch(severity=s["severity"], reason=s["reason"], source=s["source"])
                for name, s in data["switched"].items()
            },
            images=dict(data.get("images", {})),
        )
    except FileNotFoundError:
        raise KapmailError(
            f"no {FILE} here", file=folder, hint="build the series first (kapmail build)"
        ) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KapmailError(
            f"{FILE} is damaged ({type(exc).__name__}: {exc})",
            file=path,
            hint="build the series again",
        ) from None


def finding_of(item: dict[str, Any]) -> Finding:
    """A finding from its `to_dict()` (the manifest's findings, the build cache's)."""
    keys = ("rule", "severity", "message", "email", "position", "part", "line", "key", "campaign")
    return Finding(**{key: item[key] for key in keys}, unit=item.get("unit", "line"))
