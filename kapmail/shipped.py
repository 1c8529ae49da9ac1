"""Where kapmail's shipped templates are: inside the wheel, or the repository's templates/."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_dir() -> Path:
    """The shipped templates: inside the wheel, or the repository's templates/ folder."""
    inside = PACKAGE_DIR / "templates"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "templates"
