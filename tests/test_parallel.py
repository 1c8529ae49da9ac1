"""A long series renders in worker processes: the same bytes and findings as a serial
build, the same one-line error, and no workers for a short series (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail import parallel, pipeline
from kapmail.cli import cli
from tests.conftest import copy_org

SECTIONS = 30


def long_article() -> str:
    body = "\n\n".join(
        f"## {n}. Habit number {n}\n\nA habit that helps sleep, number {n}: keep the room "
        f"cool, the screen away and the hour the same, and write down what changed "
        f"after a week of trying it, with the evening it began."
        for n in range(1, SECTIONS + 1)
    )
    return (
        "# Thirty habits for sleep\n\nA long series on sleep, one small habit at a time, "
        f"for counsellors and clients alike.\n\n{body}\n\n## Conclusion\n\nSmall habits add "
        "up over weeks.\n\nWhich habit will you try first?\n"
    )


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("long")
    copy_org(root)
    path = root / "sleep.md"
    path.write_text(long_article(), encoding="utf-8")
    return path


def build(article: Path, out: Path, workers: str) -> dict[str, bytes]:
    result = CliRunner(env={parallel.WORKERS_VARIABLE: workers}).invoke(
        cli, ["build", str(article), "--out", str(out), "--no-cache"]
    )
    assert result.exit_code in (0, 1), result.output
    folder = out / "sleep"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_long_series_renders_in_workers_and_writes_what_a_serial_build_writes(
    article: Path, tmp_path: Path
) -> None:
    series = pipeline.Sources((article,)).one("build")
    assert len(series.emails) >= parallel.MIN_EMAILS
    ahead = parallel.Ahead(lambda at: at * 2, range(len(series.emails)), count=2)
    try:
        assert ahead.parallel and ahead.get(3) == (6, True)  # done in a worker
        assert ahead.get(3) == (6, False)  # taken once: done here the second time
    finally:
        ahead.close()
    serial = build(article, tmp_path / "serial", "1")
    together = build(article, tmp_path / "parallel", "2")
    assert len(serial) == len(series.emails) * 3 + 2  # html, txt, eml; manifest, gallery
    assert together == serial  # every file byte for byte, manifest findings in their order


def test_warm_makes_the_first_here_before_forking_and_its_error_waits_its_turn() -> None:
    made_here: list[int] = []

    def work(at: int) -> int:
        made_here.append(at)  # a worker's list is its own copy
        if at == 0 and len(made_here) > 1:
            raise ValueError("the first email, made again")
        return at * 3

    ahead = parallel.Ahead(work, range(30), count=2, warm=True)
    try:
        assert made_here == [0]  # before any worker started
        assert ahead.get(0) == (0, False) and ahead.get(5) == (15, True)
        assert made_here == [0]
    finally:
        ahead.close()

    def failing(at: int) -> int:
        if at == 0:
            raise ValueError("no first email")
        return at

    ahead = parallel.Ahead(failing, range(30), count=2, warm=True)
    try:
        assert ahead.get(1) == (1, True)  # the failure is not raised before its turn
        with pytest.raises(ValueError, match="no first email"):
            ahead.get(0)
    finally:
        ahead.close()


def test_a_short_series_is_made_here(kap_built) -> None:
    emails = len(kap_built.series.emails)
    ahead = parallel.Ahead(lambda at: at, range(emails), count=2)
    assert not ahead.parallel and emails < parallel.MIN_EMAILS
    assert ahead.get(0) == (0, False)
    ahead.close()


def test_a_template_error_in_a_worker_is_the_serial_one_line_error(
    article: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "campaign"
    (folder / "templates" / "partials").mkdir(parents=True)
    (folder / "article.md").write_text(long_article(), encoding="utf-8")
    copy_org(tmp_path)
    (folder / "campaign.toml").write_text('[campaign]\nname = "Sleep"\narticle = "article.md"\n')
    (folder / "templates" / "partials" / "question.mjml.j2").write_text(
        "<mj-section><mj-column><mj-text>{{ no_such_value }}</mj-text></mj-column></mj-section>\n"
    )
    said = {}
    for workers in ("1", "2"):
        result = CliRunner(env={parallel.WORKERS_VARIABLE: workers}).invoke(
            cli, ["build", str(folder), "--out", str(tmp_path / "out"), "--no-cache"]
        )
        assert result.exit_code == 2 and "Traceback" not in result.output
        said[workers] = [line for line in result.output.splitlines() if "error" in line]
    assert said["1"] == said["2"] and "no_such_value" in " ".join(said["2"])


def test_workers_come_from_the_environment_or_the_cores() -> None:
    assert parallel.workers({"KAPMAIL_WORKERS": "1"}) == 1
    assert parallel.workers({"KAPMAIL_WORKERS": "64"}) == parallel.MAX_WORKERS
    assert 1 <= parallel.workers({"KAPMAIL_WORKERS": "lots"}) <= parallel.MAX_WORKERS


def test_a_pass_with_one_worker_forks_nothing(article: Path) -> None:
    import multiprocessing

    series = pipeline.Sources((article,)).one("build")
    assert len(series.emails) >= parallel.MIN_EMAILS
    for workers, forks in ((1, False), (2, True)):
        children = []
        for _ in pipeline.Pass(series, check=False, workers=workers):
            children.append(bool(multiprocessing.active_children()))
        assert any(children) is forks, workers
