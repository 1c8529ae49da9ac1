"""Real-shaped articles (issue 20): a Jekyll post, a Hugo page bundle, a saved web page, an
article without headings, one with a 4,000-word section, one with all sections at `#`, one
with a section after the conclusion.

Each test compares the words the reader of the original sees (written out here by hand, as
the author of each article knows them) with the words of the planned emails: nothing lost,
nothing of the site or the front matter added, no email without its article text (R1 on).
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from kapmail import pipeline
from kapmail.cli import cli
from kapmail.content import read_article
from kapmail.content.html import read_html
from kapmail.content.markdown import read_markdown
from kapmail.content.model import (
    BulletList,
    Image,
    Link,
    ListItem,
    NumberedList,
    Paragraph,
    Quote,
    SubHeading,
    Text,
    plain_text,
)
from kapmail.errors import KapmailError
from kapmail.pipeline import Pass
from kapmail.plan import CONCLUSION, INTRO, Series
from tests.conftest import copy_org
from tests.html_text import visible_text

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_PART = re.compile(r" \(part \d+ of \d+\)$")


def words(text: str) -> list[str]:
    """The words of `text`, lower case, without numbers and punctuation."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def seen(block: object) -> str:
    """What a reader sees of a block: its text, not an image's alt text."""
    if isinstance(block, Image):
        return ""
    if isinstance(block, BulletList | NumberedList):
        return " ".join(seen(item) for item in block.items)
    if isinstance(block, ListItem | Quote):
        inner = " ".join(seen(b) for b in block.blocks)
        attribution = getattr(block, "attribution", None)
        return f"{inner} {plain_text(attribution)}" if attribution else inner
    return plain_text(block)


def email_words(series: Series) -> list[str]:
    """Every article word the series' emails carry: each section title once (a split
    section's parts share it), blocks and the closing question; the layout's own words
    (a generated closing title) are not the article's."""
    found: list[str] = []
    titles: list[str] = []
    for email in series.emails:
        if email.kind == INTRO or email.title_line is not None:
            title = _PART.sub("", email.title)
            if title not in titles:
                titles.append(title)
                found += words(title)
        for block in email.blocks:
            found += words(seen(block))
        if email.kind == CONCLUSION and email.question:
            found += words(email.question)
    return found


def plan(path: Path) -> Series:
    return pipeline.plan(pipeline.load(path))


def assert_faithful(series: Series, original: str, *, absent: tuple[str, ...] = ()) -> None:
    """The emails carry exactly the words the original's reader sees; none is short."""
    assert Counter(email_words(series)) == Counter(words(original))
    passed = Pass(series)
    outgoing = passed.run()
    assert passed.findings is not None
    assert [f for f in passed.findings if f.rule == "R1"] == []
    for item in outgoing:
        shown = visible_text(item.html.decode()) + " " + item.text.decode()
        for noise in absent:
            assert noise.lower() not in shown.lower(), (item.email.slug, noise)


def png(path: Path, colour: str = "navy") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = io.BytesIO()
    PILImage.new("RGB", (120, 80), colour).save(data, "PNG")
    path.write_bytes(data.getvalue())


# ---- a Jekyll post ----------------------------------------------------------------------------

JEKYLL = """\
---
layout: post
title: "Sleep after a loss"
description: Why grief keeps you awake, and three small things that help at night.
date: 2024-03-02 10:00:00 +0000
categories: [grief, sleep]
---

<!-- INTERNAL NOTE: check the figures with Dana. Do not send before 15 Oct! -->

Losing someone turns nights upside down. This short series walks through why that happens
and what helps, one small step at a time, for anyone who lies awake after a loss.

## Why grief keeps you awake

Grief raises the body's alarm system.[^1] Stress hormones stay high in the evening, and the
mind replays the day again and again. Many people notice that the first weeks are the
hardest, and that nights slowly become easier.

<aside markdown="1" class="pquote">
<img src="https://example.org/avatars/ana.png" alt="Ana Ruiz, smiling" width="48">
"I slept with the radio on for a month."
<a href="https://example.org/stories/ana">Read Ana's story</a>
</aside>

[![A quiet bedroom at dusk](images/bedroom.png)](https://example.org/photos/bedroom)

## Three things that help

Keep the same wake-up time every day, even after a bad night. Get daylight in the morning.
Write down the worries that circle at night, so that they can wait until the morning.

These steps do not remove grief, but they give sleep a steady frame while the rest heals.

## Summary

Sleep returns for most people within a few months. Small routines help it come back
sooner, and talking to someone you trust helps too.

What helped you sleep after a loss?

[^1]: Researchers call this hyperarousal; it is a normal reaction to a loss.
"""

# What a reader of the published post sees (the conclusion's own heading, "Summary", is
# replaced by the closing email's title: the one heading the series does not show).
JEKYLL_SEEN = """
Sleep after a loss
Losing someone turns nights upside down. This short series walks through why that happens
and what helps, one small step at a time, for anyone who lies awake after a loss.
Why grief keeps you awake
Grief raises the body's alarm system.1 Stress hormones stay high in the evening, and the
mind replays the day again and again. Many people notice that the first weeks are the
hardest, and that nights slowly become easier.
"I slept with the radio on for a month." Read Ana's story
1. Researchers call this hyperarousal; it is a normal reaction to a loss.
Three things that help
Keep the same wake-up time every day, even after a bad night. Get daylight in the morning.
Write down the worries that circle at night, so that they can wait until the morning.
These steps do not remove grief, but they give sleep a steady frame while the rest heals.
Sleep returns for most people within a few months. Small routines help it come back
sooner, and talking to someone you trust helps too.
What helped you sleep after a loss?
"""


@pytest.fixture
def jekyll(tmp_path: Path) -> Path:
    post = tmp_path / "_posts" / "2024-03-02-sleep-after-a-loss.md"
    post.parent.mkdir()
    post.write_text(JEKYLL)
    png(post.parent / "images" / "bedroom.png")
    return post


def test_a_jekyll_post_comes_through_whole(jekyll: Path) -> None:
    series = plan(jekyll)
    assert [e.title for e in series.emails] == [
        "Sleep after a loss",
        "Why grief keeps you awake",
        "Three things that help",
        "Sleep after a loss: what it means for you",
    ]
    assert_faithful(
        series,
        JEKYLL_SEEN,
        absent=("layout:", "INTERNAL", "Dana", "categories", "pquote", "<aside", "[^1]"),
    )
    article = series.article
    assert article.description == (
        "Why grief keeps you awake, and three small things that help at night."
    )
    assert any("1 HTML comment(s) left out" in n for n in article.notices)
    assert series.emails[0].preheader == article.description  # the intro's preview line
    why = series.emails[1].blocks
    quote = next(b for b in why if isinstance(b, Quote))
    assert isinstance(quote.blocks[0], Image) and quote.blocks[0].alt == "Ana Ruiz, smiling"
    linked = next(b for b in why if isinstance(b, Image) and b.file)
    assert linked.href == "https://example.org/photos/bedroom"  # picture and link, both
    note = why[-1]
    assert isinstance(note, Paragraph) and note.note and note.text.startswith("[1] Researchers")
    assert series.emails[-1].question == "What helped you sleep after a loss?"
    # The line numbers are the file's own: front matter lines are counted, not removed.
    assert series.emails[1].title_line == 14


def test_the_jekyll_post_renders_the_pull_quote_and_the_linked_picture(jekyll: Path) -> None:
    series = plan(jekyll)
    (item,) = [o for o in Pass(series, check=False).run() if o.email.slug.startswith("why")]
    html = item.html.decode()
    assert re.search(r'<a href="https://example.org/photos/bedroom[^"]*"[^>]*><img ', html)
    assert "<blockquote" in html and "Read Ana" in html
    text = item.text.decode()
    assert "[Image: A quiet bedroom at dusk] <https://example.org/photos/bedroom" in text
    assert "[1] Researchers call this hyperarousal" in " ".join(text.split())


def test_malformed_front_matter_names_its_line(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text("---\ntitle: Sleep\ntags: [a, b\n---\n\n## A\n\nText.\n")
    with pytest.raises(KapmailError) as caught:
        read_article(post)
    assert caught.value.line == 3 and "YAML front matter" in caught.value.message


def test_an_unquoted_colon_in_a_front_matter_value_is_read_as_plain_text(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "---\ndate: 2024-05-01\ntitle: Folate vs. Folic Acid: Understanding the Difference\n"
        'description: Two forms: one "natural", one made\ntags: [nutrition]\n---\n\n'
        "Intro.\n\n## A\n\nText.\n"
    )
    article = read_article(post)
    assert article.title == "Folate vs. Folic Acid: Understanding the Difference"
    assert article.description == 'Two forms: one "natural", one made'
    assert article.notices[:2] == (
        "front matter line 3: title read as plain text (in YAML, a value with a colon in it "
        "needs quotes)",
        "front matter line 4: description read as plain text (in YAML, a value with a colon "
        "in it needs quotes)",
    )
    # Anything else YAML refuses is still an error naming its line.
    post.write_text("---\ntitle: A: B\nbad: [x\n---\n\n## A\n\nText.\n")
    with pytest.raises(KapmailError) as caught:
        read_article(post)
    assert caught.value.line == 3


def test_toml_front_matter_titles_the_series(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text('+++\ntitle = "Rest"\ndraft = true\n+++\n\n## A\n\nText here.\n')
    article = read_article(post)
    assert article.title == "Rest"
    assert [s.title for s in article.sections] == ["A"]


# ---- a Hugo page bundle -----------------------------------------------------------------------

HUGO = """\
---
title: "Sleep routines that stick"
summary: "Evening and morning habits, one at a time."
# weight: 1
# draft: true
tags: ["sleep"]
---

Routines work when they are small and when they happen at the same time each day. This
short series takes the evening first and then the morning, with one habit for each.

## Evening

Dim the lights and put the phone in another room an hour before bed. A warm shower, a
page of a paper book or a few slow breaths tell the body that the day is over.

{{< figure src="evening.png" alt="A bedside lamp" caption="Dim the lights an hour before bed." >}}

## Morning

Open the curtains or step outside within an hour of waking. Morning light sets the body
clock, and a regular wake-up time does more for sleep than an early bedtime.

{{< youtube dQw4w9WgXcQ >}}

How will you start tomorrow morning?
"""

HUGO_SEEN = """
Sleep routines that stick
Routines work when they are small and when they happen at the same time each day. This
short series takes the evening first and then the morning, with one habit for each.
Evening
Dim the lights and put the phone in another room an hour before bed. A warm shower, a
page of a paper book or a few slow breaths tell the body that the day is over.
Dim the lights an hour before bed.
Morning
Open the curtains or step outside within an hour of waking. Morning light sets the body
clock, and a regular wake-up time does more for sleep than an early bedtime.
How will you start tomorrow morning?
"""


def test_a_hugo_page_bundle_is_named_by_its_title_and_folder(tmp_path: Path) -> None:
    bundle = tmp_path / "content" / "posts" / "sleep-routines"
    bundle.mkdir(parents=True)
    (bundle / "index.md").write_text(HUGO)
    png(bundle / "evening.png", "orange")
    series = plan(bundle / "index.md")
    assert series.campaign.slug == "sleep-routines"  # not "index"
    assert [e.title for e in series.emails] == ["Sleep routines that stick", "Evening", "Morning"]
    assert series.emails[-1].kind == CONCLUSION  # no conclusion: the last section closes
    assert_faithful(series, HUGO_SEEN, absent=("weight", "draft", "{{<", "youtube", "Index"))
    evening = series.emails[1].blocks
    picture = next(b for b in evening if isinstance(b, Image))
    assert picture.alt == "A bedside lamp" and picture.file
    assert any("youtube (line 24)" in n for n in series.article.notices)


# ---- a saved web page -------------------------------------------------------------------------

PAGE = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Naps that help | Rest Well Blog</title></head>
<body>
<header class="site-header"><a href="/">Rest Well Blog</a>
<nav><ul><li><a href="/">Home</a></li><li><a href="/about/">About us</a></li></ul></nav>
</header>
<div class="container">
<article class="post">
<header>
<h1>Naps that help</h1>
<p class="byline">By Jo Park · 4 min read · March 2024</p>
</header>
<nav class="toc"><h2>Contents</h2><ul><li><a href="#short">Keep it short</a></li>
<li><a href="#early">Nap early</a></li></ul></nav>
<p>A nap can rescue an afternoon, or ruin the night that follows. The difference lies
mostly in how long you sleep and when, and both are easy to change.</p>
<h2 id="short">Keep it short <a class="anchor" href="#short">#</a></h2>
<p>Twenty minutes is enough to feel refreshed. Longer naps reach deep sleep, and waking
from deep sleep leaves you groggy for half an hour or more.</p>
<embed src="https://example.org/media/nap-timer.swf">
<p>Set an alarm, lie down somewhere quiet, and get up when it rings, even if you did
not fall asleep: resting with your eyes closed helps as well.</p>
<h2 id="early">Nap early <a href="#early">¶</a></h2>
<p>A nap after three in the afternoon takes away some of the pressure to sleep that
builds during the day, so bedtime comes later and the night gets shorter.</p>
<p>If you work nights, nap before your shift instead, at the same time each day, and
keep the room dark and cool while you sleep.</p>
<footer class="post-footer"><ul class="tags"><li>sleep</li><li>naps</li></ul>
<div class="share">Share on Mastodon</div></footer>
</article>
<aside class="sidebar"><h3>Popular posts</h3>
<p>Why we dream, and other mysteries of the night</p></aside>
</div>
<footer class="site-footer"><p>Powered by Hugo. © 2024 Rest Well Blog.</p></footer>
</body>
</html>
"""

PAGE_SEEN = """
Naps that help
A nap can rescue an afternoon, or ruin the night that follows. The difference lies
mostly in how long you sleep and when, and both are easy to change.
Keep it short
Twenty minutes is enough to feel refreshed. Longer naps reach deep sleep, and waking
from deep sleep leaves you groggy for half an hour or more.
Set an alarm, lie down somewhere quiet, and get up when it rings, even if you did
not fall asleep: resting with your eyes closed helps as well.
Nap early
A nap after three in the afternoon takes away some of the pressure to sleep that
builds during the day, so bedtime comes later and the night gets shorter.
If you work nights, nap before your shift instead, at the same time each day, and
keep the room dark and cool while you sleep.
"""


def test_a_saved_web_page_gives_the_article_not_the_site(tmp_path: Path) -> None:
    page = tmp_path / "naps.html"
    page.write_text(PAGE)
    series = plan(page)
    assert [e.title for e in series.emails] == ["Naps that help", "Keep it short", "Nap early"]
    assert_faithful(
        series,
        PAGE_SEEN,
        absent=("Home", "About us", "Jo Park", "Contents", "Popular posts", "Powered", "Share"),
    )
    # The unclosed <embed> swallowed nothing: the paragraph after it is in its email.
    assert "Set an alarm" in plain_text(series.emails[1].blocks)
    assert any("1 embedded media element(s)" in n for n in series.article.notices)


def test_a_layout_class_on_the_article_s_body_does_not_make_it_chrome(tmp_path: Path) -> None:
    """WordPress marks a body with a sidebar `has-sidebar`: the article's text stays, and
    the sidebar itself still goes."""
    start = PAGE.index("<article")
    body = PAGE[: PAGE.index(">", start) + 1] + '<div class="entry-content has-sidebar">'
    body += PAGE[PAGE.index(">", start) + 1 :].replace("</article>", "</div></article>", 1)
    page = tmp_path / "naps.html"
    page.write_text(body)
    series = plan(page)
    assert [e.title for e in series.emails] == ["Naps that help", "Keep it short", "Nap early"]
    assert "Popular posts" not in " ".join(email_words(series))


def test_a_page_without_landmarks_is_found_by_its_paragraphs(tmp_path: Path) -> None:
    """No <article>, <main> or role=main: the scorer finds the text among the site's parts."""
    body = PAGE.replace("<article", "<div").replace("</article>", "</div>")
    page = tmp_path / "naps.html"
    page.write_text(body)
    assert Counter(email_words(plan(page))) == Counter(words(PAGE_SEEN))


# ---- the same content as Markdown with HTML in it, and as a web page --------------------------

SAME_MARKDOWN = """\
# Breathing at your desk

Slow breathing calms the body in **two minutes** and costs [nothing](https://example.org/free).

## The four-count breath

<aside><p>Breathe in for four, out for four.</p></aside>

Sit up, drop your shoulders<br>and breathe through the nose, <em>slowly</em>.

<figure><img src="https://example.org/breath.png" alt="A person breathing">
<figcaption>Count as you breathe.</figcaption></figure>

- first step
- second step
"""

SAME_PAGE = """\
<html><head><title>Breathing at your desk | Calm Desk</title></head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>Breathing at your desk</h1>
<p>Slow breathing calms the body in <strong>two minutes</strong> and costs
<a href="https://example.org/free">nothing</a>.</p>
<h2>The four-count breath <a class="headerlink" href="#x">🔗</a></h2>
<aside><p>Breathe in for four, out for four.</p></aside>
<p>Sit up, drop your shoulders<br>and breathe through the nose, <em>slowly</em>.</p>
<figure><img src="https://example.org/breath.png" alt="A person breathing">
<figcaption>Count as you breathe.</figcaption></figure>
<ul><li>first step</li><li>second step</li></ul>
</article>
</body></html>
"""


def _no_lines(value: object) -> object:
    """A model node with every line number set to 0 (the two sources differ only there)."""
    if isinstance(value, tuple):
        return tuple(_no_lines(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _no_lines(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if "line" in changes:
            changes["line"] = 0
        return dataclasses.replace(value, **changes)
    return value


def test_markdown_with_html_and_a_web_page_give_the_same_model(tmp_path: Path) -> None:
    markdown = read_markdown(SAME_MARKDOWN)
    page = read_html(SAME_PAGE, path=tmp_path / "a.html").outline
    assert markdown.title == page.title == "Breathing at your desk"
    assert _no_lines(markdown.parts) == _no_lines(page.parts)
    assert any(isinstance(p, Quote) for p in markdown.parts)


# ---- layouts that were refused ----------------------------------------------------------------

PROSE = (
    "Sleep comes more easily when the evening follows a steady rhythm, and small habits "
    "repeated every night matter more than any single change made once. A calm hour before "
    "bed helps most of us. "
)


def test_an_article_without_headings_is_one_email(tmp_path: Path) -> None:
    text = "\n\n".join([PROSE * 2, PROSE, "Will you try one habit tonight?"]) + "\n"
    path = tmp_path / "evening-notes.md"
    path.write_text(text)
    series = plan(path)
    assert len(series.emails) == 1
    assert series.emails[0].title == "Evening notes"
    assert_faithful(series, "Evening notes " + text)


def _long_prose(paragraphs: int, words_each: int = 100) -> list[str]:
    vocabulary = words(PROSE * 3)
    out = []
    for n in range(paragraphs):
        chosen = [vocabulary[(n * 7 + i) % len(vocabulary)] for i in range(words_each)]
        out.append(" ".join(chosen).capitalize() + ".")
    return out


def test_a_four_thousand_word_section_becomes_parts(tmp_path: Path) -> None:
    long = _long_prose(40)
    text = (
        "# Sleep hygiene\n\n"
        + PROSE * 3
        + "\n\n## The long one\n\n"
        + "\n\n".join(long)
        + "\n\n## Short\n\n"
        + PROSE * 2
        + "\n"
    )
    path = tmp_path / "hygiene.md"
    path.write_text(text)
    series = plan(path)
    titles = [e.title for e in series.emails]
    assert titles == [
        "Sleep hygiene",
        "The long one (part 1 of 4)",
        "The long one (part 2 of 4)",
        "The long one (part 3 of 4)",
        "The long one (part 4 of 4)",
        "Short",
    ]
    assert all(e.words <= 1200 for e in series.emails)
    assert [e.minutes for e in series.emails[1:5]] == [5, 5, 5, 5]
    seen_text = "Sleep hygiene " + PROSE * 3 + " The long one " + " ".join(long) + " Short "
    assert_faithful(series, seen_text + PROSE * 2)


def test_the_parts_are_titled_in_the_series_language(tmp_path: Path) -> None:
    text = "---\nlang: es\n---\n# Sueño\n\n" + PROSE * 3 + "\n\n## La larga\n\n"
    path = tmp_path / "sueno.md"
    path.write_text(text + "\n\n".join(_long_prose(24)) + "\n", encoding="utf-8")
    titles = [e.title for e in plan(path).emails]
    assert titles[1:] == ["La larga (parte 1 de 2)", "La larga (parte 2 de 2)"]


def test_a_section_split_prefers_its_sub_headings(tmp_path: Path) -> None:
    long = _long_prose(16)
    halves = "\n\n".join(long[:8]) + "\n\n### Second half\n\n" + "\n\n".join(long[8:])
    path = tmp_path / "a.md"
    path.write_text("## Big\n\n" + halves + "\n\n## End\n\n" + PROSE * 2 + "\n")
    series = plan(path)
    second = series.emails[1]
    assert second.title == "Big (part 2 of 2)"
    assert isinstance(second.blocks[0], SubHeading)  # cut before the sub-heading


def test_all_sections_at_one_hash_and_one_sub_heading(tmp_path: Path) -> None:
    text = (
        f"# Breathing basics\n\n{PROSE}\n\n# Slow exhale\n\n{PROSE}\n\n## A variation\n\n"
        f"{PROSE}\n\n# Box breathing\n\n{PROSE}\n"
    )
    path = tmp_path / "breathing.md"
    path.write_text(text)
    series = plan(path)
    assert [e.title for e in series.emails] == ["Breathing basics", "Slow exhale", "Box breathing"]
    assert isinstance(series.emails[1].blocks[1], SubHeading)  # the ## stays inside its parent
    assert_faithful(series, text.replace("#", ""))


def test_a_section_after_the_summary_is_kept_after_it(tmp_path: Path) -> None:
    text = (
        f"# Rest\n\n{PROSE}\n\n## Why rest\n\n{PROSE}\n\n## How to rest\n\n{PROSE}\n\n"
        f"## Summary\n\n{PROSE}\n\n## Further reading\n\n"
        "- [The sleep guide](https://example.org/guide)\n- [Night notes](https://example.org/notes)\n"
    )
    path = tmp_path / "rest.md"
    path.write_text(text)
    series = plan(path)
    closing = series.emails[-1]
    assert closing.title == "Rest: what it means for you"
    assert isinstance(closing.blocks[1], SubHeading)
    assert plain_text(closing.blocks[1]) == "Further reading"
    assert isinstance(closing.blocks[2], BulletList)
    seen_text = text.replace("## Summary", "").replace("](https://example.org/guide)", "")
    assert_faithful(series, seen_text.replace("](https://example.org/notes)", ""))


def test_a_chapter_heading_followed_by_a_sub_heading_takes_it_in(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"Intro. {PROSE}\n\n## Part one\n\n### Getting started\n\n{PROSE}\n")
    article = read_article(path, sections="h3")
    (section,) = article.sections
    assert section.title == "Part one"
    assert plain_text(section.blocks[0]) == "Getting started"


# ---- several sources and `kapmail new` ----------------------------------------------------------


def test_two_index_sources_writing_one_folder_are_an_error_naming_both(tmp_path: Path) -> None:
    first = tmp_path / "2023" / "sleep" / "index.md"
    second = tmp_path / "2024" / "sleep" / "index.md"
    for path, title in ((first, "First"), (second, "Second")):
        path.parent.mkdir(parents=True)
        path.write_text(f"---\ntitle: {title}\n---\n\n## A\n\n{title}. {PROSE}\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(first), str(second), "--out", str(out)])
    assert result.exit_code == 2
    (error,) = [line for line in result.stderr.splitlines() if "error" in line]
    assert str(first) in error and str(second) in error and "'sleep'" in error
    manifest = json.loads((out / "sleep" / "manifest.json").read_text())
    assert manifest["emails"][0]["title"] == "A"  # the first one's, not overwritten
    assert "First" in (out / "sleep" / manifest["emails"][0]["text"]).read_text()


def test_a_page_bundle_without_headings_or_title_is_named_by_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "sleep-well" / "index.md"
    path.parent.mkdir()
    path.write_text(f"{PROSE}\n")
    assert [e.title for e in plan(path).emails] == ["Sleep well"]  # never "Index"


def test_new_with_a_markdown_post_copies_its_pictures_and_builds(tmp_path: Path) -> None:
    copy_org(tmp_path)  # the demo organisation, L7 off for test data
    source = tmp_path / "drafts" / "post.md"
    source.parent.mkdir()
    source.write_text(JEKYLL)
    png(source.parent / "images" / "bedroom.png")
    folder = tmp_path / "sleep"
    runner = CliRunner()
    made = runner.invoke(cli, ["new", str(folder), "--article", str(source)])
    assert made.exit_code == 0, made.output
    assert (folder / "images" / "bedroom.png").read_bytes() == (
        source.parent / "images" / "bedroom.png"
    ).read_bytes()
    out = tmp_path / "out"
    built = runner.invoke(cli, ["build", str(folder), "--out", str(out)])
    assert built.exit_code in (0, 1), built.output  # built; F17 asks for [images] base_url
    manifest = json.loads((out / "sleep" / "manifest.json").read_text())
    assert len(manifest["emails"]) == 4 and manifest["images"]
    assert {f["rule"] for f in manifest["findings"] if f["severity"] == "error"} <= {"F17"}
    assert all(e["words"] >= 30 and e["minutes"] >= 1 for e in manifest["emails"][1:])


def test_new_names_the_users_own_file_in_an_error(tmp_path: Path) -> None:
    source = tmp_path / "post.md"
    source.write_text("## A\n\nText ![missing](images/none.png) here.\n")
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "camp"), "--article", str(source)])
    assert result.exit_code == 2
    assert f"{source}:3" in result.stderr and "article.md" not in result.stderr
    assert not (tmp_path / "camp").exists()


def test_kramdown_markdown_inside_html_and_site_paths(tmp_path: Path) -> None:
    """What a real Jekyll post (opensource.guide's metrics article) holds: a pull quote whose
    credit is Markdown inside HTML (`markdown="1"`), and pictures named by a site path."""
    post = tmp_path / "metrics.md"
    post.write_text(
        "---\ntitle: Metrics\n---\n\n## Why\n\n![Traffic graph](/assets/traffic.png)\n\n"
        f"{PROSE}\n\n"
        '<aside markdown="1" class="pquote">\n  <img src="https://example.org/a.png" '
        'alt="avatar">\n  Open source is more than code.\n  <p markdown="1" '
        'class="pquote-credit">\n— @arfon, ["The Shape"](https://example.org/shape)\n  </p>\n'
        "</aside>\n"
    )
    article = read_article(post)
    quote = article.sections[0].blocks[-1]
    assert isinstance(quote, Quote)
    assert plain_text(quote) == 'avatar Open source is more than code. — @arfon, "The Shape"'
    assert "](" not in plain_text(quote)
    assert article.sections[0].blocks[0] == Paragraph((Text("Traffic graph"),), 7)
    assert any("'/assets/traffic.png' (line 7)" in n for n in article.notices)


def _depth(block: object) -> int:
    if isinstance(block, BulletList | NumberedList):
        return 1 + max((_depth(b) for item in block.items for b in item.blocks), default=0)
    if isinstance(block, Quote):
        return 1 + max((_depth(b) for b in block.blocks), default=0)
    return 0


def test_lists_and_quotes_nested_too_deep_are_flattened_never_dropped(tmp_path: Path) -> None:
    levels = "".join("  " * i + f"- level {i}\n" for i in range(12))
    quotes = "".join(">" * i + f" quote {i}\n" + ">" * i + "\n" for i in range(1, 13))
    text = f"## A\n\n{levels}\nAfter the list.\n\n{quotes}\nEnd of the text.\n"
    markdown = read_markdown(text)
    html = "<h2>A</h2>" + "<ul><li>x" * 12 + "</li></ul>" * 12 + "<p>After.</p>"
    html += "<blockquote><p>q</p>" * 12 + "</blockquote>" * 12 + "<p>End.</p>"
    page = read_html(html, path=tmp_path / "a.html").outline
    for outline, last in ((markdown, "End of the text."), (page, "End.")):
        blocks = outline.parts[1:]
        assert plain_text(blocks).endswith(last)  # nothing after the nesting is lost
        assert max(_depth(b) for b in blocks) == 8
        assert any("nested over 8 levels deep were flattened" in n for n in outline.notices)
    shown = plain_text(markdown.parts[1:])
    assert all(f"level {i}" in shown for i in range(12))
    assert all(f"quote {i}" in shown for i in range(1, 13))
    assert plain_text(page.parts[1:]).count("x") == 12


def test_f8_a7_and_a3_name_the_article_line(tmp_path: Path) -> None:
    path = tmp_path / "links.md"
    path.write_text(
        f"## Links\n\n{PROSE}\n\nSee [the study](http://example.org/study) and "
        f"[click here](https://example.org/more).\n\n- one\n\n{PROSE}\n\n- a\n\n"
        "#### Deep heading\n\nText.\n\n- b\n- c\n"
    )
    series = plan(path)
    passed = Pass(series)
    passed.run()
    found = {f.rule: f for f in passed.findings or () if f.rule in ("F8", "A7", "A3")}
    assert (found["F8"].part, found["F8"].line) == ("article", 5)
    assert (found["A7"].part, found["A7"].line) == ("article", 5)
    assert (found["A3"].part, found["A3"].line) == ("article", 13)
    assert found["F8"].key == str(path)


def _links(blocks: object) -> list[tuple[str, str]]:
    """(href, text) of every link in `blocks`, in order."""
    found: list[tuple[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, Link):
            found.append((node.href, plain_text(node.children)))
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif dataclasses.is_dataclass(node):
            for field in dataclasses.fields(node):
                walk(getattr(node, field.name))

    walk(blocks)
    return found


def test_an_embedded_video_becomes_a_link_to_it(tmp_path: Path) -> None:
    """A real Jekyll post embedded three YouTube players: an email cannot play them, and they
    vanished, leaving "Part 1:" before nothing. Each is now a link to the video's page."""
    post = tmp_path / "post.md"
    post.write_text(
        "# Talks\n\nIntro text for the talks page, long enough to read.\n\n## The talks\n\n"
        "Part 1:\n\n"
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/Kalmryn9_sE" '
        'title="Mega Drive talk, part 1" frameborder="0" allowfullscreen></iframe>\n\n'
        "Part 2:\n\n"
        '<iframe src="https://player.vimeo.com/video/12345" title="Vimeo video player">'
        "</iframe>\n\n"
        '<iframe src="javascript:alert(1)"></iframe>\n\n'
        '<iframe src="https://ads.example.com/frame"></iframe>\n\n'
        '<video src="https://media.example.org/clip.mp4" title="The clip"></video>\n'
    )
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Talks</h1><p>Intro text for the page.</p><h2>Part 1</h2>"
        "<p>Watch it:</p><iframe src='//www.youtube-nocookie.com/embed/PSYhSmXBgIw?start=3'>"
        "</iframe><p>After the video.</p><video src='clip.mp4'></video></article></body></html>"
    )
    md_links = _links(read_article(post).sections)
    assert md_links == [
        ("https://www.youtube.com/watch?v=Kalmryn9_sE", "Mega Drive talk, part 1"),
        ("https://vimeo.com/12345", "https://vimeo.com/12345"),
        ("https://media.example.org/clip.mp4", "The clip"),
    ]  # the advert's frame is no video: no link
    page_article = read_article(page)
    assert _links(page_article.sections) == [
        (
            "https://www.youtube.com/watch?v=PSYhSmXBgIw",
            "https://www.youtube.com/watch?v=PSYhSmXBgIw",
        )
    ]
    assert "After the video." in plain_text(page_article.sections[0].blocks)
    # the relative <video> has nothing to link to: left out, and said
    assert any("1 embedded media element(s)" in n for n in page_article.notices)


def test_jekyll_liquid_tags_leave_their_markers_not_their_links(tmp_path: Path) -> None:
    """A real Jekyll post's `{% include %}` link cards reached the emails as template syntax
    (M2 refused the series). Outside code the markers go, named in the notice; a link card
    with a url becomes its link; a comment's text is left out; code keeps its tags."""
    post = tmp_path / "post.md"
    post.write_text(
        "# Consoles\n\nAn intro long enough to be an intro.\n\n## History\n\n"
        "Read the history first.\n\n"
        '{% include link-card.html url="https://segaretro.org/History" '
        'title="History of the Mega Drive" image="/x.png" %}\n\n'
        '{% include link-to-other-post.html post="/dev-kit/" %}\n\n'
        "{% comment %}\nTODO: ask Sam before publishing\n{% endcomment %}\n\n"
        "Text with {% raw %}kept words{% endraw %} and `{% include in-code.html %}`.\n\n"
        "```liquid\n{% include shown.html %}\n```\n"
    )
    article = read_article(post)
    [section] = article.sections
    assert _links(section) == [("https://segaretro.org/History", "History of the Mega Drive")]
    text = plain_text(section.blocks)
    assert "TODO" not in text and "{% include link" not in text
    assert "Text with kept words and {% include in-code.html %}." in text
    assert "{% include shown.html %}" in text  # the fenced code block
    assert any(
        "include (line 11)" in n and "raw (line 17)" in n and "shown" not in n
        for n in article.notices
    )


def test_a_saved_page_s_tracking_pixel_is_left_out_with_a_notice(tmp_path: Path) -> None:
    """A real saved page carried its analytics pixel into the email (S4 only warned)."""
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><article><h1>Sleep</h1><p>Intro.</p><h2>Naps</h2><p>Nap early."
        '<img src="https://tracker.example-analytics.com/p.gif?id=42" width="1" height="1">'
        '</p><p><img src="https://example.org/chart.png" width="600" height="300" alt="A chart">'
        "</p></article></body></html>"
    )
    article = read_article(page)
    assert "https://example.org/chart.png" in repr(article.sections)
    assert "tracker.example-analytics" not in repr(article.sections)
    assert any("1 tracking pixel(s) left out" in n for n in article.notices)
    post = tmp_path / "post.md"
    post.write_text('# T\n\nIntro.\n\n## A\n\nText <img src="https://t.example/o.gif" width="1">\n')
    md = read_article(post)
    assert "t.example" not in repr(md.sections)
    assert any("<tracking pixel> (line 7)" in n for n in md.notices)
