"""kapmail's own templates compiled ahead of time: up to date, rendering what the template
files render, and never used once a template no longer matches them."""

from __future__ import annotations

import filecmp
import json
import shutil

import jinja2

from kapmail.render import compose, precompile, precompiled
from kapmail.render.environment import environment, make_environment
from kapmail.shipped import builtin_dir


def _copy_of_templates(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(builtin_dir(), copy, ignore=shutil.ignore_patterns(precompiled.FOLDER_NAME))
    return copy


def _same_tree(left, right) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return (
        not mismatch
        and not errors
        and all(_same_tree(left / sub, right / sub) for sub in compared.common_dirs)
    )


def test_the_compiled_templates_are_up_to_date(tmp_path):
    """Run `python -m kapmail.render.precompile` (make templates) after editing a template.
    Compiled by another Jinja2 than the one installed, they are not used at all."""
    shipped = builtin_dir() / precompiled.FOLDER_NAME
    recorded = json.loads((shipped / precompiled.SOURCES).read_text(encoding="utf-8"))
    assert recorded["templates"] == precompiled.sources(builtin_dir())
    if recorded["jinja2"] != jinja2.__version__:
        assert isinstance(precompiled.loader("html"), jinja2.FileSystemLoader)
        return
    copy = _copy_of_templates(tmp_path)
    precompile.write(copy)
    assert _same_tree(copy / precompiled.FOLDER_NAME, shipped)


def test_the_shipped_environments_use_them_when_written_by_this_jinja2():
    from kapmail.render.environment import forget_shipped

    forget_shipped()
    current = _recorded_jinja2() == jinja2.__version__
    for kind, html in precompiled.KINDS.items():
        loader = environment(None, html=html).loader
        if current:
            assert isinstance(loader, jinja2.ChoiceLoader)
            assert isinstance(loader.loaders[0], jinja2.ModuleLoader), kind
        else:
            assert isinstance(loader, jinja2.FileSystemLoader), kind


def _recorded_jinja2() -> str:
    sources = builtin_dir() / precompiled.FOLDER_NAME / precompiled.SOURCES
    return json.loads(sources.read_text(encoding="utf-8"))["jinja2"]


def test_they_render_what_the_template_files_render(kap_built, tmp_path):
    copy = _copy_of_templates(tmp_path)
    precompile.write(copy)  # by the installed Jinja2
    files = jinja2.FileSystemLoader(str(copy))
    for name, html in ((compose.HTML_TEMPLATE, True), (compose.TEXT_TEMPLATE, False)):
        loader = precompiled.loader("html" if html else "text", copy)
        compiled = make_environment(loader, html=html, sandboxed=False).get_template(name)
        fresh = make_environment(files, html=html, sandboxed=False).get_template(name)
        assert compiled.filename != fresh.filename  # really the compiled module
        for rendered in kap_built.rendered:
            values = compose.context(rendered.email, kap_built.campaign)
            assert compiled.render(values) == fresh.render(values)


def test_a_template_edited_since_they_were_compiled_is_read_from_its_file(tmp_path):
    copy = _copy_of_templates(tmp_path)
    precompile.write(copy)
    assert isinstance(precompiled.loader("text", copy), jinja2.ChoiceLoader)
    teaser = copy / "partials" / "teaser.j2"
    teaser.write_text(teaser.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    precompiled.loader.cache_clear()
    try:
        loader = precompiled.loader("text", copy)
        assert isinstance(loader, jinja2.FileSystemLoader)
        env = make_environment(loader, html=False, sandboxed=False)
        values = {"email": {"next_send_at": None, "next_in_days": None}, "gettext": str}
        assert env.get_template("partials/teaser.j2").render(values).endswith("edited\n")
    finally:
        precompiled.loader.cache_clear()


def test_preview_watch_forgets_them_when_a_shipped_template_changes():
    from kapmail.render.environment import forget_shipped

    before = environment(None, html=True)
    forget_shipped()
    after = environment(None, html=True)
    assert after is not before and after.loader is not before.loader
