"""kapmail's own templates compiled ahead of time: a fresh process imports them instead of
parsing and compiling each one (60-90 ms of every build's first email).

`templates/_compiled/<kind>/` holds Jinja2's modules for the plain environments (`html` and
`text`: they compile differently) and `sources.json` the Jinja2 version that wrote them and
the SHA-256 of each template they were compiled from. They are used only while both still
hold; otherwise (a template edited and not compiled again, another Jinja2) the templates
are read from their files as before, so a stale module is never rendered. A campaign's own
templates, and the shipped ones they include, render sandboxed and are always compiled
from their files.

Regenerate after changing a shipped template: `python -m kapmail.render.precompile`
(`make templates`); a test fails while they are out of date.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import jinja2

from kapmail.shipped import builtin_dir

FOLDER_NAME = "_compiled"
SOURCES = "sources.json"
KINDS = {"html": True, "text": False}  # folder -> whether the environment escapes HTML


def sources(templates: Path) -> dict[str, str]:
    """Each shipped template's name (with /) and the SHA-256 of its bytes."""
    return {
        path.relative_to(templates).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(templates.rglob("*.j2"))
        if FOLDER_NAME not in path.relative_to(templates).parts
    }


def record(templates: Path) -> dict[str, object]:
    """What the compiled modules hold good for: the Jinja2 that wrote them (its runtime runs
    them) and each template's digest."""
    return {"jinja2": jinja2.__version__, "templates": sources(templates)}


@functools.lru_cache(maxsize=4)
def loader(kind: str, templates: Path | None = None) -> jinja2.BaseLoader:
    """The loader for the plain `kind` environment: the compiled modules first (when they
    match the templates), then the template files."""
    templates = templates or builtin_dir()
    files = jinja2.FileSystemLoader(str(templates))
    compiled = templates / FOLDER_NAME
    try:
        recorded = json.loads((compiled / SOURCES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return files
    if recorded != record(templates):
        return files
    return jinja2.ChoiceLoader([jinja2.ModuleLoader(str(compiled / kind)), files])


def shipped(name: str) -> bool:
    """Whether `name` is one of kapmail's templates (not a compiled module)."""
    return name.endswith(".j2") and not name.startswith(f"{FOLDER_NAME}/")
