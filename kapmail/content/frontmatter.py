"""Front matter: the YAML (`---`) or TOML (`+++`) block a Jekyll, Hugo or Gatsby post opens with.

It is read with a real parser (PyYAML's safe loader, `tomllib`) and taken out of the text,
its lines left blank so every line number after it holds. Of its keys only `title` (the
series' name when the body has no `#` title), `description`/`summary` and `lang` are kept;
`date`, `draft`, `layout`, `tags` and the rest say nothing to a reader and are ignored. It is
never an email, a heading or a subject. Malformed front matter is an error naming its line,
with one exception blog posts often hold: a one-line value with a colon in it, unquoted
(`title: Folate vs. Folic Acid: the Difference`), which YAML refuses. Such a line is read as
the plain text it plainly is, with a notice.
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
    notices: tuple[str, ...] = ()  # lines read leniently


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
    values, notices = _parse(body, fence, path)
    blank = "\n" * end
    rest = blank + "\n" + "\n".join(lines[end + 1 :]) if end + 1 < len(lines) else blank
    return (
        FrontMatter(
            title=_text(values, "title"),
            description=_text(values, "description") or _text(values, "summary"),
            language=_text(values, "lang") or _text(values, "language"),
            lines=end + 1,
            notices=notices,
        ),
        rest,
    )


def _looks_like_yaml(lines: list[str]) -> bool:
    """The first line that says something is a `key:` (or the block is all comments)."""
    for line in lines:
        if line.strip() and not line.lstrip().startswith("#"):
            return _KEY.match(line) is not None
    return bool(lines)


def _parse(body: str, fence: str, path: Path) -> tuple[dict[str, object], tuple[str, ...]]:
    """The front matter's keys and values, and a notice for each line read leniently."""
    import yaml  # only for an article that has YAML front matter

    kind = _FENCES[fence]
    notices: list[str] = []
    while True:
        try:
            values = tomllib.loads(body) if fence == "+++" else yaml.safe_load(body)
            break
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            quoted = _quoted(body, mark.line) if mark and _unquoted_colon(exc) else None
            if mark and quoted is not None:
                body, key = quoted
                notices.append(
                    f"front matter line {mark.line + 2}: {key} read as plain text (in YAML, a "
                    "value with a colon in it needs quotes)"
                )
                continue
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
        return {}, tuple(notices)
    if not isinstance(values, dict):
        raise KapmailError(
            f"the {kind} front matter is not a table of keys and values",
            file=path,
            line=2,
            hint="write it as `title: …` lines, or delete it",
        )
    return values, tuple(notices)


def _unquoted_colon(exc: Exception) -> bool:
    """YAML's complaint about a colon inside an unquoted value."""
    return getattr(exc, "problem", None) == "mapping values are not allowed here"


# A top-level `key: value` line whose value is plain text: no quote, flow or block marker.
_PLAIN_LINE = re.compile(r"^([A-Za-z_][\w.-]*)[ \t]*:[ \t]+([^\s\"'\[\]{}|>&*!%@`#][^#]*?)[ \t]*$")


def _quoted(body: str, index: int) -> tuple[str, str] | None:
    """`body` with line `index` (0-based) rewritten as `key: "value"`, and the key; None when
    that line is not a plain one-line `key: value`."""
    lines = body.split("\n")
    found = _PLAIN_LINE.match(lines[index]) if index < len(lines) else None
    if found is None:
        return None
    key, value = found.groups()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    lines[index] = f'{key}: "{escaped}"'
    return "\n".join(lines), key


def _text(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None
