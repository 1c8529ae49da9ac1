"""`python -m kapmail.render.precompile` (`make templates`): compile kapmail's own templates
into `templates/_compiled/` for `precompiled` to load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2

from kapmail.render.environment import make_environment
from kapmail.render.precompiled import FOLDER_NAME, KINDS, SOURCES, record, shipped
from kapmail.shipped import builtin_dir


def write(templates: Path) -> None:
    """Compile every shipped template for each plain environment into `templates/_compiled`."""
    compiled = templates / FOLDER_NAME
    shutil.rmtree(compiled, ignore_errors=True)
    for kind, html in KINDS.items():
        files = jinja2.FileSystemLoader(str(templates))
        env = make_environment(files, html=html, sandboxed=False)
        env.compile_templates(
            str(compiled / kind), zip=None, filter_func=shipped, ignore_errors=False
        )
    written = json.dumps(record(templates), indent=1, sort_keys=True) + "\n"
    (compiled / SOURCES).write_text(written, encoding="utf-8")


if __name__ == "__main__":
    write(builtin_dir())
