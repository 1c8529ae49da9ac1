"""How much of the article each email carries: words, reading time, and sections merged or
split so that every email is worth opening and short enough to finish.

A section shorter than `[article] min_words` is merged into its neighbour, its heading kept
as a sub-heading; one longer than `max_words` becomes "part 1 of N" sections of about equal
length, cut before a sub-heading when its groups fit, else between blocks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from kapmail.content import Block, Section, passages
from kapmail.content.model import SubHeading, Text
from kapmail.text import word_count

WORDS_PER_MINUTE = 200  # a careful reader of an educational article


def count_words(blocks: tuple[Block, ...] | list[Block]) -> int:
    """The words of the article in `blocks` (prose, list items, quotes, tables, alt text);
    each Chinese or Japanese character counts as one (`text.word_count`)."""
    return sum(word_count(text) for text, _line in passages(blocks))


def reading_minutes(words: int) -> int:
    """Whole minutes to read `words` (at least 1)."""
    return max(1, round(words / WORDS_PER_MINUTE))


def sized(
    sections: tuple[Section, ...],
    least: int,
    most: int,
    part_title: Callable[[str, int, int], str],
) -> list[Section]:
    """The sections as emails: one shorter than `least` words merged into its neighbour
    (its heading kept as a sub-heading), one longer than `most` split into parts, titled
    `part_title(title, part, parts)` in the series' language ("Sleep (part 1 of 2)")."""
    merged: list[Section] = []
    for section in sections:
        tiny = count_words(section.blocks) < least or (
            len(merged) == 1 and count_words(merged[0].blocks) < least
        )
        if merged and least and tiny:
            merged[-1] = _joined(merged[-1], section)
        else:
            merged.append(section)
    return [part for section in merged for part in _split(section, most, part_title)]


def _joined(first: Section, second: Section) -> Section:
    heading = SubHeading((Text(second.title),), second.line)
    return dataclasses.replace(first, blocks=(*first.blocks, heading, *second.blocks))


def _split(
    section: Section, most: int, part_title: Callable[[str, int, int], str]
) -> list[Section]:
    """A section over `most` words as "part 1 of N" sections of about equal length, cut
    before a sub-heading when its groups fit, else between blocks."""
    total = count_words(section.blocks)
    if total <= most:
        return [section]
    groups: list[list[Block]] = []
    for block in section.blocks:
        if not groups or isinstance(block, SubHeading):
            groups.append([])
        groups[-1].append(block)
    if any(count_words(group) > most for group in groups):
        groups = [[block] for block in section.blocks]
    count = -(-total // most)
    target = total / count
    parts: list[list[Block]] = [[]]
    done = 0
    for group in groups:
        words = count_words(group)
        if parts[-1] and done + words / 2 > target * len(parts) and len(parts) < count:
            parts.append([])
        parts[-1] += group
        done += words
    parts = [part for part in parts if part]
    if len(parts) == 1:
        return [section]
    return [
        Section(
            section.number,
            part_title(section.title, index, len(parts)),
            tuple(part),
            section.line if index == 1 else part[0].line,
        )
        for index, part in enumerate(parts, start=1)
    ]
