"""The article parser on the real article and on the formats staff paste in."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapmail.content import parse_article, plain_text, read_article
from kapmail.content.model import NumberedList
from kapmail.errors import KapmailError
from tests.conftest import KAP_ARTICLE, QUESTION

KAP_TITLES = [
    "Depressive Disorders",
    "Trauma-Related Disorders (Including PTSD)",
    "Mood Disorders",
    "Attention Deficit Disorders (ADD/ADHD)",
    "Anxiety Disorders",
    "Sleep Disorders",
]


def parse(text: str, *, markdown: bool = False):
    return parse_article(
        text, path=Path("article.md" if markdown else "article.txt"), markdown=markdown
    )


def test_real_article_has_intro_six_sections_conclusion_and_question():
    article = read_article(KAP_ARTICLE)
    assert [s.title for s in article.sections] == KAP_TITLES
    assert [s.number for s in article.sections] == [1, 2, 3, 4, 5, 6]
    assert article.intro[0].text.startswith("In recent years, ketamine-assisted psychotherapy")
    assert article.conclusion_title == "Conclusion"
    assert article.conclusion[0].text.startswith("Ketamine-assisted psychotherapy represents")
    assert article.question is not None and article.question.text == QUESTION


def test_real_article_drops_the_model_label_and_keeps_line_numbers():
    article = read_article(KAP_ARTICLE)
    everything = [p.text for p in article.intro + article.conclusion]
    everything += [p.text for s in article.sections for p in s.blocks]
    assert not any(text.strip() == "4o" for text in everything)
    assert article.sections[0].line == 2
    assert article.sections[0].blocks[0].line == 3
    assert article.question.line == 16


def test_crlf_blank_lines_trailing_spaces_and_wrapped_paragraphs():
    text = (
        "Intro line one  \r\ncontinues here.\r\n\r\n"
        "1) First Topic\r\n\r\nPara one.   \r\n\r\nPara two is\r\nwrapped.\r\n\r\n"
        "2) Second Topic\r\n\r\nBody two.\r\n\r\n"
        "3) Third Topic\r\n\r\nBody three.\r\n\r\n"
        "Conclusion\r\n\r\nWrapping up.\r\n\r\nWhat will you try first?\r\n\r\ngpt-4o\r\n"
    )
    article = parse(text)
    assert [s.title for s in article.sections] == ["First Topic", "Second Topic", "Third Topic"]
    assert [p.text for p in article.sections[0].blocks] == [
        "Para one.",
        "Para two is wrapped.",
    ]
    assert article.intro[0].text == "Intro line one continues here."
    assert article.question.text == "What will you try first?"
    assert article.conclusion[0].text == "Wrapping up."


def test_markdown_headings_title_emphasis_and_links():
    text = (
        "# Sleep and the Therapist\n\nAn **opening** paragraph.\n\n"
        "## 1. Insomnia\n\nText with a [link](https://example.org/a).\n\n"
        "## Nightmares\n\nMore *text*.\n\nA second paragraph.\n\n"
        "## Shift Work\n\nThird.\n\n## Circadian Rhythm\n\nFourth.\n\n"
        "## Conclusion\n\nSum up.\n\nWill you ask clients about sleep?\n"
    )
    article = parse(text, markdown=True)
    assert article.title == "Sleep and the Therapist"
    assert [s.title for s in article.sections] == [
        "Insomnia",
        "Nightmares",
        "Shift Work",
        "Circadian Rhythm",
    ]
    assert article.intro[0].text == "An opening paragraph."
    assert article.sections[0].blocks[0].text == "Text with a link."
    link = article.sections[0].blocks[0].spans[1]
    assert (link.href, link.children[0].text) == ("https://example.org/a", "link")
    assert len(article.sections[1].blocks) == 2
    assert article.question.text == "Will you ask clients about sleep?"


def test_curly_quotes_and_question_without_conclusion_heading():
    text = "Intro “quoted”.\n1. Alpha\nIt’s fine.\n2. Beta\nBody.\nShall we talk?\n"
    article = parse(text)
    assert article.intro[0].text == "Intro “quoted”."
    assert article.sections[0].blocks[0].text == "It’s fine."
    assert article.conclusion_title is None
    assert article.question.text == "Shall we talk?"
    assert [p.text for p in article.sections[1].blocks] == ["Body."]


def test_numbered_sentence_is_not_a_heading():
    text = "Intro.\n1. Alpha\n2. this is a numbered sentence in the body.\nMore.\nWhy?\n"
    article = parse(text)
    assert [s.title for s in article.sections] == ["Alpha"]
    (steps,) = article.sections[0].blocks[:1]
    assert isinstance(steps, NumberedList) and steps.start == 2
    assert plain_text(steps).startswith("this is a numbered sentence")


@pytest.mark.parametrize(
    ("text", "expected", "line"),
    [
        ("", "empty", None),
        ("Intro.\nConclusion\nDone.\nQ?\n", "no sections", None),
        ("Intro.\n1. Alpha\nOnly a question?\n", "'Alpha' has no text", 2),
        ("Intro __KAPMAIL_X.\n1. A\nB.\nQ?\n", "reserved", 1),
    ],
)
def test_bad_articles_raise_one_error_with_file_and_line(text, expected, line):
    with pytest.raises(KapmailError) as caught:
        parse(text)
    assert expected in caught.value.message
    assert caught.value.file == "article.txt"
    assert caught.value.line == line


def test_binary_and_non_utf8_files(tmp_path):
    binary = tmp_path / "a.txt"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(KapmailError, match="not a text file"):
        read_article(binary)
    latin = tmp_path / "b.txt"
    latin.write_bytes("Intro café.\n1. A\nB.\nQ?\n".encode("latin-1"))
    with pytest.raises(KapmailError) as caught:
        read_article(latin)
    assert "byte 9" in caught.value.message
    assert "--encoding" in caught.value.hint
    assert read_article(latin, encoding="latin-1").intro[0].text == "Intro café."


def test_unicode_and_word_line_breaks_split_lines():
    text = "Intro.\u20281. Alpha\x0bBody one.\u2029Body two.\x852. Beta\nBody.\nWhy?\n"
    article = parse(text)
    assert [s.title for s in article.sections] == ["Alpha", "Beta"]
    assert [p.text for p in article.sections[0].blocks] == ["Body one.", "Body two."]


def test_control_characters_are_refused_with_the_line():
    with pytest.raises(KapmailError) as caught:
        parse("Intro.\n1. Alpha\nBody \x01one.\nWhy?\n")
    assert caught.value.message == "control character U+0001 in the text"
    assert caught.value.line == 3


def test_a_last_heading_with_nothing_under_it_makes_no_email(tmp_path: Path) -> None:
    """A real post ended with '## References' over footnotes only (which go with the parts
    citing them): it was refused as an empty section; now it is left out with a notice."""
    text = (
        "# Post\n\nIntro.\n\n## One\n\nA claim.[^1]\n\n## Two\n\nMore.\n\n"
        "## References\n\n[^1]: A source.\n"
    )
    path = tmp_path / "post.md"
    path.write_text(text)
    article = read_article(path)
    assert [s.title for s in article.sections] == ["One", "Two"]
    assert any("the last heading, 'References', has nothing under it" in n for n in article.notices)
    assert "A source." in repr(article.sections[0].blocks)
