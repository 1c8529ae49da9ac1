"""The shared writers: `current_build` keeps a folder whose HTML is current and renders each
email once whether it keeps or rebuilds it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kapmail import pipeline, render
from kapmail.writers import current_build, write_build
from tests.conftest import make_campaign

ARTICLE = (
    "Sleep matters to every client.\n\n"
    "1. Insomnia\nInsomnia is common and treatable.\n\n"
    "2. Nightmares\nNightmares recur after stress.\n\n"
    "Conclusion\nSleep is worth asking about.\n\n"
    "Will you add a sleep question to your intake form?\n"
)


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The emails rendered, in order (the real renderer, counted)."""
    done: list[str] = []
    real = render.render_email  # pipeline imports it from kapmail.render when it renders

    def counted(email, campaign):
        done.append(email.stem)
        return real(email, campaign)

    monkeypatch.setattr(render, "render_email", counted)
    return done


def series_of(folder: Path):
    return pipeline.Sources((folder,)).one("snapshot")


def test_a_current_build_is_kept_and_each_email_rendered_once(tmp_path: Path, renders):
    folder = make_campaign(tmp_path, ARTICLE)
    outbox = tmp_path / "outbox"
    series = series_of(folder)
    built, _ = write_build(series, outbox, pipeline.Target())
    shot = built / "snapshots" / "01-x-375.png"
    shot.parent.mkdir()
    shot.write_bytes(b"an earlier snapshot")
    renders.clear()

    kept, manifest, fresh = current_build(series, outbox)
    assert (kept, fresh) == (built, False)
    assert shot.read_bytes() == b"an earlier snapshot"  # the folder was not replaced
    assert len(manifest.emails) == len(series.emails)
    assert renders == [email.stem for email in series.emails]  # once each
    assert sorted(p.name for p in outbox.glob("[!.]*")) == [series.campaign.slug]  # no staging


def test_a_stale_build_is_rebuilt_rendering_each_email_once(tmp_path: Path, renders):
    folder = make_campaign(tmp_path, ARTICLE)
    outbox = tmp_path / "outbox"
    built, _ = write_build(series_of(folder), outbox, pipeline.Target())
    (built / "snapshots").mkdir()
    (built / "snapshots" / "old.png").write_bytes(b"stale")
    (folder / "article.txt").write_text(ARTICLE.replace("is common", "is very common"))
    series = series_of(folder)
    renders.clear()

    again, manifest, fresh = current_build(series, outbox)
    assert (again, fresh) == (built, True)
    assert not (built / "snapshots").exists()  # stale snapshots went with the old folder
    assert b"very common" in (built / manifest.emails[1].html).read_bytes()
    assert renders == [email.stem for email in series.emails]


def test_a_damaged_build_is_rebuilt(tmp_path: Path):
    folder = make_campaign(tmp_path, ARTICLE)
    outbox = tmp_path / "outbox"
    series = series_of(folder)
    built, written = write_build(series, outbox, pipeline.Target())
    (built / written.emails[0].html).write_bytes(b"<p>edited by hand</p>")
    _, manifest, fresh = current_build(series, outbox)
    assert fresh
    assert (built / manifest.emails[0].html).read_bytes() != b"<p>edited by hand</p>"
