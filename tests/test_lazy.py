"""premailer's requests loads only if used: a cold build never imports it, and code that
does use the module gets the real one."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import KAP_CAMPAIGN, ROOT
from tests.test_startup import imported_modules, run_importtime


def test_a_cold_build_renders_without_importing_requests(tmp_path) -> None:
    args = ("-m", "kapmail", "build", str(KAP_CAMPAIGN), "--out", str(tmp_path), "--no-cache")
    result = run_importtime(*args)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    names = imported_modules(result.stderr)
    assert "premailer" in names and "cssutils" in names
    assert not {"requests", "urllib3", "chardet", "idna"} & names
    # cssutils' URL fetcher's modules, and with them http.client and ssl
    assert not {"urllib.request", "http.client", "ssl", "importlib.metadata", "encutils"} & names


def test_the_stand_in_gives_the_real_module_on_first_use() -> None:
    code = (
        "import sys, kapmail.render.steps\n"
        "stand_in = sys.modules['requests']\n"
        "assert 'urllib3' not in sys.modules\n"
        "import requests\n"
        "assert requests.Session.__module__ == 'requests.sessions'\n"
        "assert 'urllib3' in sys.modules and sys.modules['requests'] is not stand_in\n"
        "assert stand_in.get is sys.modules['requests'].get\n"
    )
    _runs_in_a_fresh_interpreter(code)


def test_a_submodule_stand_in_is_its_package_attribute_until_used() -> None:
    code = (
        "import sys, kapmail.render.steps, urllib\n"
        "stand_in = sys.modules['urllib.request']\n"
        "assert urllib.request is stand_in and 'http.client' not in sys.modules\n"
        "import urllib.request\n"
        "request = urllib.request.Request('https://example.org/a.css')\n"
        "assert request.full_url == 'https://example.org/a.css'\n"
        "assert sys.modules['urllib.request'] is not stand_in\n"
        "assert urllib.request is sys.modules['urllib.request']\n"
        "from importlib import metadata\n"
        "assert metadata.version('cssutils')\n"
    )
    _runs_in_a_fresh_interpreter(code)


def _runs_in_a_fresh_interpreter(code: str) -> None:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True)
    assert result.returncode == 0, result.stderr.decode()
