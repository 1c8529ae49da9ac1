"""outbox/<campaign>/index.html: the preview page with the series' check status."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.manifest import read
from kapmail.pipeline import Sources, Target
from kapmail.preview.gallery import Rows
from kapmail.writers import write_build
from tests.conftest import KAP_CAMPAIGN, ROOT, make_campaign
from tests.html_text import visible_text


def build(source: Path, out: Path, *extra: str) -> str:
    CliRunner().invoke(cli, ["build", str(source), "--out", str(out), *extra])
    return (out / source.name / "index.html").read_text()


def test_ready_series_lists_every_email_in_order_with_working_links(tmp_path):
    page = build(KAP_CAMPAIGN, tmp_path)
    text = visible_text(page)
    # issue 22: the demo campaign's one L7 warning is shown, and the series is still ready
    assert "Ready: every check passed (1 warning" in text and "NOT READY" not in text
    titles = re.findall(r"<h2>(\d+)\. ", page)
    assert titles == [str(n) for n in range(1, 9)]
    links = re.findall(r'(?:href|src)="([^"#][^"]*)"', page)
    assert len(links) == 8 * 4  # HTML, plain text, .eml; the HTML again where no script runs
    assert all((tmp_path / "kap-conditions" / link).is_file() for link in links)
    anchors = re.findall(r'href="#([^"]+)"', page)
    # the inbox and the sticky jump bar each link every email once, in order
    assert anchors[:8] == anchors[8:] and len(set(anchors)) == 8
    assert all(f'<article id="{a}">' in page for a in anchors)
    assert text.index("KAP: what counsellors should know") < text.index("KAP in counselling")


def test_not_ready_series_shows_the_banner_and_findings(tmp_path):
    folder = tmp_path / "kap-conditions"
    shutil.copytree(KAP_CAMPAIGN, folder)
    org = (ROOT / "kapmail.toml").read_text().splitlines()
    (tmp_path / "kapmail.toml").write_text("\n".join(x for x in org if "postal_address" not in x))
    text = visible_text(build(folder, tmp_path / "out"))
    assert "NOT READY: fix these findings and build again." in text
    assert "error L1 · 01-ketamine-assisted-psychotherapy-a-series-for-counsellors" in text
    assert "config sender.postal_address: no postal address" in text


def test_skipped_checks_say_so_and_article_text_is_escaped(tmp_path):
    page = build(KAP_CAMPAIGN, tmp_path, "--no-check")
    assert "Checks skipped (--no-check)" in visible_text(page)
    assert '<html lang="en" dir="ltr">' in page
    folder = make_campaign(tmp_path, "Intro.\n1. <script>alert(1)</script> Tags\nBody.\nWhy?\n")
    hostile = build(folder, tmp_path / "out", "--no-check")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tags" in hostile
    assert "<script>alert" not in hostile


def test_each_email_is_in_the_page_once_per_width_and_not_again_as_source(tmp_path):
    from markupsafe import escape

    page = build(KAP_CAMPAIGN, tmp_path)
    folder = tmp_path / "kap-conditions"
    for html in sorted(folder.glob("*.html")):
        if html.name == "index.html":
            continue
        escaped = str(escape(html.read_text(encoding="utf-8")))
        assert page.count(f'srcdoc="{escaped}"') == 2, html.name
        assert page.count(escaped) == 2, html.name
    assert page.count('<pre class="source"><code></code></pre>') == 8


class CountingRows(Rows):
    """Rows that count the rows rendered afresh."""

    rendered = 0

    def row(self, key, render):
        def counted():
            self.rendered += 1
            return render()

        return super().row(key, counted)


def _watched_build(source: Path, out: Path, rows: Rows) -> bytes:
    write_build(Sources((source,)).one("build"), out, Target(), gallery_rows=rows)
    return (out / source.name / "index.html").read_bytes()


def test_kept_rows_render_only_what_changed_and_the_page_is_what_a_fresh_build_writes(tmp_path):
    article = (
        "Intro.\n1. One\nFirst text.\n2. Two\nSecond text.\n3. Three\nThird text.\nEnd.\nWhy?\n"
    )
    source = make_campaign(tmp_path, article)
    rows = CountingRows()
    _watched_build(source, tmp_path / "out", rows)
    emails = len(read(tmp_path / "out" / source.name).emails)
    assert rows.rendered == emails >= 4  # the intro, three sections (and a closing email)

    def rebuilt() -> bytes:
        rows.rendered = 0
        page = _watched_build(source, tmp_path / "out", rows)
        fresh = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
        assert page == _watched_build(source, fresh, Rows())  # as if never kept
        return page

    rebuilt()
    assert rows.rendered == 0
    (source / "article.txt").write_text(article.replace("Second text.", "Second text, changed."))
    rebuilt()
    assert rows.rendered == 1
    # A renamed section: its row, the row before (its teaser names the next email), and any
    # whose findings change (the title now repeats the first section's).
    (source / "article.txt").write_text(article.replace("2. Two", "2. One"))
    rebuilt()
    assert 1 <= rows.rendered < emails
    # The campaign's own row template, then an edit to it: every row again.
    (source / "templates" / "partials").mkdir(parents=True)
    row_template = source / "templates" / "partials" / "gallery_row.html.j2"
    row_template.write_text((ROOT / "templates" / "partials" / "gallery_row.html.j2").read_text())
    rebuilt()
    assert rows.rendered == emails
    row_template.write_text(row_template.read_text().replace("<h2>", '<h2 class="mine">'))
    page = rebuilt()
    assert rows.rendered == emails and page.count(b'<h2 class="mine">') == emails
    # A template the row template includes: its edit leaves the row template's object as it
    # was, and every row is rendered again all the same.
    (source / "templates" / "partials" / "mark.j2").write_text("OLD-MARK")
    row_template.write_text(
        row_template.read_text().replace("<h2 ", '{% include "partials/mark.j2" %}<h2 ')
    )
    assert rebuilt().count(b"OLD-MARK") == emails
    (source / "templates" / "partials" / "mark.j2").write_text("NEW-MARK")
    page = rebuilt()
    assert rows.rendered == emails and page.count(b"NEW-MARK") == emails
