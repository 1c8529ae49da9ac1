"""Markdown reader: Markdown text -> Outline (title, headings, blocks, inline spans)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from kapmail.content.markdown import read_markdown
from kapmail.content.model import (
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Image,
    LineBreak,
    Link,
    ListItem,
    NumberedList,
    Outline,
    Paragraph,
    Quote,
    Strong,
    SubHeading,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)

SLEEP = """\
# Sleep hygiene for busy parents

Most of us know we should sleep more. Knowing is the easy part.

## The bedroom

A cool, dark room helps the body wind down.

### Light

Blackout curtains are cheap and they work.

## Evening habits

Put the phone in another room an hour before bed.
"""


def nodes(value: object) -> Iterator[object]:
    """Every model node inside value (itself included), depth first."""
    if isinstance(value, tuple | list):
        for child in value:
            yield from nodes(child)
    elif dataclasses.is_dataclass(value):
        yield value
        for field in dataclasses.fields(value):
            yield from nodes(getattr(value, field.name))


def only(outline: Outline, kind: type) -> list:
    return [node for node in nodes(outline.parts) if isinstance(node, kind)]


def blocks(text: str) -> tuple:
    return read_markdown(text).parts


# ---- headings ---------------------------------------------------------------------------------


def test_title_sections_and_sub_headings() -> None:
    outline = read_markdown(SLEEP)
    assert outline.title == "Sleep hygiene for busy parents"
    assert [type(p).__name__ for p in outline.parts] == [
        "Paragraph",
        "Heading",
        "Paragraph",
        "SubHeading",
        "Paragraph",
        "Heading",
        "Paragraph",
    ]
    assert outline.parts[1] == Heading("The bedroom", 5)
    assert outline.parts[3] == SubHeading((Text("Light"),), 9, 3)
    assert outline.parts[5] == Heading("Evening habits", 13)


def test_no_title_with_h2_sections() -> None:
    outline = read_markdown("Grief has no timetable.\n\n## Early days\n\nBe gentle.\n")
    assert outline.title is None
    assert outline.parts == (
        Paragraph((Text("Grief has no timetable."),), 1),
        Heading("Early days", 3),
        Paragraph((Text("Be gentle."),), 5),
    )


def test_no_title_with_h1_sections() -> None:
    outline = read_markdown("Some words first.\n\n# Early days\n\n## Why it hurts\n\nText.\n")
    assert outline.title is None
    assert outline.parts[1] == Heading("Early days", 3)
    assert outline.parts[2] == SubHeading((Text("Why it hurts"),), 5, 3)


def test_numbered_headings() -> None:
    outline = read_markdown("# Rest\n\n## 1. Sleep\n\nx\n\n## 2) Food\n\ny\n\n## 2024 plans\n")
    headings = [p for p in outline.parts if isinstance(p, Heading)]
    assert headings == [Heading("Sleep", 3, 1), Heading("Food", 7, 2), Heading("2024 plans", 11)]


def test_sections_forced() -> None:
    text = "# Grief\n\n## Part one\n\n### Denial\n\nText.\n\n### Anger\n\nMore.\n"
    assert only(read_markdown(text), Heading) == [Heading("Part one", 3)]
    forced = read_markdown(text, sections="h3")
    assert [h.title for h in only(forced, Heading)] == ["Part one", "Denial", "Anger"]
    low = read_markdown("# T\n\n## A\n\n### B\n\n#### C\n", sections="h2")
    assert [(s.level, plain_text(s)) for s in only(low, SubHeading)] == [(3, "B"), (4, "C")]


def test_unknown_section_style_is_ignored() -> None:
    assert read_markdown(SLEEP, sections="numbered") == read_markdown(SLEEP)


# ---- blocks -----------------------------------------------------------------------------------


def test_bullet_list() -> None:
    (bullets,) = blocks("- Keep a regular bedtime\n- Skip late coffee\n")
    assert bullets == BulletList(
        (
            ListItem((Paragraph((Text("Keep a regular bedtime"),), 1),), 1),
            ListItem((Paragraph((Text("Skip late coffee"),), 2),), 2),
        ),
        1,
    )


def test_numbered_list_with_start() -> None:
    (numbered,) = blocks("3. Dim the lights\n4. Read a paper book\n")
    assert isinstance(numbered, NumberedList)
    assert numbered.start == 3
    assert [plain_text(item) for item in numbered.items] == ["Dim the lights", "Read a paper book"]
    (plain,) = blocks("1. One\n2. Two\n")
    assert plain.start == 1


def test_nested_list() -> None:
    (outer,) = blocks("- Morning\n  - daylight\n  - a walk\n- Evening\n")
    first = outer.items[0]
    assert first.blocks[0] == Paragraph((Text("Morning"),), 1)
    inner = first.blocks[1]
    assert isinstance(inner, BulletList)
    assert [plain_text(item) for item in inner.items] == ["daylight", "a walk"]
    assert inner.line == 2


def test_inline_spans() -> None:
    (para,) = blocks(
        "Sleep is **not** a *luxury*: run `sleep 8h` and read "
        "[the guide](https://example.org/sleep)."
    )
    assert para.spans == (
        Text("Sleep is "),
        Strong((Text("not"),)),
        Text(" a "),
        Emphasis((Text("luxury"),)),
        Text(": run "),
        Code("sleep 8h"),
        Text(" and read "),
        Link("https://example.org/sleep", (Text("the guide"),)),
        Text("."),
    )


def test_mailto_and_bare_url_links() -> None:
    (para,) = blocks("Write to [us](MAILTO:help@example.org) or see https://example.org/grief now")
    links = [s for s in para.spans if isinstance(s, Link)]
    assert links == [
        Link("MAILTO:help@example.org", (Text("us"),)),
        Link("https://example.org/grief", (Text("https://example.org/grief"),)),
    ]


def test_bare_file_names_are_not_links() -> None:
    (para,) = blocks("Open notes.md or www.example.org")
    assert para.spans == (
        Text("Open notes.md or "),
        Link("https://www.example.org", (Text("www.example.org"),)),  # https (issue 20)
    )


def test_image_alone_is_an_image_block() -> None:
    assert blocks('![A dark *bedroom*](https://example.org/room.jpg "Night")\n') == (
        Image("https://example.org/room.jpg", "A dark bedroom", 1, "Night"),
    )
    (image,) = blocks("![](https://example.org/a.png)")
    assert image == Image("https://example.org/a.png", "", 1, None)


def test_image_inside_text_splits_the_paragraph() -> None:
    assert blocks("Before bed ![a lamp](https://example.org/lamp.png) dim the lights.") == (
        Paragraph((Text("Before bed"),), 1),
        Image("https://example.org/lamp.png", "a lamp", 1),
        Paragraph((Text("dim the lights."),), 1),
    )
    parts = blocks("A calm room\n![lamp](https://example.org/lamp.png)\n")
    assert parts == (Paragraph((Text("A calm room"),), 1), Image(parts[1].src, "lamp", 2))


def test_table() -> None:
    (table,) = blocks(
        "Text before.\n\n| Age | Hours |\n|-----|------:|\n| Teen | **8-10** |\n| Adult | 7-9 |\n"
    )[1:]
    assert table == Table(
        header=((Text("Age"),), (Text("Hours"),)),
        rows=(
            ((Text("Teen"),), (Strong((Text("8-10"),)),)),
            ((Text("Adult"),), (Text("7-9"),)),
        ),
        line=3,
    )


def test_quote_with_attribution() -> None:
    (quote,) = blocks("> Grief is love with nowhere to go.\n>\n> — Jamie Anderson\n")
    assert quote == Quote(
        (Paragraph((Text("Grief is love with nowhere to go."),), 1),),
        1,
        (Text("Jamie Anderson"),),
    )
    (same_paragraph,) = blocks("> Rest is not idleness.\n> -- John *Lubbock*\n")
    assert same_paragraph.blocks == (Paragraph((Text("Rest is not idleness."),), 1),)
    assert same_paragraph.attribution == (Text("John "), Emphasis((Text("Lubbock"),)))


def test_quote_without_attribution() -> None:
    (quote,) = blocks("> Sleep is a skill.\n>\n> Practise it.\n")
    assert quote.attribution is None
    assert len(quote.blocks) == 2


def test_fenced_and_indented_code() -> None:
    assert blocks("```text\nbed 22:30\nwake 06:30\n```\n") == (
        CodeBlock("bed 22:30\nwake 06:30", 1),
    )
    assert blocks("Para.\n\n    indented\n") == (
        Paragraph((Text("Para."),), 1),
        CodeBlock("indented", 3),
    )


def test_thematic_break_and_hard_break() -> None:
    parts = blocks("Lights out.\\\nPhone away.\n\n---\n\nMorning.")
    assert parts == (
        Paragraph((Text("Lights out."), LineBreak(), Text("Phone away.")), 1),
        ThematicBreak(4),
        Paragraph((Text("Morning."),), 6),
    )


def test_soft_break_is_a_space() -> None:
    assert blocks("one\ntwo") == (Paragraph((Text("one two"),), 1),)


def test_line_numbers() -> None:
    text = "# Title\n\nIntro.\n\n## One\n\nThe paragraph on line 7.\n\n- item on 9\n"
    parts = read_markdown(text).parts
    assert parts[2] == Paragraph((Text("The paragraph on line 7."),), 7)
    assert parts[3].line == 9
    assert parts[3].items[0].line == 9


def test_plain_text_of_spans() -> None:
    (para,) = blocks("Rest is **bold**.")
    assert para.text == "Rest is bold."
    (only_bold,) = blocks("**bold**.")
    assert plain_text(only_bold) == "bold."


# ---- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    "<iframe src=x>",
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("html", HOSTILE)
@pytest.mark.parametrize("where", ["{}\n", "Some text {} more.\n", "- {}\n", "> {}\n"])
def test_raw_html_is_read_never_passed_through(html: str, where: str) -> None:
    """Issue 20 changed this on purpose: HTML in Markdown goes through the HTML reader (it
    was literal text). Nothing of it reaches the model as markup, and what an email cannot
    show is named in a notice."""
    outline = read_markdown(where.format(html))
    strings = [
        value
        for node in nodes(outline.parts)
        for field in dataclasses.fields(node)
        if isinstance(value := getattr(node, field.name), str)
    ]
    assert not any("<" in value or "alert" in value for value in strings)
    assert not only(outline, Image)
    assert not only(outline, Link)
    if "img" not in html:  # a picture without an address and alt text is nothing to name
        assert any("<script>" in n or "<iframe>" in n for n in outline.notices)


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[y](data:text/html,hi)",
        "![z](data:image/png;base64,AAA)",
        "[r](relative/path)",
        "![r](relative/pic.png)",
        "![j](javascript:alert(1))",
        "[f](file:///etc/passwd)",
        "[e]()",
        "<javascript:alert(1)>",
        "[a ![i](data:image/png;base64,AAA)](vbscript:x)",
    ],
)
def test_bad_links_and_images_are_dropped(text: str) -> None:
    outline = read_markdown(f"Look: {text} here.")
    assert not only(outline, Link)
    assert not only(outline, Image)
    assert plain_text(outline.parts).startswith("Look:")


def test_dropped_image_keeps_its_alt_text() -> None:
    assert blocks("See ![a calm room](room.png) here.") == (
        Paragraph((Text("See a calm room here."),), 1),
    )
    assert blocks("![](room.png)") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Hi {{ name }}, {% if x %}yes{% endif %} and *|FNAME|*.",
        "*|FNAME|* and *|LNAME|*, {{ user.first_name }}",
        "Dear *|IF:FNAME|*friend*|END:IF|*",
    ],
)
def test_template_syntax_stays_literal(text: str) -> None:
    (para,) = blocks(text)
    assert para.spans == (Text(text),)


def test_merge_tags_everywhere() -> None:
    parts = blocks(
        "## Hi *|FNAME|*\n\n`*|EMAIL|*` [link](https://example.org/?e=*|EMAIL|*) "
        "https://example.org/u?id=*|UNIQID|*\n\n```\n*|FNAME|*\n```\n"
    )
    assert parts[0] == Heading("Hi *|FNAME|*", 1)
    assert parts[1].spans[0] == Code("*|EMAIL|*")
    links = [s for s in parts[1].spans if isinstance(s, Link)]
    assert [link.href for link in links] == [
        "https://example.org/?e=*%7CEMAIL%7C*",
        "https://example.org/u?id=*%7CUNIQID%7C*",
    ]
    assert links[1].children == (Text("https://example.org/u?id=*|UNIQID|*"),)
    assert parts[2] == CodeBlock("*|FNAME|*", 5)
    assert "\ufdd0" not in repr(parts)


def test_emphasis_with_bars_is_still_emphasis() -> None:
    (para,) = blocks("a *b | c* d")
    assert para.spans == (Text("a "), Emphasis((Text("b | c"),)), Text(" d"))
