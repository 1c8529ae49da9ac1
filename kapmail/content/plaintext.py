"""Plain-text article -> Outline: title, section headings, paragraphs, lists and bare links.

Paragraphs are separated by blank lines, or (when the body has no blank line) one per line.
Sections start at numbered headings (`1. Title`, `Step 1: Title`) or, when there are none,
at short title lines standing alone; a conclusion heading is always a heading. `-` `*` `•`
`–` `—` lines are bullets and `1.`/`1)` lines that are not section headings are numbered
lists, both nesting by indentation. Only bare URLs and e-mail addresses become links.
Just over 300 lines: the heading-or-list decisions are one state machine, kept together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kapmail.content.closing import is_conclusion
from kapmail.content.model import (
    Block,
    BulletList,
    Heading,
    ListItem,
    NumberedList,
    Outline,
    Paragraph,
)
from kapmail.content.spans import MAX_DEPTH, bare_links  # deeper items stay at the last level

_BULLET = re.compile(r"^[-*•–—]\s+(\S.*)$")
_ITEM = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_STEP = re.compile(r"^(?:step|part)\s+(\d{1,3})\s*[:\-–—]\s+(\S.*)$", re.IGNORECASE)
_END = (".", ",", ";", ":", "!", "?")
TITLE_MAX = 100
TITLED_MAX = 80


@dataclass(frozen=True)
class _Line:
    number: int
    indent: int
    text: str  # stripped; "" for a blank line


@dataclass
class _Para:
    line: int
    texts: list[str]


@dataclass
class _Item:
    line: int
    indent: int
    blocks: list[_Para | _List]


@dataclass
class _List:
    numbered: bool
    line: int
    start: int
    items: list[_Item]


def read_plaintext(
    lines: Sequence[tuple[int, str]], *, sections: str | None = None, conclusion: str | None = None
) -> Outline:
    """Parse (line number, text) pairs; `sections` is None (automatic), "numbered" or "titled"."""
    if sections not in (None, "numbered", "titled"):
        raise ValueError(f"sections must be 'numbered' or 'titled', not {sections!r}")
    body = _trim([_Line(n, len(text) - len(text.lstrip()), text.strip()) for n, text in lines])
    title = _title(body, conclusion)
    if title is not None:
        body = _trim(body[1:])
    per_line = all(line.text for line in body)
    parts = _Reader(body, sections or "numbered", per_line, conclusion).run()
    if sections is None and not any(isinstance(p, Heading) and p.number is not None for p in parts):
        parts = _Reader(body, GUESSED_TITLED, per_line, conclusion).run()
    return Outline(title, tuple(parts))


def _trim(lines: list[_Line]) -> list[_Line]:
    filled = [i for i, line in enumerate(lines) if line.text]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def _number(text: str) -> tuple[int, str, bool] | None:
    """(number, text after it, is a `1.`/`1)` list marker) for a numbered line."""
    match = _ITEM.match(text) or _STEP.match(text)
    return (int(match[1]), match[2].strip(), match.re is _ITEM) if match else None


def _heading_like(text: str) -> bool:
    """The text after a number reads as a section title, not a sentence."""
    return len(text) <= TITLE_MAX and not text.endswith(_END[:4]) and not text[:1].islower()


def _titled_shape(text: str) -> bool:
    """A short, unpunctuated line starting upper-case or with a digit (a titled heading)."""
    return (
        len(text) <= TITLED_MAX
        and not text.endswith(_END)
        and (text[:1].isupper() or text[:1].isdigit())
        and not _BULLET.match(text)
        and _number(text) is None
    )


def _conclusion(text: str, extra: str | None) -> str | None:
    """The heading's title when `text` is a conclusion heading (number and colon dropped)."""
    if _BULLET.match(text) or not is_conclusion(text, extra):
        return None
    return re.sub(r"^\d{1,3}[.)]\s+", "", text).rstrip(" :.")


def _title(body: list[_Line], extra: str | None) -> str | None:
    """The first line when it is the article's title."""
    if len(body) < 2 or body[1].text[:1].islower():  # no more lines, or a wrapped paragraph
        return None
    text = body[0].text
    shaped = len(text) <= TITLE_MAX and not text.endswith(_END) and not _BULLET.match(text)
    heading = _number(text) is not None or _conclusion(text, extra) is not None
    return text if shaped and not heading else None


GUESSED_TITLED = "titled (guessed)"  # titled sections found without [article] sections


class _Reader:
    """One pass over the body lines, with sections found in one style."""

    def __init__(self, lines: list[_Line], mode: str, per_line: bool, extra: str | None):
        self.lines, self.mode, self.per_line, self.extra = lines, mode, per_line, extra
        self.parts: list[Heading | Block] = []
        self.para: _Para | None = None
        self.stack: list[_List] = []  # open lists, outermost first
        self.last_section: int | None = None
        self.prev = "start"  # kind of the previous line: start, blank, item, prose, heading
        self.prev_item: tuple[int, int] | None = None  # (number, indent) of a numbered item

    def run(self) -> list[Heading | Block]:
        for i, line in enumerate(self.lines):
            self.prev = self._line(i, line)
            if self.prev != "item":
                self.prev_item = None
        self._flush()
        self._close()
        return self.parts

    def _line(self, i: int, line: _Line) -> str:
        text = line.text
        if not text:
            self._flush()
            return "blank"
        if (title := _conclusion(text, self.extra)) is not None:
            return self._heading(Heading(title, line.number))
        if bullet := _BULLET.match(text):
            self._item(line, bullet[1].strip(), None)
            self.prev_item = None
            return "item"
        numbered = _number(text)
        if numbered and self._section(i, *numbered):
            self.last_section = numbered[0]
            return self._heading(Heading(numbered[1], line.number, numbered[0]))
        if numbered and numbered[2]:
            self._item(line, numbered[1], numbered[0])
            self.prev_item = (numbered[0], line.indent)
            return "item"
        if self._continues(line):
            return "item"
        if self.mode in ("titled", GUESSED_TITLED) and self._titled(i):
            return self._heading(Heading(text, line.number))
        self._close()
        self.para = self.para or _Para(line.number, [])
        self.para.texts.append(text)
        if self.per_line:
            self._flush()
        return "prose"

    def _next(self, i: int) -> int | None:
        return next((j for j in range(i + 1, len(self.lines)) if self.lines[j].text), None)

    def _section(self, i: int, number: int, text: str, marker: bool) -> bool:
        """A numbered line starts a section (rather than being a list item)."""
        line = self.lines[i]
        if self.mode != "numbered" or not _heading_like(text):
            return False
        if self.stack and line.indent >= self.stack[-1].items[-1].indent + 2:
            return False  # nested under a list item
        if self.last_section is not None and number != self.last_section + 1:
            return False
        if not self.per_line and self.prev_item == (number - 1, line.indent) and marker:
            return False  # continues the list on the line above
        j = self._next(i)
        following = _number(self.lines[j].text) if j is not None else None
        # A tight run of numbered lines between paragraphs is a list. (A title right after a
        # heading makes an empty section, which assembly reports.)
        tight = following and following[0] == number + 1 and not self.per_line and j == i + 1
        return not tight

    def _titled(self, i: int) -> bool:
        """A short title line standing alone, followed by a prose line."""
        alone = self.per_line or self.prev in ("start", "blank")
        j = self._next(i)
        if not alone or j is None or not _titled_shape(self.lines[i].text):
            return False
        text = self.lines[j].text
        if _titled_shape(text):
            return False  # another title line: not prose
        listed = _BULLET.match(text) or _number(text) is not None
        if listed and (self.per_line or j == i + 1 or self.mode == GUESSED_TITLED):
            return False  # a list under it: a list's lead-in, unless the campaign says titled
        wrapped = not self.per_line and j == i + 1 and text[:1].islower()
        return not wrapped and _conclusion(text, self.extra) is None

    def _heading(self, heading: Heading) -> str:
        self._flush()
        self._close()
        self.parts.append(heading)
        return "heading"

    def _item(self, line: _Line, text: str, number: int | None) -> None:
        self._flush()
        item = _Item(line.number, line.indent, [_Para(line.number, [text])])
        new = _List(number is not None, line.number, number or 1, [item])
        if not self.stack:
            self.stack = [new]
            return
        last = self.stack[-1].items[-1]
        if line.indent >= last.indent + 2 and len(self.stack) < MAX_DEPTH:
            last.blocks.append(new)
            self.stack.append(new)
            return
        while len(self.stack) > 1 and line.indent < self.stack[-1].items[0].indent:
            self.stack.pop()
        if self.stack[-1].numbered == new.numbered:
            self.stack[-1].items.append(item)
        elif len(self.stack) == 1:
            self._close()
            self.stack = [new]
        else:
            self.stack[-2].items[-1].blocks.append(new)
            self.stack[-1] = new

    def _continues(self, line: _Line) -> bool:
        """An indented line right after a list item continues the innermost item it is under."""
        if not self.stack or self.prev != "item" or line.indent <= self.stack[0].items[-1].indent:
            return False
        while line.indent <= self.stack[-1].items[-1].indent:
            self.stack.pop()
        blocks = self.stack[-1].items[-1].blocks
        last = blocks[-1]
        if not isinstance(last, _Para):
            last = _Para(line.number, [])
            blocks.append(last)
        last.texts.append(line.text)
        return True

    def _flush(self) -> None:
        if self.para is not None:
            self.parts.append(_paragraph(self.para))
            self.para = None

    def _close(self) -> None:
        if self.stack:
            self.parts.append(_build(self.stack[0]))
            self.stack = []


def _paragraph(para: _Para) -> Paragraph:
    return Paragraph(bare_links(" ".join(para.texts)), para.line)


def _build(lst: _List) -> BulletList | NumberedList:
    items = tuple(
        ListItem(
            tuple(_paragraph(b) if isinstance(b, _Para) else _build(b) for b in item.blocks),
            item.line,
        )
        for item in lst.items
    )
    return NumberedList(items, lst.line, lst.start) if lst.numbered else BulletList(items, lst.line)
