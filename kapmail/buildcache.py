"""The build cache: each email's written bytes and findings, keyed by everything they depend
on, so a rebuild renders and checks only the emails whose inputs changed. It lives in
OUT/.kapmail-cache/<campaign>/ (a dot folder: the preview server never serves it), one file
per email named by its key (`<key>.entry`: a line of JSON, then the email's parts as
written, byte for byte), read and written under the build's lock on OUT; a build's
new entries wait in a `.new-<pid>` folder until it commits, so a failed or killed build
leaves the cache as it was. The key is the SHA-256 of the planned email (its blocks,
pictures, send time and neighbours' titles included), the whole typed configuration, the
article's path and line unit, the target (platform and recipient), whether it is checked,
the bytes of every template (the campaign's own and the shipped ones), and kapmail itself
(its version, the digest of its own source, templates and compiled translations, and the
versions of the libraries that shape the output). Nothing the email depends on is left out,
so a stale entry is never served; a damaged or unreadable entry is a miss. Deleting the
folder only makes the next build a cold one.

Beside the entries, `build.json` records the last build into OUT: its key and the SHA-256
of every file it wrote. The key covers every email's key, the article's pictures,
`--keep-mjml` and, for a checked build, how many emails' send times are already past (F15,
the one rule that reads the clock). A rebuild with the same key, into a folder whose files
are exactly those recorded (none missing, changed or added), is that folder already: it
renders, checks and writes nothing (`unchanged`). Anything else is an ordinary build.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kapmail import __version__
from kapmail.checks import Finding
from kapmail.clock import now
from kapmail.config import Campaign
from kapmail.manifest import finding_of
from kapmail.outbox import target, write_file
from kapmail.plan import Email, Series
from kapmail.preview.inbox import Inbox
from kapmail.shipped import PACKAGE_DIR, builtin_dir

FOLDER = ".kapmail-cache"
RECORD = "build.json"  # the last build into OUT (never an entry: keys are hex)
FORMAT = 4  # bump when the entry layout changes
SUFFIX = ".entry"
PARTS = ("html", "text", "eml", "mjml")
# The libraries whose versions change the bytes written.
LIBRARIES = ("mjml-python", "premailer", "cssutils", "lxml", "jinja2", "markupsafe")


@dataclass(frozen=True)
class Entry:
    """One email as a build wrote it: its three parts, the rules' findings (None when not
    checked), the digests the rules saw, what the series rules keep of it, its MJML and
    its inbox line (the gallery's)."""

    html: bytes
    text: bytes
    eml: bytes
    findings: tuple[Finding, ...] | None
    checked: dict[str, str]
    visible_text: str
    mjml: bytes
    inbox: Inbox


class BuildCache:
    """The cache of one campaign's emails in one output folder, for one build."""

    def __init__(self, out: Path, campaign: str) -> None:
        self.folder = target(out, FOLDER, campaign)
        self.pending = self.folder / f".new-{os.getpid()}"
        self.used: set[str] = set()
        self.series: Series | None = None
        self.shared = ""
        self.keys: dict[tuple[int, str, bool], str] = {}  # of `series`' emails
        self.record: dict[str, Any] | None = None  # this build's, saved when it commits

    def __enter__(self) -> BuildCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        """After a build that committed, its new entries are published and the rest pruned;
        after one that failed, the cache is as it was."""
        if kind is None:
            for path in sorted(self.pending.glob(f"*{SUFFIX}")):
                path.replace(self.folder / path.name)
            self.prune()
            if self.record is not None:
                self.record["keys"] = sorted(self.used)
                write_file(self.folder / RECORD, json.dumps(self.record).encode())
        shutil.rmtree(self.pending, ignore_errors=True)

    def key(self, series: Series, email: Email, target_of: str, *, check: bool) -> str:
        """The key of `email` built for `target_of` (the platform and recipient)."""
        if self.series is not series:  # what every email of the series shares, once
            shared = (
                f"format {FORMAT}",
                _kapmail(),
                templates_digest(series.campaign),
                repr(series.campaign),
                repr(series.article.path),
                series.article.line_unit,
            )
            self.series, self.shared, self.keys = series, "\0".join(shared), {}
        # Each once: the whole build's key and the pass both ask (positions are unique).
        known = (email.position, target_of, check)
        if known not in self.keys:
            parts = (self.shared, repr(email), target_of, f"checked {check}")
            self.keys[known] = hashlib.sha256("\0".join(parts).encode()).hexdigest()
        return self.keys[known]

    def build_key(self, series: Series, target_of: str, *, check: bool, mjml: bool) -> str:
        """The key of a whole build of `series` (see the module docstring)."""
        digest = hashlib.sha256(f"build {FORMAT} mjml {mjml}".encode())
        for email in series.emails:
            digest.update(self.key(series, email, target_of, check=check).encode())
        for picture in series.images:
            digest.update(picture.name.encode() + b"\0" + hashlib.sha256(picture.data).digest())
        if check:
            current = now(series.campaign.schedule.timezone)
            digest.update(f"past {sum(e.send_at < current for e in series.emails)}".encode())
        return digest.hexdigest()

    def unchanged(self, build_key: str, folder: Path) -> bool:
        """Whether `folder` holds exactly what the last build recorded under `build_key`
        (every file read and compared); its entries are then kept as used."""
        try:
            record = json.loads((self.folder / RECORD).read_bytes())
            files, keys = dict(record["files"]), list(record["keys"])
            if record["key"] != build_key or _digests(folder) != files:
                return False
        except (OSError, ValueError, KeyError, TypeError):
            return False
        self.used.update(str(key) for key in keys)
        return True

    def remember(self, build_key: str, written: dict[str, str]) -> None:
        """Record a build that wrote `written` (relative path -> SHA-256), saved with the
        entries when the build commits."""
        self.record = {"key": build_key, "files": dict(sorted(written.items()))}

    def has(self, key: str) -> bool:
        """Whether an entry is stored under `key` (`get` still checks it is whole)."""
        return (self.folder / f"{key}{SUFFIX}").is_file()

    def get(self, key: str) -> Entry | None:
        """The entry stored under `key`; None when absent, damaged or unreadable."""
        try:
            stored = (self.folder / f"{key}{SUFFIX}").read_bytes()
            end = stored.index(b"\n")
            data = json.loads(stored[:end])
            parts, at = {}, end + 1
            for name in PARTS:
                size = int(data["sizes"][name])
                parts[name], at = stored[at : at + size], at + size
            if (
                at != len(stored)
                or data["key"] != key
                or any(
                    hashlib.sha256(content).hexdigest() != data["sha256"][name]
                    for name, content in parts.items()
                )
            ):
                return None
            findings = data["findings"]
            entry = Entry(
                **parts,
                findings=None if findings is None else tuple(finding_of(f) for f in findings),
                checked=dict(data["checked"]),
                visible_text=str(data["visible_text"]),
                inbox=Inbox(
                    str(data["preview"]), tuple((str(n), str(v)) for n, v in data["headers"])
                ),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.used.add(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        """Store `entry` under `key`, published when the build commits (`__exit__`)."""
        parts = {name: getattr(entry, name) for name in PARTS}  # stored in this order
        data: dict[str, Any] = {
            "key": key,
            "sizes": {name: len(content) for name, content in parts.items()},
            "sha256": {
                name: hashlib.sha256(content).hexdigest() for name, content in parts.items()
            },
            "findings": None if entry.findings is None else [f.to_dict() for f in entry.findings],
            "checked": entry.checked,
            "visible_text": entry.visible_text,
            "preview": entry.inbox.preview,
            "headers": entry.inbox.headers,
        }
        head = json.dumps(data).encode()  # one line: JSON escapes every newline
        write_file(self.pending / f"{key}{SUFFIX}", head + b"\n" + b"".join(parts.values()))
        self.used.add(key)

    def prune(self) -> None:
        """Drop every file this build did not use: the folder holds one build's emails
        (builds into one OUT take turns, under its lock)."""
        try:
            paths = list(self.folder.iterdir())
        except OSError:
            return
        for path in paths:  # a killed build's new entries go too
            if path.is_dir() and path.name.startswith(".new-") and path != self.pending:
                shutil.rmtree(path, ignore_errors=True)
            elif path.is_file() and not (path.suffix == SUFFIX and path.stem in self.used):
                if path.name == RECORD:
                    continue  # replaced after pruning when this build wrote files
                path.unlink(missing_ok=True)


@functools.lru_cache(maxsize=1)
def _kapmail() -> str:
    """kapmail's version, the digest of its own files and its libraries' versions."""
    digest = hashlib.sha256(__version__.encode())
    for path in _files(PACKAGE_DIR):
        if path.suffix in {".py", ".j2", ".mo"}:  # the code, and the compiled translations
            digest.update(str(path.relative_to(PACKAGE_DIR)).encode() + b"\0" + path.read_bytes())
    digest.update("\0".join(_installed(LIBRARIES)).encode())
    return digest.hexdigest()


def _installed(names: tuple[str, ...]) -> list[str]:
    """The `<name>-<version>.dist-info` folders of `names` on sys.path (a listing of each
    folder: importlib.metadata would cost more than a no-change rebuild's whole work)."""
    wanted = tuple(name.replace("-", "_").lower() + "-" for name in names)
    found = []
    for folder in sys.path:
        with contextlib.suppress(OSError):
            found += [
                entry.name
                for entry in Path(folder or ".").iterdir()
                if entry.name.endswith(".dist-info") and entry.name.lower().startswith(wanted)
            ]
    return sorted(found)


def templates_digest(campaign: Campaign) -> str:
    """The digest of every template file a campaign's emails may render from."""
    digest = hashlib.sha256()
    for folder in (campaign.template_dir, builtin_dir()):
        if folder is None or not folder.is_dir():
            continue
        for path in _files(folder):
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _digests(folder: Path) -> dict[str, str] | None:
    """Every file under `folder` (relative, with /) and its SHA-256; None when the folder
    holds anything but regular files and folders (a symlink, a pipe: a build replaces them,
    and reading one might never end)."""
    found = {}
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in [*dirs, *sorted(files)]:
            path = Path(root) / name
            kind = os.lstat(path).st_mode
            if stat.S_ISDIR(kind):
                continue
            if not stat.S_ISREG(kind):
                return None
            found[path.relative_to(folder).as_posix()] = hashlib.sha256(
                path.read_bytes()
            ).hexdigest()
    return found


def _files(folder: Path) -> list[Path]:
    """Every regular file under `folder`, in a stable order (dot folders and caches skipped)."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found += [Path(root) / name for name in sorted(files) if not name.startswith(".")]
    return found
