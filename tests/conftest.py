"""Shared fixtures: the real article, the real campaign, real builds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kapmail.config import load_campaign
from tests.builds import Built, build_in_memory, output_files

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-25"  # KAPMAIL_TODAY for every test: F15 (start in the past) stays put
KAP_CAMPAIGN = ROOT / "campaigns" / "kap-conditions"
KAP_ARTICLE = KAP_CAMPAIGN / "article.txt"
QUESTION = (
    "Are you considering offering KAP as part of your counseling services, or are you "
    "exploring how it could complement your existing treatments?"
)


@pytest.fixture(scope="session", autouse=True)
def pinned_today() -> Iterator[None]:
    """Pin "today" (check F15) so schedules in the test data never drift into the past."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KAPMAIL_TODAY", TODAY)
        yield


@pytest.fixture(scope="session")
def kap_built() -> Built:
    return build_in_memory(load_campaign(KAP_CAMPAIGN))


@pytest.fixture(scope="session")
def kap_outbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An outbox holding a good `kapmail build` of the KAP campaign, built once per session
    through the command line. Read it, or copy it (`copy_outbox`) to change it."""
    from click.testing import CliRunner

    from kapmail.cli import cli

    out = tmp_path_factory.mktemp("kap-outbox") / "outbox"
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def copy_outbox(kap_outbox: Path, root: Path) -> Path:
    """A copy of the session's KAP outbox under root, the test's own to change."""
    return Path(shutil.copytree(kap_outbox, root / "outbox", symlinks=True))


@pytest.fixture(scope="session")
def files(kap_built: Built) -> dict[str, bytes]:
    """The files `kapmail build` writes for the default campaign (checks skipped)."""
    return output_files(kap_built)


@pytest.fixture(scope="session")
def htmls(kap_built: Built, files: dict[str, bytes]) -> list[str]:
    """Each email's written HTML, in order."""
    return [files[f"{r.email.stem}.html"].decode() for r in kap_built.rendered]


@pytest.fixture(scope="session")
def texts(kap_built: Built, files: dict[str, bytes]) -> list[str]:
    """Each email's written plain text, in order."""
    return [files[f"{r.email.stem}.txt"].decode() for r in kap_built.rendered]


# The repository's organisation is fictional, on example.org: check L7 refuses it (a new
# campaign in the clone must not go out as the demo practice). Tests build test articles
# under it, so their copy switches L7 off; tests of L7 itself use their own files.
TEST_ORG_SWITCH = """
[checks.L7]
severity = "off"
reason = "test data: the repository's fictional organisation on example.org"
"""


def copy_org(root: Path) -> Path:
    """The repository's kapmail.toml copied into root (not health-related: the default), with
    L7 switched off (TEST_ORG_SWITCH).

    Test articles are not about a treatment; a test that wants the health rules (HC) sets
    `[health] related = true` in its campaign.toml. They are short: R1 is off (SHORT_ARTICLES).
    """
    target = root / "kapmail.toml"
    target.write_text((ROOT / "kapmail.toml").read_text() + SHORT_ARTICLES + TEST_ORG_SWITCH)
    return target


# The test articles hold a few words per section on purpose; R1 (at least 30 words of the
# article in each email) is tested on its own (tests/test_real_articles.py), with it on.
SHORT_ARTICLES = """
[checks.R1]
severity = "off"
reason = "test articles are a few words per section"
"""


@pytest.fixture
def org_dir(tmp_path: Path) -> Path:
    """A working folder holding a copy of the repository's kapmail.toml."""
    copy_org(tmp_path)
    return tmp_path


@pytest.fixture
def in_org_dir(org_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test inside `org_dir`, as a user in their project folder would."""
    monkeypatch.chdir(org_dir)
    return org_dir


def chromium_path() -> str | None:
    """Debian's Chromium, or KAPMAIL_CHROMIUM; in CI its absence is a failure."""
    for candidate in (os.environ.get("KAPMAIL_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark what `make test-fast` leaves out: tests that start Chromium (the `chromium` or
    `browser` fixture) are `browser`, tests in a module that runs the loopback SMTP server
    are `smtp`. CI and `make test` run everything."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "chromium" in names or "browser" in names:
            item.add_marker(pytest.mark.browser)
        module = getattr(item, "module", None)
        if getattr(getattr(module, "loopback", None), "__module__", "") == "tests.smtp_server":
            item.add_marker(pytest.mark.smtp)


@pytest.fixture(scope="session")
def chromium() -> str:
    path = chromium_path()
    if path is None:
        message = "Chromium not found (apt-get install chromium, or set KAPMAIL_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="module")
def browser(chromium: str):
    """Chromium through Playwright, one per test module (Playwright's sync API allows one
    instance at a time)."""
    from playwright.sync_api import sync_playwright

    from kapmail.preview.snapshot import LAUNCH_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=list(LAUNCH_ARGS))
        yield launched
        launched.close()


MINIMAL_CAMPAIGN = """\
[campaign]
name = "Test series"

[schedule]
start = 2027-03-01
cadence_days = 2
"""


def make_campaign(
    root: Path, article: str, toml: str = MINIMAL_CAMPAIGN, *, name: str = "article.txt"
) -> Path:
    """A campaign folder under root (with the repository's kapmail.toml beside it)."""
    copy_org(root)
    folder = root / "campaign"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(article, encoding="utf-8")
    if name != "article.txt":
        toml = toml.replace("[campaign]\n", f'[campaign]\narticle = "{name}"\n', 1)
    (folder / "campaign.toml").write_text(toml, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder by relative path: for byte-identical comparisons."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="session")
def kap_contexts(kap_built: Built) -> list:
    """The default campaign's emails as the checks see them (generic links filled)."""
    from tests.builds import contexts

    return contexts(kap_built)


@pytest.fixture
def clean(kap_contexts: list):
    """A clean email to break: the default campaign's second (a condition email)."""
    return kap_contexts[1]
