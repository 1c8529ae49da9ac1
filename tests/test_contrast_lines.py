"""Findings point at their element's own line of the HTML as written (render `break_lines`)."""

from __future__ import annotations

import re
from pathlib import Path

from kapmail import pipeline
from kapmail.pipeline import Pass, Target
from kapmail.render.steps import break_lines
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign

ARTICLE = (
    "Sleep matters to every client.\n"
    "1. Insomnia\nInsomnia is common.\n"
    "2. Nightmares\nNightmares recur.\n"
    "Conclusion\nSleep is worth asking about.\n"
    "Will you add a sleep question to your intake form?\n"
)
PALE = MINIMAL_CAMPAIGN + '\n[brand]\ntext_color = "#aaaaaa"\nmuted_color = "#c4c4c4"\n'


def test_contrast_findings_point_at_each_element_s_own_line(tmp_path: Path):
    folder = make_campaign(tmp_path, ARTICLE, PALE)
    emailing = Pass(pipeline.plan(pipeline.load(folder)), Target())
    first = emailing.run()[0]
    found = [f for f in first.findings if f.rule == "A6" and f.email == first.email.stem]
    colours = {re.search(r"is (#[0-9a-f]{6}) on", f.message).group(1) for f in found}
    assert {"#aaaaaa", "#c4c4c4"} <= colours
    lines = first.html.decode().split("\n")
    assert len({f.line for f in found}) == len(found) > 1
    for finding in found:
        quoted = re.search(r"text '([^']{1,20})", finding.message).group(1)
        assert quoted in lines[finding.line - 1], finding.message


def test_break_lines_only_breaks_between_tags_in_the_body():
    html = (
        "<html><head><style>p{}</style></head><body><div><p>One <b>bold</b></p><p>Two</p>"
        "<ul><li>a</li><li>b</li></ul><pre>x&gt;<p</pre></div></body></html>"
    )
    assert break_lines(html) == (
        "<html><head><style>p{}</style></head><body>\n<div>\n<p>One <b>bold</b></p>\n<p>Two</p>"
        "\n<ul>\n<li>a</li>\n<li>b</li></ul><pre>x&gt;<p</pre></div></body></html>"
    )
