"""The plain-text reader: title, numbered and titled sections, lists, links, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapmail.content.model import (
    BulletList,
    Heading,
    Link,
    ListItem,
    NumberedList,
    Outline,
    Paragraph,
    Text,
    plain_text,
)
from kapmail.content.plaintext import MAX_DEPTH, read_plaintext

KAP_ARTICLE = Path(__file__).resolve().parent.parent / "campaigns/kap-conditions/article.txt"

GRIEF = """\
Finding Your Feet After a Loss

Grief does not keep to a timetable. Some mornings feel almost ordinary,
and some afternoons knock the wind out of you.

Start Softly

Pick one small task each day and let that be enough.

- Drink a glass of water before the first coffee
• Step outside for five minutes
  - even the balcony counts
  - so does an open window
– Write down one thing you noticed
  and why it stayed with you

Ask for Help

The support line at https://example.org/grief. is open late. Or write to care@example.org.

In Summary

Be patient with yourself; there is no right way to do this.

What is one small kindness you could offer yourself this week?
"""

STRESS = """\
Handling Stress at Work

Pressure builds slowly, and most of us notice it late.

1. Spot the Signs

Tight shoulders, short sleep and a short temper are early clues.

2. Practise a Reset

When the pressure rises, try this:

1. Notice and name it
2. Breathe out slowly
3. Return to one task

3. Protect Your Evenings

Keep one evening a week free of email.

Key Takeaways:

Small habits add up over a month.

Which of these habits will you try first?
"""


def numbered(text: str) -> list[tuple[int, str]]:
    return list(enumerate(text.split("\n"), start=1))


def read(text: str, **options: str) -> Outline:
    return read_plaintext(numbered(text), **options)


def headings(outline: Outline) -> list[tuple[str, int | None]]:
    return [(p.title, p.number) for p in outline.parts if isinstance(p, Heading)]


def blocks(outline: Outline, kind: type) -> list:
    return [p for p in outline.parts if isinstance(p, kind)]


def item_texts(items: tuple[ListItem, ...]) -> list[str]:
    return [plain_text(item.blocks[0]) for item in items]


def test_kap_article_has_six_numbered_sections_and_a_conclusion():
    lines = KAP_ARTICLE.read_text(encoding="utf-8").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    assert lines.pop().strip() == "4o"
    outline = read_plaintext(list(enumerate(lines, start=1)))
    assert outline.title is None
    assert headings(outline) == [
        ("Depressive Disorders", 1),
        ("Trauma-Related Disorders (Including PTSD)", 2),
        ("Mood Disorders", 3),
        ("Attention Deficit Disorders (ADD/ADHD)", 4),
        ("Anxiety Disorders", 5),
        ("Sleep Disorders", 6),
        ("Conclusion", None),
    ]
    heading_lines = [p.line for p in outline.parts if isinstance(p, Heading)]
    assert heading_lines == [2, 4, 6, 8, 10, 12, 14]
    assert [lines[n - 1].strip() for n in heading_lines[:2]] == [
        "1. Depressive Disorders",
        "2. Trauma-Related Disorders (Including PTSD)",
    ]
    assert lines[13].strip() == "Conclusion"
    prose = [n for n in range(1, len(lines) + 1) if n not in heading_lines]
    assert len(prose) == 9
    assert all(isinstance(p, Heading | Paragraph) for p in outline.parts)
    paragraphs = blocks(outline, Paragraph)
    assert [p.line for p in paragraphs] == prose
    assert [p.text for p in paragraphs] == [lines[n - 1].strip() for n in prose]
    assert [p.line for p in outline.parts] == list(range(1, len(lines) + 1))
    assert outline.parts[-1] is paragraphs[-1]
    assert paragraphs[-1].text.startswith("Are you considering offering KAP")
    assert paragraphs[-1].text.endswith("?")


def test_titled_article_has_title_sections_lists_and_links():
    outline = read(GRIEF)
    assert outline.title == "Finding Your Feet After a Loss"
    assert headings(outline) == [
        ("Start Softly", None),
        ("Ask for Help", None),
        ("In Summary", None),
    ]
    kinds = [type(p).__name__ for p in outline.parts]
    assert kinds == [
        "Paragraph",
        "Heading",
        "Paragraph",
        "BulletList",
        "Heading",
        "Paragraph",
        "Heading",
        "Paragraph",
        "Paragraph",
    ]
    intro = outline.parts[0]
    assert intro.line == 3
    assert intro.text == (
        "Grief does not keep to a timetable. Some mornings feel almost ordinary, "
        "and some afternoons knock the wind out of you."
    )
    assert [p.line for p in outline.parts] == [3, 6, 8, 10, 17, 19, 21, 23, 25]


def test_bullets_of_three_kinds_form_one_list_with_nesting_and_continuation():
    (bullets,) = blocks(read(GRIEF), BulletList)
    assert bullets.line == 10
    assert item_texts(bullets.items) == [
        "Drink a glass of water before the first coffee",
        "Step outside for five minutes",
        "Write down one thing you noticed and why it stayed with you",
    ]
    assert [item.line for item in bullets.items] == [10, 11, 14]
    nested = bullets.items[1].blocks[1]
    assert isinstance(nested, BulletList)
    assert nested.line == 12
    assert item_texts(nested.items) == ["even the balcony counts", "so does an open window"]
    assert len(bullets.items[0].blocks) == len(bullets.items[2].blocks) == 1


def test_bare_url_and_email_become_links_with_the_full_stop_outside():
    outline = read(GRIEF)
    help_text = outline.parts[5]
    assert help_text.spans == (
        Text("The support line at "),
        Link("https://example.org/grief", (Text("https://example.org/grief"),)),
        Text(". is open late. Or write to "),
        Link("mailto:care@example.org", (Text("care@example.org"),)),
        Text("."),
    )


def test_www_links_plain_markup_and_placeholders_stay_literal():
    outline = read("See www.example.org, *not bold* {{ name }} and example.com.\nMore.")
    (first, second) = outline.parts
    assert first.spans == (
        Text("See "),
        Link("https://www.example.org", (Text("www.example.org"),)),
        Text(", *not bold* {{ name }} and example.com."),
    )
    assert second.spans == (Text("More."),)


def test_numbered_sections_with_a_restarting_list_inside():
    outline = read(STRESS)
    assert outline.title == "Handling Stress at Work"
    assert headings(outline) == [
        ("Spot the Signs", 1),
        ("Practise a Reset", 2),
        ("Protect Your Evenings", 3),
        ("Key Takeaways", None),
    ]
    (steps,) = blocks(outline, NumberedList)
    assert steps.start == 1
    assert steps.line == 13
    assert item_texts(steps.items) == [
        "Notice and name it",
        "Breathe out slowly",
        "Return to one task",
    ]
    section_two = outline.parts.index(Heading("Practise a Reset", 9, 2))
    assert outline.parts[section_two + 2] is steps


def test_sentence_like_numbered_lines_are_a_list_not_sections():
    text = (
        "Before the first section:\n\n"
        "1. Write down what is worrying you.\n"
        "2) decide which part of it you can change\n\n"
        "1. First Steps\n\nBegin here.\n\n2. Next Steps\n\nThen here."
    )
    outline = read(text)
    assert headings(outline) == [("First Steps", 1), ("Next Steps", 2)]
    (lst,) = blocks(outline, NumberedList)
    assert (lst.start, lst.line) == (1, 3)
    assert item_texts(lst.items) == [
        "Write down what is worrying you.",
        "decide which part of it you can change",
    ]


def test_step_and_part_headings():
    text = (
        "Step 1: Settle In\nFind a quiet chair.\nStep 2 – Look Around\nName five things.\n"
        "Part 3 - Check In\nAsk how you feel.\nStep 9: breathe slowly"
    )
    outline = read(text)
    assert outline.title is None
    assert headings(outline) == [("Settle In", 1), ("Look Around", 2), ("Check In", 3)]
    assert blocks(outline, Paragraph)[-1].text == "Step 9: breathe slowly"


def test_numbered_lists_nest_under_bullets():
    text = "Intro line.\n\n- Pack a bag\n  1. Water\n  2. Snacks\n- Tell a friend\n\nDone."
    (bullets,) = blocks(read(text), BulletList)
    assert item_texts(bullets.items) == ["Pack a bag", "Tell a friend"]
    inner = bullets.items[0].blocks[1]
    assert isinstance(inner, NumberedList)
    assert (inner.start, inner.line, item_texts(inner.items)) == (1, 4, ["Water", "Snacks"])


def test_tight_numbered_run_is_a_list_even_if_its_numbers_fit_the_sections():
    text = "Intro text here.\n\n1. Breathe\n2. Walk\n3. Call\n\nMore intro.\n\n4. Real One\n\nText."
    outline = read(text)
    assert headings(outline) == [("Real One", 4)]
    assert item_texts(blocks(outline, NumberedList)[0].items) == ["Breathe", "Walk", "Call"]


def test_one_per_line_list_restarting_inside_a_section():
    text = (
        "1. Spot It\nNotice first.\n2. Practise\n1. Notice and name it\n"
        "2. Breathe out slowly\n3. Rest Well\nSleep matters."
    )
    outline = read(text)
    assert headings(outline) == [("Spot It", 1), ("Practise", 2), ("Rest Well", 3)]
    (steps,) = blocks(outline, NumberedList)
    assert (steps.line, item_texts(steps.items)) == (
        4,
        ["Notice and name it", "Breathe out slowly"],
    )


def test_text_after_a_nested_list_is_a_new_paragraph_in_the_parent_item():
    text = "Lead.\n\n- Parent item\n  - child item\n  back in the parent\n- Second\n\nEnd."
    (bullets,) = blocks(read(text), BulletList)
    parent = bullets.items[0]
    assert [type(b) for b in parent.blocks] == [Paragraph, BulletList, Paragraph]
    assert (parent.blocks[2].text, parent.blocks[2].line) == ("back in the parent", 5)
    assert item_texts(bullets.items) == ["Parent item", "Second"]


def test_sections_option_overrides_the_style():
    as_numbered = read(GRIEF, sections="numbered")
    assert headings(as_numbered) == [("In Summary", None)]
    assert "Start Softly" in [p.text for p in blocks(as_numbered, Paragraph)]
    as_titled = read(STRESS, sections="titled")
    assert headings(as_titled) == [("Key Takeaways", None)]
    first = blocks(as_titled, NumberedList)[0]
    assert item_texts(first.items) == ["Spot the Signs"]


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("Fazit", "Fazit"),
        ("Conclusión", "Conclusión"),
        ("En résumé", "En résumé"),
        ("Key Takeaways:", "Key Takeaways"),
        ("7. Conclusion", "Conclusion"),
    ],
)
def test_conclusion_headings_in_several_languages(line: str, title: str):
    text = f"1. Only Section\nSome text here.\n{line}\nA closing thought.\nAnd you?"
    outline = read(text)
    assert headings(outline) == [("Only Section", 1), (title, None)]
    assert outline.parts[2] == Heading(title, 3)


def test_custom_conclusion_name():
    text = "Start Here\n\nA first paragraph.\n\nWhat we learned\n\nQuite a lot, in fact."
    outline = read(text, conclusion="What we learned")
    assert outline.title == "Start Here"
    assert headings(outline) == [("What we learned", None)]
    assert read(text).parts[1] == Heading("What we learned", 5)  # a titled heading anyway
    assert headings(read(text, sections="numbered", conclusion="what we learned")) == [
        ("What we learned", None)
    ]
    assert headings(read(text, sections="numbered")) == []


def test_one_paragraph_per_line_without_blank_lines():
    outline = read("First thought here.\nSecond thought here.\nThird thought here.")
    assert [(p.text, p.line) for p in outline.parts] == [
        ("First thought here.", 1),
        ("Second thought here.", 2),
        ("Third thought here.", 3),
    ]
    joined = read("First thought\ncontinues here.\n\nSecond thought here.")
    assert [(p.text, p.line) for p in joined.parts] == [
        ("First thought continues here.", 1),
        ("Second thought here.", 4),
    ]


def test_one_per_line_lists_still_group():
    outline = read("Some habits help.\n- Sleep\n- Walk\n- Talk\nThat is all.")
    assert [type(p) for p in outline.parts] == [Paragraph, BulletList, Paragraph]
    assert item_texts(outline.parts[1].items) == ["Sleep", "Walk", "Talk"]


def test_title_needs_a_following_line_and_a_title_shape():
    assert read("Just One Line").title is None
    assert read("Just One Line").parts == (Paragraph((Text("Just One Line"),), 1),)
    assert read("A sentence, really.\nMore.").title is None
    assert read("1. Numbered Start\nBody text.").title is None
    assert read("- Bullet Start\n- Other").title is None
    assert read("Conclusion\nBody text.").title is None
    assert read("A wrapped first line with no stop\ncarries on here.").title is None
    outline = read("\n\n  My Title  \n\nBody text.\n\n")
    assert outline.title == "My Title"
    assert outline.parts == (Paragraph((Text("Body text."),), 5),)


def test_blank_line_after_title_does_not_stop_one_per_line_mode():
    outline = read("A Title\n\nFirst line.\nSecond line.")
    assert outline.title == "A Title"
    assert [p.line for p in outline.parts] == [3, 4]


def test_titled_heading_needs_to_stand_alone_before_prose():
    text = (
        "Intro paragraph here.\n\n"
        "Not a Heading\nbecause this wraps.\n\n"
        "Also Not a Heading\n\n- a list follows\n\n"
        "Real Heading\n\nProse under it."
    )
    outline = read(text)
    assert headings(outline) == [("Real Heading", None)]
    assert blocks(outline, Paragraph)[1].text == "Not a Heading because this wraps."


def test_list_nesting_is_capped():
    deep = [(n, " " * (2 * n) + "- level") for n in range(1, 2001)]
    (outer,) = read_plaintext(deep).parts
    depth, lst = 1, outer
    while len(lst.items[-1].blocks) > 1:
        depth, lst = depth + 1, lst.items[-1].blocks[1]
    assert depth == MAX_DEPTH
    assert len(lst.items) == 2001 - MAX_DEPTH


def test_rejects_an_unknown_sections_value():
    with pytest.raises(ValueError, match="sections"):
        read("x", sections="markdown")
