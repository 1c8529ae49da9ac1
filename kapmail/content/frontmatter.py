"""Front matter: the YAML (`---`) or TOML (`+++`) block a Jekyll, Hugo or Gatsby post opens with.

It is read with a real parser (PyYAML's safe loader, `tomllib`) and taken out of the text,
its lines left blank so every line number after it holds. Of its keys only `title` (the
series' name when the body has no `#` title), `description`/`summary` and `lang` are kept;
`date`, `draft`, `layout`, `tags` and the rest say nothing to a reader and are ignored. It is
never an email, a heading or a subject. Malformed front matter is an error naming its line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kapmail.errors import KapmailError

_FENCES = {"---": "YAML", "+++": "TOML"}
_CLOSE = {"---": ("---", "..."), "+++": ("+++",)}
_KEY = re.compile(r"^[A-Za-z_][\w.-]*\s*:(?:\s|$)")
_AT_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class FrontMatter:
    """What the front matter says that kapmail uses."""

    title: str | None = None
    description: str | None = None
    language: str | None = None
    lines: int = 0  # how many lines it took (0: none)


def split_front_matter(text: str, *, path: Path) -> tuple[FrontMatter, str]:
    """The front matter of `text` and the text with its lines blanked (same line count)."""
    lines = text.split("\n")
    fence = lines[0].strip() if lines else ""
    if fence not in _FENCES:
        return FrontMatter(), text
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip() in _CLOSE[fence]),
        None,
    )
    if fence == "---" and not _looks_like_yaml(lines[1:end]):
        return FrontMatter(), text  # a thematic break on the first line, not front matter
    if end is None:
        raise KapmailError(
            f"the {_FENCES[fence]} front matter opened on line 1 is never closed",
            file=path,
            line=1,
            hint=f"end it with a line holding only {fence}",
        )
    body = "\n".join(lines[1:end])
    values = _parse(body, fence, path)
    blank = "\n" * end
    rest = blank + "\n" + "\n".join(lines[end + 1 :]) if end + 1 < len(lines) else blank
    return (
        FrontMatter(
            title=_text(values, "title"),
            description=_text(values, "description") or _text(values, "summary"),
            language=_text(values, "lang") or _text(values, "language"),
            lines=end + 1,
        ),
        rest,
    )


def _looks_like_yaml(lines: list[str]) -> bool:
    """The first line that says something is a `key:` (or the block is all comments)."""
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            return _KEY.match(line) is not None
    return bool(lines)


def _parse(body: str, fence: str, path: Path) -> dict[str, object]:
    import yaml  # only for an article that has YAML front matter

    kind = _FENCES[fence]
    try:
        values = tomllib.loads(body) if fence == "+++" else yaml.safe_load(body)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1  # +1 for the fence, +1 from 0-based
        raise KapmailError(
            f"the {kind} front matter cannot be read: {exc.problem or exc}",
            file=path,
            line=line,
            hint="fix it, or delete the block between the --- lines",
        ) from None
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        at = _AT_LINE.search(str(exc))
        line = int(at[1]) + 1 if at else 1
        raise KapmailError(
            f"the {kind} front matter cannot be read: {str(exc).splitlines()[0]}",
            file=path,
            line=line,
            hint="fix it, or delete the front matter block",
        ) from None
    if values is None:
        return {}
    if not isinstance(values, dict):
        raise KapmailError(
            f"the {kind} front matter is not a table of keys and values",
            file=path,
            line=2,
            hint="write it as `title: …` lines, or delete it",
        )
    return values


def _text(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
