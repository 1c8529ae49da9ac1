"""The build cache (OUT/.kapmail-cache/): a rebuild makes only the emails whose inputs
changed, and whatever changes (the article, the configuration, a template, the target,
kapmail itself), the cached build writes exactly what a `--no-cache` build writes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kapmail import buildcache
from kapmail.cli import cli
from kapmail.shipped import builtin_dir
from tests.conftest import ROOT, make_campaign, snapshot
from tests.test_startup import imported_modules, run_importtime

ARTICLE = (ROOT / "tests" / "articles" / "grief-support.txt").read_text(encoding="utf-8")


def _build(source: Path, out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out), *extra])
    assert result.exit_code in (0, 1), result.output
    (folder,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    return folder


def _entries(out: Path) -> set[str]:
    cache = out / buildcache.FOLDER
    return {p.name for p in cache.rglob(f"*{buildcache.SUFFIX}")} if cache.is_dir() else set()


def _same_as_uncached(source: Path, out: Path, tmp: Path, *extra: str) -> set[str]:
    """Rebuild into `out` (its cache warm) and compare with a fresh --no-cache build; the
    cache entries added by the rebuild."""
    before = _entries(out)
    cached = snapshot(_build(source, out, *extra))
    fresh_out = tmp / f"fresh-{len(list(tmp.iterdir()))}"
    fresh = snapshot(_build(source, fresh_out, "--no-cache", *extra))
    assert cached == fresh
    assert not (fresh_out / buildcache.FOLDER).exists()  # --no-cache writes none
    return _entries(out) - before


def test_a_rebuild_with_nothing_changed_takes_every_email_from_the_cache(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    first = snapshot(_build(source, out))
    entries = _entries(out)
    assert len(entries) == len([n for n in first if n.endswith(".html") and n != "index.html"])
    assert _same_as_uncached(source, out, tmp_path) == set()
    assert _entries(out) == entries


def test_a_no_change_rebuild_does_not_even_import_premailer(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    args = ("-m", "kapmail", "build", str(source), "--out", str(out))
    cold = imported_modules(run_importtime(*args).stderr)
    warm = imported_modules(run_importtime(*args).stderr)
    assert "premailer" in cold
    assert "premailer" not in warm and "mjml" not in warm
    assert not {"jinja2", "lxml", "email.message", "babel", "zipfile"} & warm  # nothing rendered
    assert not {"difflib", "ctypes"} & warm  # no name to suggest, no folder to swap


def _files_as_they_are(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_no_change_rebuild_writes_nothing_and_a_touched_folder_is_built_again(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    folder = _build(source, out)
    before = _files_as_they_are(folder)
    assert _build(source, out) == folder
    assert _files_as_they_are(folder) == before  # the same files: not even rewritten
    built = snapshot(folder)
    email = sorted(folder.glob("*.html"))[0]
    for touch in (
        lambda: email.write_bytes(email.read_bytes() + b"<!-- edited -->"),
        lambda: email.unlink(),
        lambda: (folder / "notes.txt").write_text("left here"),
    ):
        touch()
        _build(source, out)
        assert snapshot(folder) == built  # made whole again, as a full build makes it


def test_a_pipe_or_a_symlink_in_the_folder_is_replaced_not_read(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "kapmail", "build", str(source), "--out", str(out)]

    def build() -> Path:  # in a child: a regression here would hang, not stop the suite
        result = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=120)
        assert result.returncode in (0, 1), result.stderr.decode()
        return out / source.name

    folder = build()
    built, page = snapshot(folder), (folder / "index.html").stat().st_ino
    assert build() == folder and (folder / "index.html").stat().st_ino == page  # kept as is
    for odd, make in (
        ("pipe", os.mkfifo),  # reading it would wait for a writer forever
        ("elsewhere", lambda path: path.symlink_to(tmp_path)),
    ):
        make(folder / odd)
        build()
        assert snapshot(folder) == built and not os.path.lexists(folder / odd)


def test_a_day_that_changes_the_schedule_finding_or_keep_mjml_is_built_again(
    tmp_path: Path, monkeypatch
):
    source = make_campaign(tmp_path, ARTICLE)  # first send 2027-03-01
    out = tmp_path / "out"
    folder = _build(source, out)
    assert '"F15"' not in (folder / "manifest.json").read_text()
    monkeypatch.setenv("KAPMAIL_TODAY", "2027-03-02")  # the first email now already past
    runner = CliRunner(env={"KAPMAIL_TODAY": "2027-03-02"})
    result = runner.invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code in (0, 1) and "F15" in result.output
    assert '"F15"' in (folder / "manifest.json").read_text()
    assert snapshot(folder) == snapshot(_build(source, tmp_path / "fresh", "--no-cache"))
    assert not list(folder.glob("*.mjml"))
    _build(source, out, "--keep-mjml")
    assert list(folder.glob("*.mjml"))


def test_an_article_change_remakes_only_the_emails_it_touches(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    article = source / "article.txt"
    article.write_text(ARTICLE.replace("Say their name.", "Say their name, gently."))
    added = _same_as_uncached(source, out, tmp_path)
    assert len(added) == 1  # the one email holding that list
    assert "Say their name, gently." in "".join(
        p.read_text() for p in (out / _build(source, out).name).glob("*.txt")
    )


def test_a_configuration_change_remakes_every_email(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    toml = source / "campaign.toml"
    toml.write_text(toml.read_text() + '\n[brand]\nprimary_color = "#7a1f4f"\n')
    added = _same_as_uncached(source, out, tmp_path)
    assert len(added) == len(_entries(out)) > 1


def test_a_template_change_remakes_every_email(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    (source / "templates" / "partials").mkdir(parents=True)
    footer = (builtin_dir() / "partials" / "footer.mjml.j2").read_text()
    own = source / "templates" / "partials" / "footer.mjml.j2"
    own.write_text(footer)
    assert _same_as_uncached(source, out, tmp_path) != set()  # a new template folder
    own.write_text(footer.replace("</mj-section>", "</mj-section>\n", 1) + "\n")
    assert len(_same_as_uncached(source, out, tmp_path)) == len(_entries(out))


def test_each_target_and_check_setting_is_its_own_entry(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    for extra in (("--platform", "mailchimp"), ("--to", "Sam <sam@example.org>"), ("--no-check",)):
        assert len(_same_as_uncached(source, out, tmp_path, *extra)) == len(_entries(out))


def test_a_new_kapmail_version_misses_every_entry(tmp_path: Path, monkeypatch):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    buildcache._kapmail.cache_clear()
    monkeypatch.setattr(buildcache, "__version__", "99.0")
    try:
        assert len(_same_as_uncached(source, out, tmp_path)) == len(_entries(out))
    finally:
        buildcache._kapmail.cache_clear()


def test_kapmails_own_code_templates_and_translations_are_in_every_key(
    tmp_path: Path, monkeypatch
) -> None:
    package = tmp_path / "kapmail"
    (package / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    files = {
        "cli.py": b"pass\n",
        "locale/es/LC_MESSAGES/kapmail.mo": b"\xde\x12\x04\x95",
        "templates/email.mjml.j2": b"<mjml/>",
    }
    monkeypatch.setattr(buildcache, "PACKAGE_DIR", package)
    digests = set()
    try:
        for name, content in files.items():
            (package / name).parent.mkdir(parents=True, exist_ok=True)
            (package / name).write_bytes(content)
            buildcache._kapmail.cache_clear()
            digests.add(buildcache._kapmail())
            (package / name).write_bytes(content + b"changed")
            buildcache._kapmail.cache_clear()
            digests.add(buildcache._kapmail())
    finally:
        buildcache._kapmail.cache_clear()
    assert len(digests) == 2 * len(files)  # each file, and each change to it, is seen


def test_a_damaged_or_deleted_cache_is_only_a_cold_build(tmp_path: Path):
    source = make_campaign(tmp_path, ARTICLE)
    out = tmp_path / "out"
    _build(source, out)
    (record,) = (out / buildcache.FOLDER).rglob(buildcache.RECORD)
    record.unlink()  # else the folder, whole, is kept as it is and no entry is read
    damaged = sorted((out / buildcache.FOLDER).rglob(f"*{buildcache.SUFFIX}"))
    stored = damaged[0].read_bytes()
    flipped = stored.index(b"<html")  # one byte of the HTML, its length unchanged
    damaged[0].write_bytes(stored[:flipped] + b"<HTML" + stored[flipped + 5 :])
    damaged[1].write_bytes(damaged[1].read_bytes()[:100])
    cache = buildcache.BuildCache(out, damaged[0].parent.name)
    assert [cache.get(path.stem) for path in damaged[:2]] == [None, None]
    assert _same_as_uncached(source, out, tmp_path) == set()  # the same keys, made again
    assert None not in [cache.get(path.stem) for path in damaged[:2]]
    shutil.rmtree(out / buildcache.FOLDER)
    assert len(_same_as_uncached(source, out, tmp_path)) == len(_entries(out)) > 1
