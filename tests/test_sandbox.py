"""A campaign's templates are data: the known Jinja2 escapes are refused in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.shipped import builtin_dir
from tests.conftest import KAP_CAMPAIGN, copy_org

ESCAPES = {
    "cycler": "{%- set _ = cycler.__init__.__globals__.os.system('id > PWNED') -%}",
    "joiner": "{{ joiner.__init__.__globals__.os.system('id > PWNED') }}",
    "namespace": "{{ namespace.__init__.__globals__.os.system('id > PWNED') }}",
    "lipsum": "{{ lipsum.__globals__['os'].system('id > PWNED') }}",
    "globals": "{{ range.__globals__ }}",
    "subclasses": "{{ ().__class__.__base__.__subclasses__() }}",
    "attribute chain": "{{ brand.name.__class__.__mro__[1].__subclasses__() }}",
    "self": "{{ self._TemplateReference__context.cycler }}",
    "format string": "{{ '{0.__class__.__init__.__globals__}'.format(email) }}",
    "format_map": "{{ '{0.__class__}'.format_map({'0': email}) }}",
    "mutation": "{{ links.update({'unsubscribe': 'https://evil.example'}) }}",
}


def campaign_with_footer(root: Path, first_line: str) -> Path:
    """The KAP campaign with a `templates/partials/footer.mjml.j2` whose line 2 is given."""
    copy_org(root)
    folder = root / "campaign"
    shutil.copytree(KAP_CAMPAIGN, folder)
    partials = folder / "templates" / "partials"
    partials.mkdir(parents=True)
    footer = (builtin_dir() / "partials" / "footer.mjml.j2").read_text()
    (partials / "footer.mjml.j2").write_text("{# hostile #}\n" + first_line + "\n" + footer)
    return folder


@pytest.mark.parametrize("payload", list(ESCAPES.values()), ids=list(ESCAPES))
def test_escape_is_refused_in_one_line_naming_template_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, payload: str
) -> None:
    folder = campaign_with_footer(tmp_path, payload)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(folder)], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    error = result.stderr
    assert error.count("\n") == 1 and "Traceback" not in error, error
    assert "footer.mjml.j2:2:" in error, error
    assert not (tmp_path / "PWNED").exists()


def test_a_harmless_override_still_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the shipped templates do (range, filters, string methods) still works."""
    folder = campaign_with_footer(tmp_path, "{# nothing #}")
    text = (builtin_dir() / "email.txt.j2").read_text()
    marker = "{% for _ in range(2) %}{{ 'km-safe:a'.split(':')[0] | upper }}{% endfor %}\n"
    (folder / "templates" / "email.txt.j2").write_text(marker + text)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    first = sorted((tmp_path / "out" / "kap-conditions").glob("01-*.txt"))[0]
    assert first.read_text().startswith("KM-SAFEKM-SAFE")


def test_the_gallery_template_is_sandboxed_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = campaign_with_footer(tmp_path, "{# nothing #}")
    page = (builtin_dir() / "gallery.html.j2").read_text()
    (folder / "templates" / "gallery.html.j2").write_text(ESCAPES["cycler"] + "\n" + page)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert "gallery.html.j2:1:" in line and "the gallery" in line, line
    assert not (tmp_path / "PWNED").exists()
    # No build folder (the build cache may keep the emails it made before the gallery).
    assert not out.exists() or not any(p.name != ".kapmail-cache" for p in out.iterdir())


def test_a_campaign_template_folder_renders_everything_sandboxed(tmp_path: Path) -> None:
    from jinja2.sandbox import SandboxedEnvironment

    from kapmail.render.environment import environment

    own = tmp_path / "templates"
    own.mkdir()
    for html in (True, False):
        assert isinstance(environment(own, html=html), SandboxedEnvironment)
        shipped_only = environment(None, html=html)  # kapmail's own code, not a campaign's
        assert not isinstance(shipped_only, SandboxedEnvironment)
        assert shipped_only.autoescape is html and set(shipped_only.globals) == {"range"}
